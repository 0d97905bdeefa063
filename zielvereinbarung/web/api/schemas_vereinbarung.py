"""Modelle der API für Zielvereinbarungen, Revisionen, Dokumente, Nachhaltung und Berichte."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from spectree.model_adapter.pydantic_adapter import BaseFile

from .schemas import Abfrage, Seitenabfrage, Seitenkopf

Zustand = Literal[
    "entwurf",
    "angebot",
    "gegenvorschlag",
    "einigung",
    "unterzeichnet_traeger",
    "unterzeichnet",
    "abgeschlossen",
]


class VereinbarungAbfrage(Seitenabfrage):
    jahr: int | None = Field(None, ge=2000, le=2100)
    ags: str | None = Field(None, pattern=r"^[0-9]{5}$")
    land: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    zustand: Zustand | None = None


class VereinbarungKurz(BaseModel):
    id: int
    ags: str
    traeger_name: str
    land_code: str
    jahr: int
    zustand: Zustand
    zustand_bezeichnung: str
    am_zug: Literal["land", "traeger"] | None
    aenderung_von_id: int | None


class VereinbarungenListe(Seitenkopf):
    eintraege: list[VereinbarungKurz]


class ZielwertAus(BaseModel):
    zielindikator: str
    bezeichnung: str
    ziel: str = Field(description="Abschnitt des Dokuments")
    zieltyp: str
    wert: float | None
    untere: float | None
    obere: float | None
    text: str | None
    kommentar: str | None
    basiswert: float | None
    basiswert_vorlaeufig: bool
    basiswert_monat: str | None
    orientierungswert: str | None
    kurztext: str = Field(description="z. B. „+2,5 %“ oder „Monitoring“")


class RevisionAus(BaseModel):
    nummer: int
    art: Literal["entwurf", "angebot", "gegenvorschlag"]
    rolle: str
    autor: str
    zeitpunkt: datetime
    kommentar: str | None
    basis_nummer: int | None
    zielwerte: list[ZielwertAus]


class RevisionenListe(BaseModel):
    eintraege: list[RevisionAus]


class VereinbarungAus(VereinbarungKurz):
    etag: str = Field(description="derselbe Wert wie der Kopf ETag; für If-Match")
    verhandelbar: bool
    erlaubte_aktionen: list[str] = Field(description="Aktionen, die dieses Token jetzt darf")
    aktuelle_revision: RevisionAus
    vereinbarte_revision: RevisionAus | None


class ZustandswechselAus(BaseModel):
    von: str | None
    nach: str
    aktion: str
    akteur: str
    rolle: str
    zeitpunkt: datetime


class ZustandAus(BaseModel):
    zustand: Zustand
    zustand_bezeichnung: str
    am_zug: Literal["land", "traeger"] | None
    verlauf: list[ZustandswechselAus]


class IfMatch(BaseModel):
    if_match: str = Field(
        alias="If-Match",
        min_length=1,
        max_length=200,
        description="ETag der Vereinbarung aus dem letzten GET (fehlt er: 428)",
    )


class AktionErgebnis(BaseModel):
    meldung: str
    vereinbarung: VereinbarungAus


class DokumentAus(BaseModel):
    version: int
    status: str
    status_bezeichnung: str
    sha256: str
    groesse: int
    signaturen: int
    herkunft: str
    unterzeichner: str | None
    erstellt_am: datetime
    dateiname: str


class DokumenteListe(BaseModel):
    eintraege: list[DokumentAus]


class SignaturAus(BaseModel):
    unterzeichner: str | None
    partei: str
    in_ordnung: bool
    maengel: list[str]


class Pruefergebnis(BaseModel):
    gueltig: bool
    sha256: str
    fehler: str | None
    maengel: list[str]
    signaturen: list[SignaturAus]


class MonatAbfrage(Abfrage):
    monat: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")


class IndikatorAus(BaseModel):
    zielindikator: str
    bezeichnung: str
    zieltyp: str
    wert: float | None
    vorjahr: float | None
    veraenderung: float | None
    basiswert: float | None
    zielniveau: float | None
    projektion: float | None
    methode: str | None
    grad: float | None = Field(description="Zielerreichungsgrad in Prozent")
    status: str | None
    endgueltig: bool
    gruende: dict[str, str]


class NachhaltungAus(BaseModel):
    vereinbarung_id: int
    ags: str
    jahr: int
    monat: str | None = Field(description="Berichtsmonat; null: noch keine Daten im Jahr")
    monate: list[str]
    zielindikatoren: list[IndikatorAus]


class BerichtAbfrage(Seitenabfrage):
    land: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    ags: str | None = Field(None, pattern=r"^[0-9]{5}$")
    monat: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    alle: bool = Field(False, description="auch ältere Versionen je Bericht")


class BerichtAus(BaseModel):
    id: int
    art: Literal["traeger", "land"]
    schluessel: str
    monat: str
    version: int
    titel: str
    sha256: str
    groesse: int
    erstellt_am: datetime


class BerichteListe(Seitenkopf):
    eintraege: list[BerichtAus]


class ImportAbfrage(Abfrage):
    trockenlauf: bool = Field(
        False, description="nur prüfen und die Vorschau liefern; nichts wird gespeichert"
    )


class ImportFormular(BaseModel):
    datei: BaseFile = Field(description="CSV oder XLSX im Importformat (docs/importformat.md)")


class ImportErgebnisAus(BaseModel):
    trockenlauf: bool
    ergebnis: Literal["importiert", "unveraendert"]
    protokoll_id: int | None
    meldung: str
    zeilen_gelesen: int
    neu: int
    neuer_datenstand: int
    unveraendert: int
    warnungen: list[str]
    sha256: str


Zahl = Annotated[Decimal, Field(ge=-(10**12), le=10**12, max_digits=18, decimal_places=4)]


class ZielwertEin(BaseModel):
    """Ein Ziel einer neuen Revision (Regeln: `domain.ziele`, geprüft vom Service)."""

    model_config = ConfigDict(extra="forbid")

    zielindikator: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,9}$", examples=["IQ"])
    zieltyp: Literal["veraenderung", "niveau", "korridor", "monitoring", "qualitativ"]
    wert: Zahl | None = None
    untere: Zahl | None = None
    obere: Zahl | None = None
    text: str | None = Field(None, max_length=2_000)
    kommentar: str | None = Field(None, max_length=4_000)
    bezeichnung: str | None = Field(None, max_length=200)


class RevisionEin(BaseModel):
    """Angebot (Träger) oder Gegenvorschlag (Land): alle Ziele der neuen Revision."""

    model_config = ConfigDict(extra="forbid")

    kommentar: str | None = Field(None, max_length=4_000)
    zielwerte: list[ZielwertEin] = Field(min_length=1, max_length=40)
