"""Die Zustandstabelle der Verhandlung (DOMAIN.md § 5), rein und ohne Datenbank.

| von                     | Aktion                   | wer     | nach                    |
|-------------------------|--------------------------|---------|-------------------------|
| —                       | Entwürfe erzeugen        | Land    | entwurf                 |
| entwurf                 | Angebot einreichen       | Träger  | angebot                 |
| angebot                 | Gegenvorschlag senden    | Land    | gegenvorschlag          |
| angebot                 | Angebot annehmen         | Land    | einigung                |
| gegenvorschlag          | neues Angebot einreichen | Träger  | angebot                 |
| gegenvorschlag          | Gegenvorschlag annehmen  | Träger  | einigung                |
| einigung                | unterzeichnen            | Träger  | unterzeichnet_traeger   |
| unterzeichnet_traeger   | gegenzeichnen            | Land    | unterzeichnet           |
| unterzeichnet           | Jahresabschluss          | Land    | abgeschlossen           |

Nur die Parteien `land` und `traeger` handeln; `admin` und `leser` nie.

**Vereinbarung BMAS ↔ Land** (DOMAIN.md § 9, `bund_land=True`): dieselbe Tabelle, das BMAS
(`bund`) steht an der Stelle des Landes, das Land an der Stelle des Trägers. Die Tabelle nennt
*Positionen* (`land` = obere, `traeger` = untere Partei); `position`/`partei_an` übersetzen, und
jede Funktion mit `bund_land` nimmt und liefert die echten Parteien. „Entwürfe erzeugen“
legt eine Vereinbarung an und ist deshalb kein Übergang dieser Tabelle (siehe
`darf_entwuerfe_erzeugen`). Wer am Zug ist, folgt aus der Tabelle: die Partei, die im Zustand
eine Aktion hat; in `abgeschlossen` niemand.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..fehler import FachlicherFehler

ENTWURF = "entwurf"
ANGEBOT = "angebot"
GEGENVORSCHLAG = "gegenvorschlag"
EINIGUNG = "einigung"
UNTERZEICHNET_TRAEGER = "unterzeichnet_traeger"
UNTERZEICHNET = "unterzeichnet"
ABGESCHLOSSEN = "abgeschlossen"
ZUSTAENDE: tuple[str, ...] = (
    ENTWURF,
    ANGEBOT,
    GEGENVORSCHLAG,
    EINIGUNG,
    UNTERZEICHNET_TRAEGER,
    UNTERZEICHNET,
    ABGESCHLOSSEN,
)
ZUSTAND_BEZEICHNUNG: dict[str, str] = {
    ENTWURF: "Entwurf",
    ANGEBOT: "Angebot eingereicht",
    GEGENVORSCHLAG: "Gegenvorschlag des Landes",
    EINIGUNG: "Einigung erzielt",
    UNTERZEICHNET_TRAEGER: "vom Träger unterzeichnet",
    UNTERZEICHNET: "unterzeichnet",
    ABGESCHLOSSEN: "abgeschlossen",
}

LAND = "land"
TRAEGER = "traeger"
BUND = "bund"
PARTEIEN: tuple[str, ...] = (LAND, TRAEGER)
ROLLEN: tuple[str, ...] = ("admin", LAND, TRAEGER, "leser")
PARTEI_BEZEICHNUNG: dict[str, str] = {LAND: "Land", TRAEGER: "Träger", BUND: "BMAS"}
_GENITIV = {LAND: "Landes", TRAEGER: "Trägers", BUND: "BMAS"}


def parteien(bund_land: bool = False) -> tuple[str, str]:
    """(obere, untere) Partei: (land, traeger) bzw. bei BMAS ↔ Land (bund, land)."""
    return (BUND, LAND) if bund_land else (LAND, TRAEGER)


def position(partei: str, bund_land: bool = False) -> str:
    """Die Position der Partei in der Zustandstabelle ('land' = obere, 'traeger' = untere);
    unverändert für Nicht-Parteien (dann lehnt `uebergang` ab)."""
    oben, unten = parteien(bund_land)
    return {oben: LAND, unten: TRAEGER}.get(partei, f"keine:{partei}")


def partei_an(pos: str | None, bund_land: bool = False) -> str | None:
    """Die Partei an der Position (Umkehrung von `position`)."""
    if pos is None:
        return None
    oben, unten = parteien(bund_land)
    return oben if pos == LAND else unten


# Aktionscodes (stabil, für Formulare und Protokolle)
ANGEBOT_EINREICHEN = "angebot_einreichen"
GEGENVORSCHLAG_SENDEN = "gegenvorschlag_senden"
ANGEBOT_ANNEHMEN = "angebot_annehmen"
NEUES_ANGEBOT_EINREICHEN = "neues_angebot_einreichen"
GEGENVORSCHLAG_ANNEHMEN = "gegenvorschlag_annehmen"
UNTERZEICHNEN = "unterzeichnen"
GEGENZEICHNEN = "gegenzeichnen"
JAHRESABSCHLUSS = "jahresabschluss"
ENTWUERFE_ERZEUGEN = "entwuerfe_erzeugen"

# Art der Aktion: was der Aufrufer außer dem Zustandswechsel tut
MIT_WERTEN = "werte"  # legt eine neue Revision mit Zielwerten an
ANNAHME = "annahme"  # nimmt die letzte Revision der Gegenseite unverändert an
OHNE_WERTE = "ohne_werte"  # Unterschrift, Abschluss


@dataclass(frozen=True)
class Aktion:
    code: str
    bezeichnung: str
    von: str
    nach: str
    rolle: str  # LAND oder TRAEGER
    art: str  # MIT_WERTEN, ANNAHME oder OHNE_WERTE


AKTIONEN: tuple[Aktion, ...] = (
    Aktion(ANGEBOT_EINREICHEN, "Angebot einreichen", ENTWURF, ANGEBOT, TRAEGER, MIT_WERTEN),
    Aktion(
        GEGENVORSCHLAG_SENDEN, "Gegenvorschlag senden", ANGEBOT, GEGENVORSCHLAG, LAND, MIT_WERTEN
    ),
    Aktion(ANGEBOT_ANNEHMEN, "Angebot annehmen", ANGEBOT, EINIGUNG, LAND, ANNAHME),
    Aktion(
        NEUES_ANGEBOT_EINREICHEN,
        "neues Angebot einreichen",
        GEGENVORSCHLAG,
        ANGEBOT,
        TRAEGER,
        MIT_WERTEN,
    ),
    Aktion(
        GEGENVORSCHLAG_ANNEHMEN,
        "Gegenvorschlag annehmen",
        GEGENVORSCHLAG,
        EINIGUNG,
        TRAEGER,
        ANNAHME,
    ),
    Aktion(UNTERZEICHNEN, "unterzeichnen", EINIGUNG, UNTERZEICHNET_TRAEGER, TRAEGER, OHNE_WERTE),
    Aktion(GEGENZEICHNEN, "gegenzeichnen", UNTERZEICHNET_TRAEGER, UNTERZEICHNET, LAND, OHNE_WERTE),
    Aktion(JAHRESABSCHLUSS, "Jahresabschluss", UNTERZEICHNET, ABGESCHLOSSEN, LAND, OHNE_WERTE),
)
AKTION: dict[str, Aktion] = {a.code: a for a in AKTIONEN}


class UnzulaessigerUebergang(FachlicherFehler):
    """Eine Aktion ist im Zustand oder für die Rolle nicht erlaubt (deutsche Meldung)."""


def zustand_bezeichnung(zustand: str | None, bund_land: bool = False) -> str:
    """Anzeigename eines Zustands; None (noch keine Vereinbarung) → „keine Vereinbarung“."""
    if zustand is None:
        return "keine Vereinbarung"
    _pruefe_zustand(zustand)
    if bund_land and zustand == GEGENVORSCHLAG:
        return "Gegenvorschlag des BMAS"
    if bund_land and zustand == UNTERZEICHNET_TRAEGER:
        return "vom Land unterzeichnet"
    return ZUSTAND_BEZEICHNUNG[zustand]


def _pruefe_zustand(zustand: str) -> None:
    if zustand not in ZUSTAND_BEZEICHNUNG:
        raise UnzulaessigerUebergang(f"Unbekannter Zustand „{zustand}“.")


def aktion(code: str | Aktion) -> Aktion:
    """Die Aktion zum Code (oder die Aktion selbst); UnzulaessigerUebergang, wenn unbekannt."""
    if isinstance(code, Aktion):
        return code
    try:
        return AKTION[code]
    except (KeyError, TypeError):
        raise UnzulaessigerUebergang(f"Unbekannte Aktion „{code}“.") from None


def erlaubte_aktionen(zustand: str, rolle: str, bund_land: bool = False) -> list[Aktion]:
    """Die Aktionen, die `rolle` im `zustand` ausführen darf (leer für admin und leser)."""
    _pruefe_zustand(zustand)
    pos = position(rolle, bund_land)
    return [a for a in AKTIONEN if a.von == zustand and a.rolle == pos]


def uebergang(
    zustand: str, aktion_oder_code: str | Aktion, rolle: str, bund_land: bool = False
) -> str:
    """Der Folgezustand, wenn `rolle` im `zustand` die Aktion ausführt; sonst
    UnzulaessigerUebergang mit einer deutschen Meldung, die den Grund nennt."""
    _pruefe_zustand(zustand)
    a = aktion(aktion_oder_code)
    if AKTION.get(a.code) != a:
        raise UnzulaessigerUebergang(f"Unbekannte Aktion „{a.code}“.")
    oben, unten = parteien(bund_land)
    if rolle not in (oben, unten):
        raise UnzulaessigerUebergang(
            f"„{a.bezeichnung}“ ist nur den Vertragsparteien {PARTEI_BEZEICHNUNG[oben]} und "
            f"{PARTEI_BEZEICHNUNG[unten]} möglich, nicht der Rolle „{rolle}“."
        )
    if a.von != zustand:
        raise UnzulaessigerUebergang(
            f"„{a.bezeichnung}“ ist im Zustand „{zustand_bezeichnung(zustand, bund_land)}“ "
            "nicht möglich."
        )
    if a.rolle != position(rolle, bund_land):
        zustaendig = partei_an(a.rolle, bund_land) or a.rolle
        raise UnzulaessigerUebergang(
            f"„{a.bezeichnung}“ ist Sache des {_GENITIV[zustaendig]}, nicht des {_GENITIV[rolle]}."
        )
    return a.nach


def am_zug(zustand: str, bund_land: bool = False) -> str | None:
    """Die Partei mit einer Aktion im Zustand ('land'/'traeger', bei BMAS ↔ Land 'bund'/'land');
    None in `abgeschlossen`."""
    _pruefe_zustand(zustand)
    for a in AKTIONEN:
        if a.von == zustand:
            return partei_an(a.rolle, bund_land)
    return None


def am_zug_bezeichnung(zustand: str | None, bund_land: bool = False) -> str:
    """„Land“, „Träger“, „BMAS“ oder „–“ (niemand am Zug oder noch keine Vereinbarung). Nach
    beiden Unterschriften ist kein Schritt offen: der Jahresabschluss wartet auf die
    Dezemberdaten und macht niemanden „am Zug“."""
    if zustand == UNTERZEICHNET:
        return "–"
    partei = am_zug(zustand, bund_land) if zustand is not None else None
    return PARTEI_BEZEICHNUNG.get(partei, "–") if partei else "–"


def gegenseite(partei: str, bund_land: bool = False) -> str:
    """Die andere Vertragspartei."""
    oben, unten = parteien(bund_land)
    if partei not in (oben, unten):
        raise ValueError(f"„{partei}“ ist keine Vertragspartei")
    return unten if partei == oben else oben


def darf_entwuerfe_erzeugen(rolle: str) -> bool:
    """Entwürfe erzeugt nur das Land (für alle seine zkT eines Jahres)."""
    return rolle == LAND


def verhandelbar(zustand: str) -> bool:
    """Solange verhandelt wird, sind die Werte änderbar; ab `einigung` sind sie eingefroren."""
    _pruefe_zustand(zustand)
    return zustand in (ENTWURF, ANGEBOT, GEGENVORSCHLAG)
