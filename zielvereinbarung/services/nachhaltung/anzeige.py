"""Anzeige der Nachhaltung: Indikatorstände → fertig formatierte Zeilen und Diagrammdaten
(`documents.berichtsmodell`), gemeinsam für die Nachhaltungsseite und die Berichte.

Zahlen werden nur in `format` gerundet (deutsch); Quoten in %, LZB in Personen, LLU in
EUR; Veränderung mit Vorzeichen; Zielerreichungsgrad in %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...documents.berichtsmodell import Diagramm, IndikatorZeile
from ...domain.katalog import EURO, PROZENT, zielindikator_definition
from ...domain.nachhaltung import NACH_VERAENDERUNG, NACH_WERT, Indikatorstand, Rang, rangmass
from ...domain.ziele import KORRIDOR, MONITORING, QUALITATIV, Zielvorgabe, einheit_text
from ...domain.zielniveau import stellen_zielniveau
from ...domain.zielsaetze import kurztext
from ...format import LEER, MONATSKUERZEL, datum, prozent, veraenderung
from ...models import Zielnachhaltedialog
from .daten import TraegerStand

STATUS_KLASSE = {
    "auf Kurs": "gut",
    "erreicht": "gut",
    "gefährdet": "mittel",
    "knapp": "mittel",
    "kritisch": "schlecht",
    "verfehlt": "schlecht",
}
RANG_TEXT = {
    NACH_WERT: "nach Wert",
    NACH_VERAENDERUNG: "nach Veränderung zum Vorjahreszeitraum",
    "grad": "nach Zielerreichung",
}


# Welcher Wert einer Zeile nicht berechenbar ist (Schlüssel von `Indikatorstand.gruende`)
TEIL_TEXT = {
    "wert": "Wert",
    "vorjahr": "Vorjahreszeitraum",
    "veraenderung": "Veränderung",
    "projektion": "Projektion",
    "zielniveau": "Zielniveau",
}


def datum_text(d: date | None) -> str:
    return datum(d) or LEER


def _einheit(code: str, wert: Decimal | None) -> str:
    if wert is None:
        return LEER
    return einheit_text(code, wert)


def schwelle_text(code: str, wert: Decimal | None, basiswert: Decimal | None) -> str:
    """Basiswert, Zielniveau und Korridorgrenzen so genau, dass nahe Ziele verschieden aussehen
    („30,75 %“ statt „30,8 %“; `domain.zielniveau.stellen_zielniveau`)."""
    if wert is None:
        return LEER
    return einheit_text(code, wert, stellen_zielniveau(code, basiswert))


def _rang(raenge: dict[str, Rang | None], code: str, art: str, hat_ziel: bool) -> str:
    """„3 von 16 nach Zielerreichung; 5 von 16 nach Wert“ (LZB, LLU: „nach Veränderung …“)."""
    teile = []
    mass = rangmass(code)
    for schluessel in ("grad", mass) if hat_ziel else (mass,):
        r = raenge.get(f"{art}_{schluessel}")
        if r is not None:
            teile.append(f"{r} {RANG_TEXT[schluessel]}")
    return "; ".join(teile) or LEER


def ziel_kurztext(s: Indikatorstand, untere=None, obere=None, wert=None) -> str:
    if s.zieltyp == QUALITATIV:
        return "qualitativ"
    return kurztext(Zielvorgabe(s.zielindikator, s.zieltyp, wert, untere, obere))


def diagramm(s: Indikatorstand) -> Diagramm | None:
    """Monatsverlauf: dieses Jahr, Vorjahr und (mit Ziel) der Zielpfad."""
    if s.zieltyp == QUALITATIV:
        return None
    einheit = zielindikator_definition(s.zielindikator).einheit

    def zahlen(werte) -> tuple[float | None, ...]:
        return tuple(None if w is None else float(w) for w in werte)

    reihen = [(str(s.jahr), zahlen(s.verlauf)), (str(s.jahr - 1), zahlen(s.verlauf_vorjahr))]
    if s.hat_ziel and any(w is not None for w in s.zielpfad):
        name = "Zielpfad (bessere Korridorgrenze)" if s.zieltyp == KORRIDOR else "Zielpfad"
        reihen.append((name, zahlen(s.zielpfad)))
    return Diagramm(
        f"{s.bezeichnung}: Monatsverlauf {s.jahr} gegen {s.jahr - 1}",
        {PROZENT: "%", EURO: "EUR"}.get(einheit, "Personen"),
        MONATSKUERZEL,
        tuple(reihen),
        1 if einheit == PROZENT else 0,
    )


def zeile(
    s: Indikatorstand,
    t: TraegerStand,
    vorgabe: dict | None = None,
    wuerdigung: str | None = None,
    mit_diagramm: bool = True,
) -> IndikatorZeile:
    """Eine Tabellenzeile; `vorgabe` sind die Zielwerte (wert, untere, obere) für den Kurztext."""
    code = s.zielindikator
    vorgabe = vorgabe or {}
    geaendert = t.vereinbarung.geaendert.get(code) if t.vereinbarung else None
    if s.zieltyp == QUALITATIV:
        return IndikatorZeile(
            code=code,
            bezeichnung=s.bezeichnung,
            zieltyp=QUALITATIV,
            ziel="qualitativ",
            methode="",
            status="Würdigung im Dialog",
            status_klasse="neutral",
            text=s.text,
            wuerdigung=wuerdigung,
            geaendert=geaendert,
            wert=LEER,
            vorjahr=LEER,
            veraenderung=LEER,
            basiswert=LEER,
            zielniveau=LEER,
            projektion=LEER,
            grad=LEER,
            datenstand=LEER,
            rang_land=LEER,
            rang_typ=LEER,
        )
    hinweis = None
    if (
        s.basiswert is not None
        and s.basiswert_aktuell is not None
        and s.basiswert_aktuell != s.basiswert
    ):
        hinweis = (
            f"nach heutigen Daten {schwelle_text(code, s.basiswert_aktuell, s.basiswert)} "
            "(neuer Datenstand; maßgeblich bleibt der vereinbarte Basiswert)"
        )
    korridor = None
    if s.korridor_niveaus:
        u, o = s.korridor_niveaus
        korridor = (
            f"{schwelle_text(code, u, s.basiswert)} bis {schwelle_text(code, o, s.basiswert)}"
        )
        if s.korridor_lage:
            korridor += f"; Projektion {s.korridor_lage}"
    raenge = t.raenge.get(code, {})
    return IndikatorZeile(
        code=code,
        bezeichnung=s.bezeichnung,
        zieltyp=s.zieltyp,
        ziel=ziel_kurztext(s, vorgabe.get("untere"), vorgabe.get("obere"), vorgabe.get("wert")),
        wert=_einheit(code, s.wert),
        vorjahr=_einheit(code, s.vorjahr),
        veraenderung=veraenderung(s.veraenderung),
        basiswert=(
            schwelle_text(code, s.basiswert, s.basiswert) if s.zieltyp != MONITORING else LEER
        ),
        zielniveau=schwelle_text(code, s.zielniveau, s.basiswert),
        projektion=_einheit(code, s.projektion),
        methode=s.methode or "",
        grad=prozent(s.grad),
        status=s.status or ("ohne Ziel" if s.zieltyp == MONITORING else LEER),
        status_klasse=STATUS_KLASSE.get(s.status or "", "neutral"),
        datenstand=datum_text(t.datenstand(code)),
        rang_land=_rang(raenge, code, "land", s.hat_ziel),
        rang_typ=_rang(raenge, code, "typ", s.hat_ziel)
        if t.vergleichstyp
        else "kein Vergleichstyp",
        korridor=korridor,
        basiswert_hinweis=hinweis,
        hinweise=tuple(
            f"{TEIL_TEXT.get(teil, teil)}: {grund}" for teil, grund in s.gruende.items()
        ),
        wuerdigung=wuerdigung,
        diagramm=diagramm(s) if mit_diagramm else None,
        geaendert=geaendert,
    )


ROHWERTE = ("wert", "vorjahr", "veraenderung", "basiswert", "zielniveau", "projektion", "grad")


def rohwerte(s: Indikatorstand) -> dict[str, Decimal | None]:
    """Die ungerundeten Zahlen einer Zeile (für den Download der Seite); leer bei qualitativen
    Zielen, Basiswert nur mit Ziel (wie die Anzeige)."""
    if s.zieltyp == QUALITATIV:
        return {}
    werte = {name: getattr(s, name) for name in ROHWERTE}
    if s.zieltyp == MONITORING:
        werte["basiswert"] = None
    return werte


def vorgaben_je_code(t: TraegerStand) -> dict[str, dict]:
    if not t.vereinbarung:
        return {}
    return {
        z.zielindikator: {"wert": z.wert, "untere": z.untere, "obere": z.obere}
        for z in t.vereinbarung.ziele
    }


def zeilen(
    t: TraegerStand,
    dialoge: list[Zielnachhaltedialog],
    mit_diagramm: bool = True,
) -> tuple[IndikatorZeile, ...]:
    """Alle Zeilen eines Trägers; Würdigung aus dem jüngsten Dialog, der den Indikator würdigt
    (ein durch einen neuen Dialog korrigierter zählt nicht mehr).
    Ohne Vereinbarung nur die Zielindikatoren mit Wert (kein qualitatives Ziel)."""
    vorgaben = vorgaben_je_code(t)
    korrigiert = {d.korrektur_von for d in dialoge if d.korrektur_von}
    geltend = [d for d in dialoge if d.id not in korrigiert]

    def wuerdigung(code: str) -> str | None:
        for d in geltend:  # neueste zuerst
            if (d.wuerdigungen or {}).get(code):
                return d.wuerdigungen[code]
        return None

    return tuple(
        zeile(s, t, vorgaben.get(s.zielindikator), wuerdigung(s.zielindikator), mit_diagramm)
        for s in t.staende
    )


def kennwerte(t: TraegerStand) -> dict:
    """Die ungerundeten Werte je Zielindikator (für den Vergleich „neue Datenstände seit dem letzten
    Bericht“), JSON-tauglich."""
    return {
        s.zielindikator: {
            "wert": None if s.wert is None else str(s.wert),
            "vorjahr": None if s.vorjahr is None else str(s.vorjahr),
        }
        for s in t.staende
        if s.zieltyp != QUALITATIV
    }
