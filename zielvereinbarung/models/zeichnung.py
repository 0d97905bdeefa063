"""Wer unterzeichnen darf (DOMAIN.md § 6a): Zeichnungsbefugnisse, persönliche Zertifikate und
die Freigabe vor der Gegenzeichnung (Vier-Augen-Prinzip).

- `Zeichnungsbefugnis`: eine Person (Konto) ist *zeichnungsberechtigt* für genau eine
  Organisation – ihren Träger oder ihr Land. Eine Befugnis wird nie gelöscht, sondern entzogen
  (`entzogen_am`); so bleibt nachprüfbar, wer zu einem Zeitpunkt unterzeichnen durfte. Je Konto
  und Organisation ist höchstens eine Befugnis offen (prüft der Service). `funktion` erscheint im
  Signaturblock („Landrätin“, „Referatsleiter“).
- `Personenzertifikat`: das (öffentliche) Zertifikat einer Person für externe qualifizierte
  Signaturen. Eine externe Signatur zählt für eine Partei, wenn ihr Zertifikat für eine Person
  registriert ist, die zum Signaturzeitpunkt für diese Partei zeichnungsberechtigt war.
- `Freigabe`: bei eingeschaltetem Vier-Augen-Prinzip des Landes (`LandEinstellung.vier_augen`)
  gibt eine zweite zeichnungsberechtigte Person des Landes die vom Träger unterzeichnete Version
  frei, bevor das Land gegenzeichnet; wer freigibt, kann nicht gegenzeichnen.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from . import benutzer, dokument, stammdaten, vereinbarung  # noqa: F401  (Fremdschlüsselziele)


class Zeichnungsbefugnis(SQLModel, table=True):
    __tablename__ = "zeichnungsbefugnis"

    id: int | None = Field(default=None, primary_key=True)
    benutzer_id: int = Field(foreign_key="benutzer.id", index=True)
    land_code: str | None = Field(default=None, foreign_key="land.code", max_length=2)
    traeger_ags: str | None = Field(default=None, foreign_key="traeger.ags", max_length=5)
    funktion: str | None = Field(default=None, max_length=120)
    erteilt_am: datetime
    erteilt_von: str = Field(max_length=120)
    entzogen_am: datetime | None = None
    entzogen_von: str | None = Field(default=None, max_length=120)


class Personenzertifikat(SQLModel, table=True):
    __tablename__ = "personenzertifikat"
    __table_args__ = (UniqueConstraint("benutzer_id", "fingerabdruck"),)

    id: int | None = Field(default=None, primary_key=True)
    benutzer_id: int = Field(foreign_key="benutzer.id", index=True)
    fingerabdruck: str = Field(max_length=64, index=True)  # SHA-256 des DER-Zertifikats
    inhaber: str = Field(max_length=500)
    aussteller: str = Field(max_length=500)
    seriennummer: str = Field(max_length=64)
    gueltig_von: datetime
    gueltig_bis: datetime
    zertifikat_pem: str = Field(sa_type=Text)
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)


class Freigabe(SQLModel, table=True):
    """Freigabe einer vom Träger unterzeichneten Version zur Gegenzeichnung (eine je Version)."""

    __tablename__ = "freigabe"

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", index=True)
    dokument_id: int = Field(foreign_key="dokument.id", unique=True)
    benutzername: str = Field(max_length=120)
    person: str = Field(max_length=200)
    zeitpunkt: datetime
