"""Ein echter OpenLDAP-Server (Debians `slapd`) für die Tests, auf 127.0.0.1 mit freien Ports.

`starte_slapd(verzeichnis)` schreibt eine slapd.conf (mdb-Datenbank, memberof-Overlay, TLS mit
einer Wegwerf-CA), startet slapd im Vordergrund (`-d 0`) auf `ldap://` (StartTLS möglich) und
`ldaps://`, als root mit `-u openldap` (ohne Rechte), und legt das Verzeichnis `VERZEICHNIS` an:
Personen unter `ou=personen`, Gruppen (groupOfNames) unter `ou=gruppen`, ein Dienstkonto für
„erst suchen, dann binden“. Anonyme Suche ist – wie im Active Directory – verboten.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .gemeinsam import beende
from .tls import TestPki, erzeuge_pki

SLAPD = "/usr/sbin/slapd"
BASIS = "dc=zv,dc=test"
ADMIN_DN = f"cn=admin,{BASIS}"
ADMIN_PASSWORT = "slapd-admin-geheim"
DIENST_DN = f"cn=zv-dienst,ou=dienste,{BASIS}"
DIENST_PASSWORT = "dienst-geheim-2026"
PERSONEN = f"ou=personen,{BASIS}"
GRUPPEN = f"ou=gruppen,{BASIS}"


def gruppe_dn(cn: str) -> str:
    return f"cn={cn},{GRUPPEN}"


def person_dn(uid: str) -> str:
    return f"uid={uid},{PERSONEN}"


# uid → (Anzeigename, Passwort, Gruppen)
PERSONEN_DATEN: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "anna.land": ("Anna Land", "Anna-Passwort-2026!", ("ZV-Land-NI", "Alle-Beschaeftigten")),
    "tom.traeger": ("Tom Träger", "Tom-Passwort-2026!", ("ZV-Traeger-03157",)),
    "lea.leser": ("Lea Leser", "Lea-Passwort-2026!", ("ZV-Leser-NI",)),
    "ada.admin": ("Ada Admin", "Ada-Passwort-2026!", ("ZV-Admins", "ZV-Land-NI")),
    "otto.ohnerolle": ("Otto Ohnerolle", "Otto-Passwort-2026!", ("Alle-Beschaeftigten",)),
    "fritz.fremd": ("Fritz Fremd", "Fritz-Passwort-2026!", ("ZV-Traeger-99999",)),
    "admin": ("Falscher Admin", "Admin-im-Verzeichnis-2026!", ("ZV-Admins",)),
    # Für Tests, die Gruppen ändern (und danach zurücksetzen).
    "max.wechsel": ("Max Wechsel", "Max-Passwort-2026!", ("ZV-Land-NI",)),
}


@dataclass(frozen=True)
class LdapServer:
    url: str  # ldap://127.0.0.1:PORT (StartTLS möglich)
    url_ldaps: str  # ldaps://127.0.0.1:PORT
    pki: TestPki
    verzeichnis: Path
    prozess: subprocess.Popen

    def passwort(self, uid: str) -> str:
        return PERSONEN_DATEN[uid][1]

    def stoppe(self) -> None:
        beende(self.prozess, self.verzeichnis)


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _konfiguration(verzeichnis: Path, pki: TestPki) -> str:
    schema = "/etc/ldap/schema"
    return f"""
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {verzeichnis}/slapd.pid
argsfile {verzeichnis}/slapd.args
TLSCACertificateFile {pki.ca}
TLSCertificateFile {pki.zertifikat}
TLSCertificateKeyFile {pki.schluessel}
disallow bind_anon
require authc

database mdb
maxsize 16777216
suffix "{BASIS}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORT}
directory {verzeichnis}/daten
overlay memberof
memberof-refint TRUE
access to attrs=userPassword
  by anonymous auth
  by self read
  by * none
access to *
  by users read
  by * none
"""


def _ohne_rechte() -> list[str]:
    """Als root: slapd wirft nach dem Öffnen der Ports die Rechte ab (-u/-g)."""
    if os.geteuid() != 0:
        return []
    for benutzer in ("openldap", "nobody"):
        try:
            eintrag = pwd.getpwnam(benutzer)
        except KeyError:
            continue
        return ["-u", benutzer, "-g", str(eintrag.pw_gid)]
    return []


def _rechte_fuer(verzeichnis: Path, rechte: list[str]) -> None:
    if not rechte:
        return
    eintrag = pwd.getpwnam(rechte[1])
    for pfad in [verzeichnis, *verzeichnis.rglob("*")]:
        os.chown(pfad, eintrag.pw_uid, eintrag.pw_gid)


def _warte_auf_port(port: int, prozess: subprocess.Popen, log: Path, sekunden: float = 20) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if prozess.poll() is not None:
            raise RuntimeError(f"slapd beendet ({prozess.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"slapd lauscht nicht auf {port}:\n{log.read_text()[-3000:]}")


def _befuelle(url: str) -> None:
    from ldap3 import Connection, Server

    with Connection(Server(url), ADMIN_DN, ADMIN_PASSWORT, auto_bind=True) as conn:

        def add(dn: str, klassen: list[str], attribute: dict) -> None:
            if not conn.add(dn, klassen, attribute):
                raise RuntimeError(f"{dn}: {conn.result}")

        add(BASIS, ["dcObject", "organization"], {"dc": "zv", "o": "ZV Testverzeichnis"})
        for ou in ("personen", "gruppen", "dienste"):
            add(f"ou={ou},{BASIS}", ["organizationalUnit"], {"ou": ou})
        add(
            DIENST_DN,
            ["organizationalRole", "simpleSecurityObject"],
            {"cn": "zv-dienst", "userPassword": DIENST_PASSWORT},
        )
        mitglieder: dict[str, list[str]] = {}
        for uid, (name, passwort, gruppen) in PERSONEN_DATEN.items():
            vorname, _, nachname = name.partition(" ")
            add(
                person_dn(uid),
                ["inetOrgPerson"],
                {
                    "uid": uid,
                    "cn": name,
                    "sn": nachname or name,
                    "givenName": vorname,
                    "displayName": name,
                    "mail": f"{uid}@zv.test",
                    "userPassword": passwort,
                },
            )
            for gruppe in gruppen:
                mitglieder.setdefault(gruppe, []).append(person_dn(uid))
        for gruppe, dns in mitglieder.items():
            add(gruppe_dn(gruppe), ["groupOfNames"], {"cn": gruppe, "member": dns})


def aendere_mitgliedschaft(server: LdapServer, uid: str, gruppe: str, dabei: bool) -> None:
    """Als Verzeichnis-Admin `uid` in `gruppe` aufnehmen bzw. entfernen (Gruppe muss bestehen)."""
    from ldap3 import MODIFY_ADD, MODIFY_DELETE, Connection, Server

    with Connection(Server(server.url), ADMIN_DN, ADMIN_PASSWORT, auto_bind=True) as conn:
        art = MODIFY_ADD if dabei else MODIFY_DELETE
        if not conn.modify(gruppe_dn(gruppe), {"member": [(art, [person_dn(uid)])]}):
            raise RuntimeError(conn.result)


def starte_slapd() -> LdapServer:
    if not Path(SLAPD).exists():
        raise FileNotFoundError(
            f"{SLAPD} fehlt: `apt-get install slapd` (scripts/systempakete.sh erledigt das)."
        )
    verzeichnis = Path(tempfile.mkdtemp(prefix="zv-slapd-"))
    pki = erzeuge_pki(verzeichnis / "tls", "zv-slapd")
    (verzeichnis / "daten").mkdir()
    konf = verzeichnis / "slapd.conf"
    konf.write_text(_konfiguration(verzeichnis, pki))
    rechte = _ohne_rechte()
    _rechte_fuer(verzeichnis, rechte)
    log = verzeichnis / "slapd.log"
    letzter_fehler: Exception | None = None
    for _ in range(5):  # ein freier Port kann zwischen Suche und Start vergeben werden
        port, port_tls = freier_port(), freier_port()
        url, url_ldaps = f"ldap://127.0.0.1:{port}", f"ldaps://127.0.0.1:{port_tls}"
        with log.open("wb") as ausgabe:
            prozess = subprocess.Popen(
                [SLAPD, "-d", "0", "-f", str(konf), "-h", f"{url}/ {url_ldaps}/", *rechte],
                stdout=ausgabe,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            _warte_auf_port(port, prozess, log)
            _warte_auf_port(port_tls, prozess, log)
        except RuntimeError as fehler:
            letzter_fehler = fehler
            if prozess.poll() is None:
                prozess.kill()
                prozess.wait()
            continue
        server = LdapServer(url, url_ldaps, pki, verzeichnis, prozess)
        try:
            _befuelle(url)
        except Exception:
            server.stoppe()
            raise
        return server
    shutil.rmtree(verzeichnis, ignore_errors=True)
    raise RuntimeError(f"slapd startet nicht: {letzter_fehler}")


ZUORDNUNG = Path(__file__).with_name("zuordnung.toml")


def ldap_einstellungen(server: LdapServer, **aenderungen):
    """Einstellungen für den Testserver: erst suchen (Dienstkonto), dann binden; StartTLS."""
    from zielvereinbarung.config.anmeldung import LdapEinstellungen, pruefe_ldap

    werte = {
        "urls": (server.url,),
        "starttls": True,
        "ca_datei": str(server.pki.ca),
        "bind_dn": DIENST_DN,
        "bind_passwort": DIENST_PASSWORT,
        "benutzer_basis": PERSONEN,
        "timeout": 3.0,
    }
    werte.update(aenderungen)
    einstellungen = LdapEinstellungen(**werte)
    pruefe_ldap(einstellungen)
    return einstellungen


def anmelde_einstellungen(ldap=None, oidc=None, lokal: str = "alle"):
    from zielvereinbarung.config.anmeldung import AnmeldeEinstellungen, lade_zuordnungsdatei

    return AnmeldeEinstellungen(
        lokal=lokal, zuordnung=lade_zuordnungsdatei(ZUORDNUNG), ldap=ldap, oidc=oidc
    )
