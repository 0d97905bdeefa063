"""Die Modelle der Ring-Operationen (Vergleichsringe, DOMAIN § 11)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .schemas import Seitenkopf


class RingAus(BaseModel):
    id: int
    name: str
    sicht: Literal["koordination", "mitglied", "land"] = Field(
        description="koordination: alle Werte; mitglied: freigegebene Monate, eigene Zeile "
        "markiert; land: freigegebene Monate (nur wenn der Ring es den Ländern erlaubt)"
    )
    jahre: list[int] = Field(description="Jahre, deren Werte der Benutzer sehen darf")
    freigegeben_bis: str | None = Field(description="letzter freigegebener Monat (JJJJ-MM)")
    demodaten: bool


class RingListe(Seitenkopf):
    eintraege: list[RingAus]


class Verteilung(BaseModel):
    anzahl: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


class RingMitgliedWert(BaseModel):
    ags: str
    name: str
    land: str
    wert: float | None = Field(description="null: nicht berechenbar (siehe grund)")
    grund: str | None
    rang: int | None
    rang_text: str
    eigener: bool = Field(description="der eigene Träger des Benutzers")


class RingKennzahlWerte(BaseModel):
    code: str
    name: str
    kategorie: str
    einheit: str
    richtung: Literal["hoeher", "niedriger", "neutral"]
    formel: str
    ring_wert: float | None = Field(description="Formel auf die summierten Basiszahlen")
    abdeckung: int | None = Field(description="Mitglieder im Ringwert")
    mitglieder: int
    verteilung: Verteilung | None
    werte: list[RingMitgliedWert] = Field(description="nach Rang; nicht berechenbare am Ende")


class RingWerte(BaseModel):
    ring_id: int
    name: str
    monat: str | None = Field(description="der Monat der Werte; null: noch keine sichtbaren Daten")
    monate: list[str] = Field(description="alle sichtbaren Monate mit Daten, neueste zuerst")
    kennzahlen: list[RingKennzahlWerte]
