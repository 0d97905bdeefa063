"""Die Modelle der API (pydantic): dieselben Klassen prüfen die Anfragen und erzeugen das
OpenAPI-Schema (spectree). Zahlen sind JSON-Zahlen (Kennzahlen ungerundet), Monate „JJJJ-MM“,
Zeitpunkte ISO 8601 mit Zeitzone."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Geschlecht = Literal["gesamt", "frauen", "maenner"]


class Abfrage(BaseModel):
    """Abfrageparameter: unbekannte Parameter werden abgewiesen (422), statt still ignoriert."""

    model_config = ConfigDict(extra="forbid")


class KeineAbfrage(Abfrage):
    """Operationen ohne Abfrageparameter."""


class Seitenabfrage(Abfrage):
    """Seitenweise Listen: `seite` ab 1, `pro_seite` 1–500 (Standard 50)."""

    seite: int = Field(1, ge=1, le=1_000_000)
    pro_seite: int = Field(50, ge=1, le=500)


class Seitenkopf(BaseModel):
    seite: int
    pro_seite: int
    gesamt: int = Field(description="Zahl aller Einträge über alle Seiten")
    naechste_seite: int | None = Field(description="Nummer der nächsten Seite oder null")


class LandAus(BaseModel):
    code: str = Field(examples=["SH"])
    name: str


class LaenderListe(Seitenkopf):
    eintraege: list[LandAus]


class TraegerAbfrage(Seitenabfrage):
    land: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="nur Träger dieses Landes")
    vergleichstyp: str | None = Field(None, pattern=r"^[^\x00-\x1f]{1,20}$")


class TraegerAus(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ags: str = Field(description="Kreisschlüssel (5 Ziffern)", examples=["01054"])
    name: str
    kurzname: str
    land_code: str
    traegerform: str = Field(description="„zkT“ oder „gE“")
    vergleichstyp: str | None
    gueltig_ab: date | None
    gueltig_bis: date | None


class TraegerListe(Seitenkopf):
    eintraege: list[TraegerAus]


class GeschlechtAbfrage(Abfrage):
    geschlecht: Geschlecht = "gesamt"


class Wert(BaseModel):
    """Ein Kennzahlwert; `wert` null mit `grund`, wenn er sich nicht berechnen lässt."""

    wert: float | None
    grund: str | None = None
    abdeckung: int | None = Field(None, description="nur Aggregate: einbezogene Träger")


class Monatswerte(BaseModel):
    monat: str = Field(pattern=r"^\d{4}-\d{2}$")
    werte: dict[str, Wert] = Field(description="Kennzahl-Code → Wert")


class Datenstand(BaseModel):
    aeltester: date
    neuester: date


class ZielindikatorWertAus(BaseModel):
    wert: float | None
    vorjahr: float | None
    veraenderung: float | None = Field(description="in Prozent")
    gruende: dict[str, str] = Field(default_factory=dict)


class Zielindikatorstand(BaseModel):
    jahr: int
    monat: int = Field(ge=1, le=12)
    werte: dict[str, ZielindikatorWertAus] = Field(description="Zielindikator-Code → Wert")


class TraegerKennzahlen(BaseModel):
    ags: str
    geschlecht: Geschlecht
    verlauf: list[Monatswerte] = Field(
        description="die letzten 24 Monate bis zum letzten Datenmonat"
    )
    zielindikatoren: Zielindikatorstand | None
    datenstand: Datenstand | None
    demodaten: bool


class Zeile(BaseModel):
    ags: str
    name: str
    werte: dict[str, Wert]


class Uebersicht(BaseModel):
    """Kennzahlen einer Träger-Auswahl (Land, Vergleichstyp, Bund) im letzten Datenmonat."""

    art: Literal["land", "vergleichstyp", "bund"]
    schluessel: str
    geschlecht: Geschlecht
    monat: str | None
    aggregat: dict[str, Wert]
    traeger: list[Zeile] = Field(description="nur Träger, deren Werte der Benutzer sehen darf")
    datenstand: Datenstand | None
    demodaten: bool


class ZielindikatorAus(BaseModel):
    code: str
    name: str
    einheit: Literal["prozent", "personen", "euro"]
    besser: Literal["hoeher", "niedriger", "neutral"]
    formel: str


class ZielindikatorenListe(BaseModel):
    eintraege: list[ZielindikatorAus]
