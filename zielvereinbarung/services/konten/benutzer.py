"""Benutzerkonten: anlegen, ändern, Passwort setzen, deaktivieren, Demokonten; Anmeldung.

Regeln (Rolle und Bereich: `domain.berechtigung`):
- Benutzername eindeutig, 3–40 Zeichen `[a-z0-9._-]`; Eingaben werden kleingeschrieben.
- Passwort 12–128 Zeichen, ohne den Benutzernamen; gespeichert nur als Argon2id-Hash.
- Der letzte aktive Administrator kann weder deaktiviert noch herabgestuft werden.
- Jede Änderung wird im Audit-Protokoll vermerkt (ohne Passwörter).
- Passwort setzen und Deaktivieren beenden alle Sitzungen des Kontos (`sitzungs_generation`).
- Ändern sich Rolle, Bereich oder Aktiv-Status, endet eine Zeichnungsbefugnis (`konten.zeichnung`).
Die Anmeldung steht in `services.konten.anmeldung`; Sitzungen beenden, eigenes Passwort ändern und
die Anmeldedrosselung aufheben in `services.konten.sitzungen`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, func, select

from ...domain import berechtigung as b
from ...domain.texteingabe import texte_bereinigt
from ...fehler import FachlicherFehler, NichtGefunden
from ...models import Benutzer, Land, Ring, Traeger
from ...models.benutzer import LOKAL
from ..audit.kette import protokolliere
from .anmeldung import beende_sitzungen, utc
from .passwort import hash_passwort
from .zeichnung import beende_befugnisse

VERZEICHNISKONTO_OHNE_PASSWORT = (
    "Dieses Konto meldet sich über das Verzeichnis an und hat hier kein Passwort."
)


class Eingabefehler(FachlicherFehler):
    """Ungültige Eingaben; `felder` ordnet jedem Formularfeld seine deutsche Meldung zu."""

    def __init__(self, felder: dict[str, str]):
        super().__init__("Bitte korrigieren Sie die markierten Eingaben.", list(felder.values()))
        self.felder = felder


class BenutzerNichtGefunden(NichtGefunden):
    def __init__(self, benutzer_id):
        super().__init__(f"Benutzer {benutzer_id} gibt es nicht.")


def _leer_zu_none(wert: str | None) -> str | None:
    wert = (wert or "").strip()
    return wert or None


def pruefe_bereich(
    session: Session,
    rolle: str,
    land_code: str | None,
    traeger_ags: str | None,
    ring_id: int | None = None,
) -> dict[str, str]:
    fehler = b.pruefe_rolle_und_bereich(rolle, land_code, traeger_ags, ring_id)
    if ring_id is not None and "ring_id" not in fehler and session.get(Ring, ring_id) is None:
        fehler["ring_id"] = "Diesen Vergleichsring gibt es nicht."
    if land_code and "land_code" not in fehler and session.get(Land, land_code) is None:
        fehler["land_code"] = f"Ein Land mit dem Kürzel „{land_code}“ gibt es nicht."
    if traeger_ags and "traeger_ags" not in fehler and session.get(Traeger, traeger_ags) is None:
        fehler["traeger_ags"] = (
            f"Einen Träger mit dem Kreisschlüssel „{traeger_ags}“ gibt es nicht."
        )
    return fehler


def _pruefe_email(email: str | None) -> str | None:
    if email and (len(email) > 254 or "@" not in email or " " in email or email.startswith("@")):
        return "Bitte eine gültige E-Mail-Adresse angeben (z. B. name@beispiel.de)."
    return None


@texte_bereinigt(ausser=frozenset({"passwort"}))
def lege_benutzer_an(
    session: Session,
    *,
    benutzername: str,
    name: str,
    rolle: str,
    passwort: str,
    land_code: str | None = None,
    traeger_ags: str | None = None,
    email: str | None = None,
    ring_id: int | None = None,
    akteur: str = "system",
    jetzt: datetime,
) -> Benutzer:
    """Ein Konto anlegen; alle Eingabefehler auf einmal als `Eingabefehler`."""
    benutzername = (benutzername or "").strip().lower()
    land_code = (_leer_zu_none(land_code) or "").upper() or None
    traeger_ags, email = _leer_zu_none(traeger_ags), _leer_zu_none(email)
    name = (name or "").strip()
    fehler: dict[str, str] = {}
    if meldung := b.pruefe_benutzername(benutzername):
        fehler["benutzername"] = meldung
    elif session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first():
        fehler["benutzername"] = f"Den Benutzernamen „{benutzername}“ gibt es schon."
    if not name or len(name) > 120:
        fehler["name"] = "Bitte einen Namen mit höchstens 120 Zeichen angeben."
    if meldung := _pruefe_email(email):
        fehler["email"] = meldung
    fehler.update(pruefe_bereich(session, rolle, land_code, traeger_ags, ring_id))
    if meldung := b.pruefe_passwort(passwort, benutzername):
        fehler["passwort"] = meldung
    if fehler:
        raise Eingabefehler(fehler)
    benutzer = Benutzer(
        benutzername=benutzername,
        name=name,
        email=email,
        passwort_hash=hash_passwort(passwort),
        rolle=rolle,
        land_code=land_code,
        traeger_ags=traeger_ags,
        ring_id=ring_id,
        erstellt_am=utc(jetzt),
    )
    session.add(benutzer)
    session.flush()
    protokolliere(
        session,
        akteur,
        "benutzer_angelegt",
        "benutzer",
        benutzer.id,
        {
            "benutzername": benutzername,
            "rolle": rolle,
            "land_code": land_code,
            "traeger_ags": traeger_ags,
            **({"ring_id": ring_id} if ring_id is not None else {}),
        },
        utc(jetzt),
    )
    return benutzer


def hole_benutzer(session: Session, benutzer_id: int) -> Benutzer:
    benutzer = session.get(Benutzer, benutzer_id)
    if benutzer is None:
        raise BenutzerNichtGefunden(benutzer_id)
    return benutzer


def liste_benutzer(session: Session) -> list[Benutzer]:
    return list(session.exec(select(Benutzer).order_by(Benutzer.benutzername)))


def laender_auswahl(session: Session) -> list[tuple[str, str]]:
    """(Kürzel, Name) aller Länder, nach Namen (für Auswahllisten)."""
    return [(land.code, land.name) for land in session.exec(select(Land).order_by(Land.name))]


def ringe_auswahl(session: Session) -> list[tuple[str, str]]:
    """(Id, Name) aller Vergleichsringe (für die Rolle Ring-Koordination)."""
    return [(str(r.id), r.name) for r in session.exec(select(Ring).order_by(Ring.name))]


def _ist_letzter_admin(session: Session, benutzer: Benutzer) -> bool:
    if benutzer.rolle != b.ADMIN or not benutzer.aktiv:
        return False
    andere = session.exec(
        select(func.count())
        .select_from(Benutzer)
        .where(Benutzer.rolle == b.ADMIN, Benutzer.aktiv, Benutzer.id != benutzer.id)
    ).one()
    return andere == 0


@texte_bereinigt(ausser=frozenset({"passwort"}))
def aendere_benutzer(
    session: Session,
    benutzer_id: int,
    *,
    name: str,
    rolle: str,
    land_code: str | None,
    traeger_ags: str | None,
    aktiv: bool,
    email: str | None = None,
    ring_id: int | None = None,
    akteur: str,
    jetzt: datetime,
) -> Benutzer:
    """Name, E-Mail, Rolle, Bereich und Aktiv-Status ändern (Benutzername bleibt)."""
    benutzer = hole_benutzer(session, benutzer_id)
    land_code = (_leer_zu_none(land_code) or "").upper() or None
    traeger_ags, email = _leer_zu_none(traeger_ags), _leer_zu_none(email)
    name = (name or "").strip()
    fehler: dict[str, str] = {}
    if not name or len(name) > 120:
        fehler["name"] = "Bitte einen Namen mit höchstens 120 Zeichen angeben."
    if meldung := _pruefe_email(email):
        fehler["email"] = meldung
    fehler.update(pruefe_bereich(session, rolle, land_code, traeger_ags, ring_id))
    if _ist_letzter_admin(session, benutzer) and (rolle != b.ADMIN or not aktiv):
        fehler["rolle"] = (
            "Der letzte aktive Administrator kann nicht herabgestuft oder deaktiviert werden."
        )
    if fehler:
        raise Eingabefehler(fehler)
    neu = {
        "name": name,
        "email": email,
        "rolle": rolle,
        "land_code": land_code,
        "traeger_ags": traeger_ags,
        "ring_id": ring_id,
        "aktiv": aktiv,
    }
    aenderungen = {
        feld: [getattr(benutzer, feld), wert]
        for feld, wert in neu.items()
        if getattr(benutzer, feld) != wert
    }
    for feld, (_alt, wert) in aenderungen.items():
        setattr(benutzer, feld, wert)
    if "aktiv" in aenderungen and not aktiv:
        beende_sitzungen(session, benutzer)
    session.flush()
    if aenderungen.keys() & {"rolle", "land_code", "traeger_ags", "aktiv"}:
        beende_befugnisse(
            session, benutzer, akteur, utc(jetzt), "Rolle, Bereich oder Status geändert"
        )
    if aenderungen:
        protokolliere(
            session,
            akteur,
            "benutzer_geaendert",
            "benutzer",
            benutzer.id,
            {"benutzername": benutzer.benutzername, "aenderungen": aenderungen},
            utc(jetzt),
        )
    return benutzer


def setze_passwort(
    session: Session, benutzer_id: int, passwort: str, *, akteur: str, jetzt: datetime
) -> Benutzer:
    """Neues Passwort setzen (Admin); beendet alle Sitzungen des Kontos und hebt eine
    Anmeldedrosselung auf."""
    from .sitzungen import loesche_drosselung  # (Kreisimport vermeiden)

    benutzer = hole_benutzer(session, benutzer_id)
    if benutzer.herkunft != LOKAL:
        raise Eingabefehler({"passwort": VERZEICHNISKONTO_OHNE_PASSWORT})
    if meldung := b.pruefe_passwort(passwort, benutzer.benutzername):
        raise Eingabefehler({"passwort": meldung})
    benutzer.passwort_hash = hash_passwort(passwort)
    beende_sitzungen(session, benutzer)
    loesche_drosselung(session, benutzer.benutzername)
    protokolliere(
        session,
        akteur,
        "passwort_gesetzt",
        "benutzer",
        benutzer.id,
        {"benutzername": benutzer.benutzername},
        utc(jetzt),
    )
    return benutzer


def deaktiviere(session: Session, benutzer_id: int, *, akteur: str, jetzt: datetime) -> Benutzer:
    benutzer = hole_benutzer(session, benutzer_id)
    if _ist_letzter_admin(session, benutzer):
        raise FachlicherFehler("Der letzte aktive Administrator kann nicht deaktiviert werden.")
    if benutzer.aktiv:
        benutzer.aktiv = False
        beende_sitzungen(session, benutzer)
        beende_befugnisse(session, benutzer, akteur, utc(jetzt), "Konto deaktiviert")
        protokolliere(
            session,
            akteur,
            "benutzer_deaktiviert",
            "benutzer",
            benutzer.id,
            {"benutzername": benutzer.benutzername},
            utc(jetzt),
        )
    return benutzer
