"""Signaturzertifikate der Organisationen: Import eines PKCS#12 (Admin), Demo-PKI, Laden zum
Signieren.

Regeln:
- Je Land oder Träger (und für das BMAS: weder Land noch Träger, Kennung „ZV-BMAS“) ein aktives
  Zertifikat; ein neuer Import löst das alte ab (bleibt als inaktiv erhalten).
- PKCS#12 und Passphrase werden mit Fernet (`ZV_SCHLUESSEL`) verschlüsselt gespeichert, nie im
  Klartext. Beim Signieren ist keine Eingabe nötig: das Zertifikat ist ein Siegel der
  Organisation, ausgelöst von einem berechtigten Benutzer (wer, steht im Audit-Protokoll).
- Abgelehnt (deutsche Meldung, nichts gespeichert): falsche Passphrase, abgelaufenes oder noch
  nicht gültiges Zertifikat, Zertifikat ohne Signaturschlüssel, Zertifikat einer anderen
  Organisation. Zu welcher Organisation ein Zertifikat gehört, zeigt `organizationIdentifier`
  („ZV-NI“, „ZV-03157“) oder – ohne Kennung – der Organisationsname im Subject, der den Namen
  des Landes bzw. Trägers enthalten muss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from ...documents import pki, signatur
from ...documents.signatur import SignaturFehler, ZertifikatInfo
from ...domain.texteingabe import texte_bereinigt
from ...domain.vertragstexte import land_vertragsname
from ...fehler import FachlicherFehler, NichtGefunden
from ...format import datum
from ...models import Land, Traeger, Zertifikat
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from .einstellungen import DokumentEinstellungen

DEMO_LAND = "NI"
DEMO_TRAEGER = ("03157", "03159")
DEMO_PASSPHRASE = (
    "demo-passphrase"  # nur Demo: die Passphrase ist ohnehin verschlüsselt gespeichert
)


class ZertifikatFehler(FachlicherFehler):
    pass


@dataclass(frozen=True)
class Organisation:
    land_code: str | None
    traeger_ags: str | None
    name: str  # Vertragsname: „Land Niedersachsen“, „Landkreis Peine“
    land_name: str  # „Niedersachsen“ bzw. der Träger selbst

    @property
    def kennung(self) -> str:
        return pki.organisationskennung(self.land_code, self.traeger_ags)


BMAS_NAME = "Bundesministerium für Arbeit und Soziales"
BMAS = Organisation(None, None, BMAS_NAME, "Bundesministerium für Arbeit und Soziales")


def organisation(
    session: Session, land_code: str | None = None, ags: str | None = None, bund: bool = False
) -> Organisation:
    if bund and not land_code and not ags:
        return BMAS
    if bool(land_code) == bool(ags):
        raise ZertifikatFehler("Bitte genau ein Land (--land) oder einen Träger (--ags) angeben.")
    if land_code:
        land = session.get(Land, land_code.upper())
        if land is None:
            raise ZertifikatFehler(f"Das Land „{land_code}“ gibt es nicht.")
        return Organisation(land.code, None, land_vertragsname(land.code, land.name), land.name)
    traeger = session.get(Traeger, ags)
    if traeger is None:
        raise ZertifikatFehler(f"Den Träger {ags} gibt es nicht.")
    return Organisation(None, traeger.ags, traeger.name, traeger.name)


def land_von(session: Session, land_code: str) -> Land:
    """Das Land eines Trägers bzw. einer Vereinbarung BMAS ↔ Land (Fremdschlüssel: es fehlt nur
    bei einer beschädigten Datenbank)."""
    land = session.get(Land, land_code)
    if land is None:
        raise NichtGefunden(f"Das Land „{land_code}“ gibt es nicht.")
    return land


def _fernet(einst: DokumentEinstellungen) -> Fernet:
    return Fernet(einst.schluessel)


def pruefe_zertifikat(info: ZertifikatInfo, org: Organisation, jetzt: datetime) -> None:
    """Gültigkeit und Zugehörigkeit; ZertifikatFehler mit deutscher Meldung."""
    if jetzt > info.gueltig_bis:
        raise ZertifikatFehler(
            f"Das Zertifikat „{info.name}“ ist abgelaufen (gültig bis "
            f"{datum(info.gueltig_bis)}). Bitte ein gültiges Zertifikat einrichten."
        )
    if jetzt < info.gueltig_von:
        raise ZertifikatFehler(
            f"Das Zertifikat „{info.name}“ ist erst ab {datum(info.gueltig_von)} gültig."
        )
    if info.organisationskennung:
        if info.organisationskennung != org.kennung:
            raise ZertifikatFehler(
                f"Das Zertifikat gehört zu einer anderen Organisation "
                f"({info.organisationskennung}), nicht zu {org.name} ({org.kennung})."
            )
    elif not info.organisation or org.land_name.lower() not in info.organisation.lower():
        raise ZertifikatFehler(
            f"Das Zertifikat gehört zu „{info.organisation or info.inhaber}“, nicht zu {org.name}."
        )


@texte_bereinigt(ausser=frozenset({"pkcs12", "passphrase"}))
def importiere(
    session: Session,
    einst: DokumentEinstellungen,
    org: Organisation,
    pkcs12: bytes,
    passphrase: str,
    vertreter: str | None,
    funktion: str | None,
    ort: str | None,
    akteur: str,
    jetzt: datetime,
) -> Zertifikat:
    """Ein PKCS#12 für `org` prüfen und verschlüsselt speichern (Regeln im Modulkopf)."""
    try:
        schluessel = signatur.lade_pkcs12(pkcs12, passphrase)
    except SignaturFehler as fehler:
        raise ZertifikatFehler(fehler.meldung) from None
    info = schluessel.info
    pruefe_zertifikat(info, org, jetzt)
    for alt in aktive(session, org):
        alt.aktiv = False
    f = _fernet(einst)
    from cryptography.hazmat.primitives.serialization import Encoding

    neu = Zertifikat(
        land_code=org.land_code, traeger_ags=org.traeger_ags, inhaber=info.inhaber[:500],
        aussteller=info.aussteller[:500], seriennummer=info.seriennummer[:64],
        fingerabdruck=info.fingerabdruck, gueltig_von=info.gueltig_von,
        gueltig_bis=info.gueltig_bis,
        zertifikat_pem=schluessel.zertifikat.public_bytes(Encoding.PEM).decode("ascii"),
        pkcs12_verschluesselt=f.encrypt(pkcs12).decode("ascii"),
        passphrase_verschluesselt=f.encrypt(passphrase.encode("utf-8")).decode("ascii"),
        vertreter=(vertreter or info.name)[:120], funktion=(funktion or "Vertretung")[:200],
        ort=ort, aktiv=True, erstellt_am=jetzt, erstellt_von=akteur,
    )  # fmt: skip
    session.add(neu)
    session.flush()
    protokolliere(session, akteur, "zertifikat_importiert", "zertifikat", neu.id,
                  {"organisation": org.kennung, "inhaber": info.inhaber,
                   "fingerabdruck": info.fingerabdruck,
                   "gueltig_bis": info.gueltig_bis.isoformat()}, jetzt)  # fmt: skip
    return neu


def zertifikat_bedingung(land_code: str | None, traeger_ags: str | None) -> ColumnElement[bool]:
    """Die Zertifikate einer Organisation; ohne Land und Träger die des BMAS."""
    if land_code:
        return col(Zertifikat.land_code) == land_code
    if traeger_ags:
        return col(Zertifikat.traeger_ags) == traeger_ags
    return col(Zertifikat.land_code).is_(None) & col(Zertifikat.traeger_ags).is_(None)


def aktive(session: Session, org: Organisation) -> list[Zertifikat]:
    bedingung = zertifikat_bedingung(org.land_code, org.traeger_ags)
    return list(session.exec(select(Zertifikat).where(bedingung, Zertifikat.aktiv)))


def aktive_und_fruehere(session: Session, org: Organisation) -> list[Zertifikat]:
    """Alle je für `org` eingerichteten Zertifikate (auch abgelöste)."""
    bedingung = zertifikat_bedingung(org.land_code, org.traeger_ags)
    return list(session.exec(select(Zertifikat).where(bedingung)))


def lesbar(zert: Zertifikat) -> str:
    """„Demo-Vertretung Landkreis Peine (Landkreis Peine, ZV-03157), gültig bis 01.12.2029“ statt
    des Subjects in RFC-4514-Schreibweise."""
    from cryptography import x509

    info = signatur.zertifikat_info(x509.load_pem_x509_certificate(zert.zertifikat_pem.encode()))
    zusatz = ", ".join(t for t in (info.organisation, info.organisationskennung) if t)
    return (f"{info.name}" + (f" ({zusatz})" if zusatz else "")
            + f", gültig bis {info.gueltig_bis:%d.%m.%Y}")  # fmt: skip


def aktives(session: Session, org: Organisation) -> Zertifikat | None:
    gefunden = aktive(session, org)
    return max(gefunden, key=lambda z: gespeicherte_id(z.id)) if gefunden else None


def signierschluessel(
    session: Session, einst: DokumentEinstellungen, org: Organisation, jetzt: datetime
) -> tuple[Zertifikat, signatur.Schluessel]:
    """Das aktive Zertifikat von `org`, entschlüsselt und geprüft."""
    zert = aktives(session, org)
    if zert is None:
        raise ZertifikatFehler(
            f"Für {org.name} ist kein Signaturzertifikat eingerichtet. Bitte wenden Sie sich an "
            "die Administration (flask zv zertifikat import)."
        )
    try:
        f = _fernet(einst)
        pkcs12 = f.decrypt(zert.pkcs12_verschluesselt.encode("ascii"))
        passphrase = f.decrypt(zert.passphrase_verschluesselt.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ZertifikatFehler(
            "Das gespeicherte Zertifikat lässt sich mit dem eingestellten Schlüssel "
            "(ZV_SCHLUESSEL) nicht entschlüsseln. Bitte das Zertifikat neu importieren."
        ) from None
    try:
        schluessel = signatur.lade_pkcs12(pkcs12, passphrase)
    except SignaturFehler as fehler:
        raise ZertifikatFehler(fehler.meldung) from None
    pruefe_zertifikat(schluessel.info, org, jetzt)
    return zert, schluessel


@dataclass(frozen=True)
class DemoPkiErgebnis:
    neu: list[str]  # Kennungen der neu eingerichteten Organisationen
    vorhanden: list[str]
    ca_datei: str | None


def richte_demo_pki_ein(
    session: Session,
    einst: DokumentEinstellungen,
    jetzt: datetime,
    akteur: str = "system",
    land_code: str = DEMO_LAND,
    traeger: tuple[str, ...] = DEMO_TRAEGER,
    bund: bool = False,
) -> DemoPkiErgebnis:
    """Demo-CA (Zertifikat unter `<instance>/pki/`, ihr Schlüssel wird verworfen) und ein
    Zertifikat je Demo-Organisation ohne aktives Zertifikat. Idempotent."""
    if einst.produktion or einst.demo_pki is None:
        raise ZertifikatFehler("Die Demo-PKI ist im Produktionsbetrieb nicht erlaubt.")
    organisationen = [organisation(session, land_code=land_code)]
    organisationen += [organisation(session, ags=ags) for ags in traeger]
    organisationen += [BMAS] if bund else []
    fehlend = [o for o in organisationen if aktives(session, o) is None]
    vorhanden = [o.kennung for o in organisationen if o not in fehlend]
    if not fehlend:
        return DemoPkiErgebnis([], vorhanden, None)
    ca = pki.erzeuge_ca("Demo-CA Zielvereinbarung", jetzt)
    einst.demo_pki.mkdir(parents=True, exist_ok=True)
    ca_datei = einst.demo_pki / f"demo-ca-{ca.zertifikat.serial_number:x}.pem"
    ca_datei.write_bytes(ca.pem())
    for org in fehlend:
        vertreter = f"Demo-Vertretung {org.land_name}"
        schluessel, zert = pki.erzeuge_zertifikat(
            ca, vertreter, org.name, org.kennung, jetzt - timedelta(days=1),
            jetzt + timedelta(days=3 * 365),
        )  # fmt: skip
        daten = pki.als_pkcs12(schluessel, zert, [ca.zertifikat], DEMO_PASSPHRASE)
        funktion = "Landrätin/Landrat (Demo)" if org.traeger_ags else "Referatsleitung (Demo)"
        importiere(session, einst, org, daten, DEMO_PASSPHRASE, vertreter, funktion,
                   None, akteur, jetzt)  # fmt: skip
    return DemoPkiErgebnis([o.kennung for o in fehlend], vorhanden, str(ca_datei))


def liste(session: Session) -> list[Zertifikat]:
    return list(session.exec(select(Zertifikat).order_by(col(Zertifikat.id))))


def utc(wert: datetime) -> datetime:
    return wert if wert.tzinfo else wert.replace(tzinfo=UTC)
