"""Basiszahlen (mit Datenstand/Vintage und Plausibilitätshinweisen) und das Importprotokoll.

Geldfelder (`llu`, `luh`) stehen als ganze Cent in der Datenbank: exakt, ohne Gleitkomma.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from . import stammdaten  # noqa: F401  (Fremdschlüsselziele)


def _anzahl() -> int | None:
    return Field(default=None, sa_type=BigInteger)


class ImportProtokoll(SQLModel, table=True):
    """Ein Importversuch: wer, wann, welche Datei (SHA-256), Zeilenzahlen, Ergebnis."""

    __tablename__ = "import_protokoll"

    id: int | None = Field(default=None, primary_key=True)
    zeitpunkt: datetime = Field(index=True)
    benutzer: str = Field(max_length=120)
    dateiname: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    zeilen_gelesen: int = 0
    zeilen_neu: int = 0
    zeilen_revision: int = 0
    zeilen_unveraendert: int = 0
    warnungen: int = 0
    ergebnis: str = Field(max_length=20)  # 'importiert', 'unveraendert', 'abgelehnt'
    demodaten: bool = (
        False  # synthetische Daten von `flask zv demo`: überall als „Demodaten“ gekennzeichnet
    )
    fehler: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Basiszahl(SQLModel, table=True):
    """Eine Zeile Basiszahlen für Träger, Monat und Geschlechtergruppe in einem Datenstand.

    Neue Datenstände überschreiben nie: jeder Stand bleibt erhalten; es gilt die mit dem neuesten
    `datenstand` (bei gleichem Datenstand der spätere Import).
    """

    __tablename__ = "basiszahl"
    __table_args__ = (Index("ix_basiszahl_schluessel", "ags", "geschlecht", "monat"),)

    id: int | None = Field(default=None, primary_key=True)
    ags: str = Field(foreign_key="traeger.ags", max_length=5)
    monat: str = Field(max_length=7)  # 'YYYY-MM'
    geschlecht: str = Field(max_length=7)  # 'gesamt', 'frauen', 'maenner'
    datenstand: date
    import_id: int = Field(foreign_key="import_protokoll.id", index=True)

    elb: int | None = _anzahl()
    elb_zugang: int | None = _anzahl()
    elb_abgang: int | None = _anzahl()
    llu: int | None = _anzahl()  # Cent
    luh: int | None = _anzahl()  # Cent
    integrationen: int | None = _anzahl()
    integrationen_svb: int | None = _anzahl()
    integrationen_svb_kontinuierlich: int | None = _anzahl()
    eintritte_minijob: int | None = _anzahl()
    eintritte_gefoerdert: int | None = _anzahl()
    elb_alleinerziehend: int | None = _anzahl()
    integrationen_alleinerziehend: int | None = _anzahl()
    lzb: int | None = _anzahl()
    lzb_zugang: int | None = _anzahl()
    lzb_abgang: int | None = _anzahl()
    lzb_integrationen: int | None = _anzahl()
    lzb_aktiviert: int | None = _anzahl()

    # Plausibilitätshinweise: Liste von {"felder": [...], "regel": "lzb > elb"}
    hinweise: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
