"""Die Ansichtsmodelle der Nachhaltung: einfache, picklebare Daten (fertig formatierte Texte und
die Zahlen der Diagramme), aus denen die Nachhaltungsseite und die PDF-Berichte gerendert werden.

Kein Zugriff auf Datenbank oder Flask; ein Worker-Prozess rendert allein aus diesen Objekten.
`als_daten`/`aus_daten` wandeln ein Modell in JSON-fähige Daten und zurück (für die Warteschlange
des verteilten Berichtslaufs; gleiches Modell → gleicher Fingerabdruck).
`fingerabdruck` ist der SHA-256 des kanonischen JSON aller Inhalte außer dem Erstellungszeitpunkt
und dem Kopf der Audit-Kette zur Erstellung:
gleiche Daten → gleicher Fingerabdruck (so bleibt ein wiederholter Lauf idempotent).
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass


@dataclass(frozen=True)
class Diagramm:
    titel: str
    einheit: str
    beschriftungen: tuple[str, ...]
    reihen: tuple[tuple[str, tuple[float | None, ...]], ...]  # (Name, Werte)
    nachkommastellen: int = 1


@dataclass(frozen=True)
class IndikatorZeile:
    code: str
    bezeichnung: str
    zieltyp: str
    ziel: str  # Kurztext: „+2,5 %“, „Monitoring“ …
    wert: str
    vorjahr: str
    veraenderung: str
    basiswert: str
    zielniveau: str
    projektion: str
    methode: str
    grad: str
    status: str  # „auf Kurs“ … oder „–“
    status_klasse: str  # gut, mittel, schlecht, neutral (nur zusätzlich zum Text)
    datenstand: str
    rang_land: str
    rang_typ: str
    korridor: str | None = None
    basiswert_hinweis: str | None = None  # Basiswert nach heutigen Daten (neuerer Datenstand)
    hinweise: tuple[str, ...] = ()
    text: str | None = None  # qualitatives Ziel
    wuerdigung: str | None = None  # aus dem jüngsten Zielnachhaltedialog
    diagramm: Diagramm | None = None
    geaendert: str | None = None  # „geändert durch Änderungsvereinbarung Nr. 1 vom …“


@dataclass(frozen=True)
class DialogZeile:
    datum: str
    teilnehmende: str
    datenstand: str  # „Daten bis 2026-06“
    wuerdigungen: tuple[tuple[str, str], ...]  # (Bezeichnung, Würdigung)
    massnahmen: str
    autor: str
    id: int | None = None
    bestaetigung: str = ""  # „Bestätigt am … von … (Träger)“ / „Wartet auf die Bestätigung …“
    darf_bestaetigen: bool = False  # der Betrachter kann ihn jetzt bestätigen
    verlauf: str = ""  # „Version 2, zuletzt korrigiert am … von …“ (leer: nie korrigiert)
    korrektur_von: str = ""  # „Korrektur von Dialog vom 12.05.2026 (bestätigt)“
    korrigiert_durch: str = ""  # „korrigiert durch Dialog vom 20.05.2026“
    # nur für die Seite (beim Vergleich mit dem Bericht nicht mitgezählt):
    version: int = field(default=1, compare=False)  # die angezeigte (das Bestätigen gilt ihr)
    korrektur_von_id: int | None = field(default=None, compare=False)
    korrigiert_durch_id: int | None = field(default=None, compare=False)
    darf_korrigieren: bool = field(default=False, compare=False)
    darf_korrektur_erfassen: bool = field(default=False, compare=False)
    # (Titel, Inhalt in einer Zeile) je ersetzter Version, neueste zuerst
    fruehere_versionen: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BudgetZeile:
    """Ein Topf des Budgetrahmens (DOMAIN.md § 10), fertig formatiert."""

    topf: str  # „Eingliederungsmittel“
    budget: str  # „1.234.567,89 €“ oder „–“
    ausgegeben: str
    anteil: str  # „25,0 %“
    projektion: str
    anteil_projektion: str
    methode: str  # „linear“, „Saisonmuster des Vorjahres“ oder „–“
    hinweis: str | None = None  # z. B. „Ausgaben für März fehlen: keine Projektion“


@dataclass(frozen=True)
class BudgetStand:
    jahr: int
    bis: str  # „Januar bis Juni 2026“ oder „noch keine Ausgaben gemeldet“
    zeilen: tuple[BudgetZeile, ...]
    methoden: tuple[str, ...]  # Erklärung der verwendeten Projektionsmethoden
    datenstand: str
    ohne_budget: bool  # kein Budgetrahmen erfasst


@dataclass(frozen=True)
class TraegerBericht:
    titel: str
    ags: str
    name: str
    land_code: str
    land_name: str
    vergleichstyp: str
    monat: str  # 'YYYY-MM'
    monat_text: str  # „Juni 2026“
    jahr: int
    vereinbarung: str | None  # „Zielvereinbarung 2026 (unterzeichnet)“; None: keine
    ohne_vereinbarung: str | None  # der Hinweis, warum keine gilt
    zeilen: tuple[IndikatorZeile, ...]
    dialoge: tuple[DialogZeile, ...]
    neue_datenstaende: tuple[str, ...]
    datenstand: str
    demodaten: bool
    erstellt: str = field(default="", compare=False)
    audit_kopf: str = field(default="", compare=False)  # „Ereignis 1234, HMAC 3f9a…“
    budget: BudgetStand | None = None  # Budgetrahmen und Ausgaben (DOMAIN.md § 10)


@dataclass(frozen=True)
class LandZelle:
    wert: str
    grad: str
    status: str
    status_klasse: str


@dataclass(frozen=True)
class LandTraegerZeile:
    ags: str
    name: str
    vereinbarung: str
    zellen: tuple[LandZelle, ...]


@dataclass(frozen=True)
class AggregatZeile:
    code: str
    bezeichnung: str
    wert: str
    vorjahr: str
    veraenderung: str
    abdeckung: str


@dataclass(frozen=True)
class LandBericht:
    titel: str
    land_code: str
    land_name: str
    monat: str
    monat_text: str
    jahr: int
    codes: tuple[tuple[str, str], ...]  # (Code, Bezeichnung) der Spalten
    zeilen: tuple[LandTraegerZeile, ...]
    aggregat: tuple[AggregatZeile, ...]
    statusverteilung: tuple[
        tuple[str, int, int, int, int], ...
    ]  # Code, gut, mittel, schlecht, ohne
    diagramm: Diagramm
    vereinbarungen: str  # „12 von 18 zkT mit unterzeichneter Zielvereinbarung“
    datenstand: str
    demodaten: bool
    erstellt: str = field(default="", compare=False)
    audit_kopf: str = field(default="", compare=False)  # „Ereignis 1234, HMAC 3f9a…“


# Umbenannte Felder gehen unter ihrem früheren Namen in den Fingerabdruck ein: so bleiben die
# Fingerabdrücke gespeicherter Berichte gültig, und ein Lauf erzeugt nichts neu, nur weil ein
# Feld im Code anders heißt.
_FRUEHERE_NAMEN = {"neue_datenstaende": "revisionen"}


_NUR_SEITE = (
    "id",
    "bestaetigung",
    "darf_bestaetigen",
    "version",
    "korrektur_von_id",
    "korrigiert_durch_id",
    "darf_korrigieren",
    "darf_korrektur_erfassen",
    "fruehere_versionen",
)
# Im Bericht nur, wenn gesetzt: ohne Korrektur bleibt der Fingerabdruck wie vorher.
_NUR_WENN_GESETZT = ("verlauf", "korrektur_von", "korrigiert_durch")


def fingerabdruck(modell: TraegerBericht | LandBericht) -> str:
    """SHA-256 (hex) der Inhalte ohne Erstellungszeitpunkt und Audit-Kopf."""
    daten = asdict(modell)
    daten.pop("erstellt", None)
    daten.pop("audit_kopf", None)
    if daten.get("budget", 0) is None:  # ohne Budget wie Berichte von vor § 10
        daten.pop("budget")
    for name, frueher in _FRUEHERE_NAMEN.items():
        if name in daten:
            daten[frueher] = daten.pop(name)
    for zeile in daten.get("zeilen", ()):  # ohne Änderungsvereinbarung wie Berichte davor
        if isinstance(zeile, dict) and zeile.get("geaendert", 0) is None:
            zeile.pop("geaendert")
    for dialog in daten.get("dialoge", ()):  # nur für die Seite; der Bericht zeigt sie nicht
        for feld in _NUR_SEITE:
            dialog.pop(feld, None)
        for feld in _NUR_WENN_GESETZT:
            if not dialog.get(feld):
                dialog.pop(feld, None)
    text = json.dumps(daten, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def als_daten(modell: TraegerBericht | LandBericht) -> dict:
    """Das Modell als JSON-fähiges dict (Tupel werden Listen)."""
    return json.loads(json.dumps(asdict(modell), ensure_ascii=False))


def _baue(typ, wert):
    if wert is None:
        return None
    herkunft = typing.get_origin(typ)
    if herkunft in (typing.Union, types.UnionType):  # nur „X | None“ kommt vor
        (innen,) = [a for a in typing.get_args(typ) if a is not type(None)]
        return _baue(innen, wert)
    if isinstance(typ, type) and is_dataclass(typ):
        hinweise = typing.get_type_hints(typ)
        return typ(  # Felder mit Vorgabe fehlen in älteren gespeicherten Modellen
            **{f.name: _baue(hinweise[f.name], wert[f.name]) for f in fields(typ) if f.name in wert}
        )
    if herkunft is tuple:
        argumente = typing.get_args(typ)
        if len(argumente) == 2 and argumente[1] is Ellipsis:
            return tuple(_baue(argumente[0], w) for w in wert)
        return tuple(_baue(a, w) for a, w in zip(argumente, wert, strict=True))
    if typ is float and isinstance(wert, int):
        return float(wert)
    return wert


def aus_daten(klasse: type[TraegerBericht] | type[LandBericht], daten: dict):
    """Das Modell aus `als_daten` wiederherstellen (gleich und mit gleichem Fingerabdruck)."""
    return _baue(klasse, daten)
