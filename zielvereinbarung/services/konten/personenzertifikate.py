"""Persönliche Zertifikate für externe qualifizierte Signaturen (DOMAIN.md § 6a).

- Registriert wird nur das öffentliche Zertifikat (PEM oder DER) einer Person; wer das darf,
  regelt dasselbe wie bei der Zeichnungsbefugnis (`zeichnung.pruefe_verwaltung`). Abgewiesen:
  unlesbare Dateien, abgelaufene Zertifikate, Organisationszertifikate dieser Anwendung
  („ZV-…“; die richtet `flask zv zertifikat import` ein), doppelte Registrierung.
- Eine externe Signatur zählt für eine Partei, wenn ihr Zertifikat für eine Person registriert
  ist, die zum Signaturzeitpunkt für diese Partei zeichnungsberechtigt war
  (`zertifikate_der_partei`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlmodel import Session, col, select

from ...documents.pki import KENNUNG_PRAEFIX
from ...documents.signatur import zertifikat_info
from ...domain import zeichnung as regeln
from ...domain.berechtigung import Akteur
from ...fehler import FachlicherFehler
from ...models import Benutzer, Personenzertifikat
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from .zeichnung import (
    Zeichnende,
    befugnisse_zum_zeitpunkt,
    hole_konto,
    offene_befugnis,
    pruefe_verwaltung,
)

MAX_DATEI = 64 * 1024


def lies_zertifikat(daten: bytes) -> x509.Certificate:
    """PEM oder DER; `FachlicherFehler` mit deutscher Meldung, wenn es kein X.509-Zertifikat ist."""
    if len(daten) > MAX_DATEI:
        raise FachlicherFehler("Die Datei ist zu groß für ein Zertifikat (höchstens 64 KB).")
    try:
        if b"-----BEGIN" in daten:
            return x509.load_pem_x509_certificate(daten)
        return x509.load_der_x509_certificate(daten)
    except ValueError:
        raise FachlicherFehler(
            "Die Datei enthält kein lesbares Zertifikat (erwartet: X.509 als PEM oder DER, "
            "z. B. .pem, .cer, .crt – nur das öffentliche Zertifikat, keinen Schlüssel)."
        ) from None


def registriere(
    session: Session, benutzer_id: int, daten: bytes, akteur: Akteur, jetzt: datetime
) -> Personenzertifikat:
    """Das Zertifikat für die Person registrieren (Regeln im Modulkopf)."""
    ziel = hole_konto(session, benutzer_id)
    pruefe_verwaltung(session, akteur, ziel)
    if regeln.organisation_des_kontos(ziel.rolle, ziel.land_code, ziel.traeger_ags) is None:
        raise FachlicherFehler(
            "Persönliche Zertifikate gibt es nur für Konten mit der Rolle Land oder Träger."
        )
    zert = lies_zertifikat(daten)
    info = zertifikat_info(zert)
    if jetzt.astimezone(UTC) > info.gueltig_bis:
        raise FachlicherFehler(
            f"Das Zertifikat „{info.name}“ ist abgelaufen (gültig bis {info.gueltig_bis:%d.%m.%Y})."
        )
    if (info.organisationskennung or "").startswith(KENNUNG_PRAEFIX):
        raise FachlicherFehler(
            f"„{info.name}“ ist ein Organisationszertifikat ({info.organisationskennung}), kein "
            "persönliches; Organisationszertifikate richtet die Administration mit "
            "„flask zv zertifikat import“ ein."
        )
    doppelt = session.exec(
        select(Personenzertifikat).where(
            Personenzertifikat.benutzer_id == ziel.id,
            Personenzertifikat.fingerabdruck == info.fingerabdruck,
        )
    ).first()
    if doppelt is not None:
        raise FachlicherFehler(f"Dieses Zertifikat ist für {ziel.name} bereits registriert.")
    neu = Personenzertifikat(
        benutzer_id=gespeicherte_id(ziel.id), fingerabdruck=info.fingerabdruck,
        inhaber=info.inhaber[:500],
        aussteller=info.aussteller[:500], seriennummer=info.seriennummer[:64],
        gueltig_von=info.gueltig_von, gueltig_bis=info.gueltig_bis,
        zertifikat_pem=zert.public_bytes(Encoding.PEM).decode("ascii"),
        erstellt_am=jetzt, erstellt_von=akteur.benutzername,
    )  # fmt: skip
    session.add(neu)
    session.flush()
    protokolliere(session, akteur.benutzername, "personenzertifikat_registriert", "benutzer",
                  ziel.id, {"benutzername": ziel.benutzername, "inhaber": info.inhaber,
                            "fingerabdruck": info.fingerabdruck,
                            "gueltig_bis": info.gueltig_bis.isoformat()}, jetzt)  # fmt: skip
    return neu


def liste(session: Session, benutzer_id: int) -> list[Personenzertifikat]:
    return list(session.exec(
        select(Personenzertifikat).where(Personenzertifikat.benutzer_id == benutzer_id)
        .order_by(col(Personenzertifikat.id))
    ))  # fmt: skip


def zertifikate_der_partei(
    session: Session, org: regeln.Organisation, zeitpunkt: datetime | None
) -> dict[str, str]:
    """Fingerabdruck → Person für alle persönlichen Zertifikate von Personen, die zum
    `zeitpunkt` (None: irgendwann) für `org` zeichnungsberechtigt waren."""
    befugnisse = befugnisse_zum_zeitpunkt(session, org, zeitpunkt)
    if not befugnisse:
        return {}
    funktion = {b.benutzer_id: b.funktion for b in befugnisse}
    zeilen = session.exec(
        select(Personenzertifikat, Benutzer)
        .join(Benutzer, col(Benutzer.id) == col(Personenzertifikat.benutzer_id))
        .where(col(Personenzertifikat.benutzer_id).in_(list(funktion)))
    ).all()
    return {
        z.fingerabdruck: f"{b.name}, {fkt}" if (fkt := funktion[gespeicherte_id(b.id)]) else b.name
        for z, b in zeilen
    }


def zeichnende_mit_zertifikat(
    session: Session, org: regeln.Organisation, fingerabdruck: str | None
) -> Zeichnende | None:
    """Die Person, die jetzt für `org` zeichnungsberechtigt ist und für die das Zertifikat
    registriert ist (None: niemand)."""
    if not fingerabdruck:
        return None
    for benutzer in session.exec(
        select(Benutzer)
        .join(Personenzertifikat, col(Personenzertifikat.benutzer_id) == col(Benutzer.id))
        .where(col(Personenzertifikat.fingerabdruck) == fingerabdruck)
        .order_by(col(Benutzer.id))
    ):  # fmt: skip
        befugnis = offene_befugnis(session, benutzer)
        if (
            befugnis is not None
            and regeln.Organisation(befugnis.land_code, befugnis.traeger_ags) == org
        ):
            return Zeichnende(
                benutzer.benutzername,
                benutzer.name,
                befugnis.funktion,
                gespeicherte_id(befugnis.id),
            )
    return None
