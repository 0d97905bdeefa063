"""Ein echter OpenID Provider für die Tests: das npm-Paket `oidc-provider` (zertifizierte
Implementierung, Version fest in `oidc_provider/package-lock.json`) mit dem node der Maschine,
HTTPS auf 127.0.0.1 mit freiem Port und einer Wegwerf-CA.

`starte_oidc_provider(redirect_uris, post_logout_uris)` installiert die Pakete bei Bedarf
(`scripts/oidc_provider.sh`, also `npm ci`), schreibt die Konfiguration (Client, Benutzer mit
Gruppen-Claim) und startet `node provider.mjs`; der Provider meldet seinen Issuer auf stdout.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .gemeinsam import beende
from .tls import TestPki, erzeuge_pki

VERZEICHNIS = Path(__file__).with_name("oidc_provider")
SKRIPT = Path(__file__).resolve().parents[2] / "scripts" / "oidc_provider.sh"
CLIENT_ID = "zielvereinbarung"
CLIENT_SECRET = "test-client-geheimnis-2026"

# Kennung → (Kennwort, Claims). Gruppen als Namen, wie Keycloak oder Entra ID sie senden.
BENUTZER: dict[str, tuple[str, dict]] = {
    "anna.land": ("Anna-OIDC-2026!", {"name": "Anna Land", "groups": ["ZV-Land-NI", "Alle"]}),
    "tom.traeger": ("Tom-OIDC-2026!", {"name": "Tom Träger", "groups": ["ZV-Traeger-03157"]}),
    "ada.admin": ("Ada-OIDC-2026!", {"name": "Ada Admin", "groups": ["zv-admins"]}),
    "otto.ohnerolle": ("Otto-OIDC-2026!", {"name": "Otto Ohnerolle", "groups": ["Alle"]}),
    "admin": ("Admin-OIDC-2026!", {"name": "Falscher Admin", "groups": ["zv-admins"]}),
}


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    pki: TestPki
    verzeichnis: Path
    prozess: subprocess.Popen

    def passwort(self, login: str) -> str:
        return BENUTZER[login][0]

    def stoppe(self) -> None:
        beende(self.prozess, self.verzeichnis)


def installiere() -> None:
    """`npm ci` in tests/dienste/oidc_provider, falls die Pakete fehlen."""
    if (VERZEICHNIS / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise FileNotFoundError(
            "node/npm fehlen: `apt-get install nodejs npm` (scripts/oidc_provider.sh prüft die "
            "Version und installiert das Paket oidc-provider)."
        )
    subprocess.run(["bash", str(SKRIPT)], check=True)


def starte_oidc_provider(
    redirect_uris: list[str], post_logout_uris: list[str], email: bool = True
) -> OidcProvider:
    installiere()
    verzeichnis = Path(tempfile.mkdtemp(prefix="zv-oidc-"))
    pki = erzeuge_pki(verzeichnis / "tls", "zv-oidc")
    konfig = {
        "zertifikat": str(pki.zertifikat),
        "schluessel": str(pki.schluessel),
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": post_logout_uris,
        },
        "benutzer": {
            login: {
                "passwort": passwort,
                "claims": {
                    **claims,
                    **({"email": f"{login}@oidc.test", "email_verified": True} if email else {}),
                },
            }
            for login, (passwort, claims) in BENUTZER.items()
        },
    }
    (verzeichnis / "konfig.json").write_text(json.dumps(konfig), encoding="utf-8")
    log = (verzeichnis / "provider.log").open("wb")
    prozess = subprocess.Popen(
        ["node", str(VERZEICHNIS / "provider.mjs"), str(verzeichnis / "konfig.json")],
        stdout=subprocess.PIPE,
        stderr=log,
        stdin=subprocess.DEVNULL,
        cwd=VERZEICHNIS,
        env={**os.environ, "NODE_ENV": "production"},
    )
    log.close()
    issuer = _lies_issuer(prozess, verzeichnis)
    return OidcProvider(issuer, pki, verzeichnis, prozess)


def _lies_issuer(prozess: subprocess.Popen, verzeichnis: Path, sekunden: float = 30) -> str:
    auswahl = selectors.DefaultSelector()
    auswahl.register(prozess.stdout, selectors.EVENT_READ)
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        if auswahl.select(timeout=0.2):
            zeile = prozess.stdout.readline()
            if zeile:
                return json.loads(zeile)["issuer"]
        if prozess.poll() is not None:
            break
    prozess.kill()
    protokoll = (verzeichnis / "provider.log").read_text(errors="replace")[-3000:]
    shutil.rmtree(verzeichnis, ignore_errors=True)
    raise RuntimeError(f"oidc-provider startet nicht:\n{protokoll}")


def oidc_einstellungen(provider: OidcProvider, **aenderungen):
    from zielvereinbarung.config.anmeldung import OidcEinstellungen

    werte = {
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "openid profile email groups",
        "bezeichnung": "Test-Anmeldedienst",
        "ca_datei": str(provider.pki.ca),
        "timeout": 5.0,
    }
    werte.update(aenderungen)
    return OidcEinstellungen(**werte)
