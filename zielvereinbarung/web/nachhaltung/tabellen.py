"""Die Tabellen der Nachhaltungsseite als Tabellenmodell (Seite und Download aus denselben
Zeilen): Stand je Zielindikator, Vergleich und Datengrundlage, Jahresabschluss.

Zahlen kommen ungerundet aus der Ansicht (`rohwerte`) und werden wie überall gerundet:
Quoten in % mit einer Stelle, LZB in Personen, LLU in ganzen Euro, Veränderung mit Vorzeichen,
Zielerreichung in %.
"""

from __future__ import annotations

from ...domain.katalog import EURO, PERSONEN, zielindikator_definition
from ...domain.ziele import QUALITATIV
from ...domain.zielniveau import stellen_zielniveau
from ...services.nachhaltung.seite import NachhaltungAnsicht
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle, Zelle, textzelle

EINHEIT = {PERSONEN: ("Personen", tm.ANZAHL, 0), EURO: ("EUR", tm.EURO, 0)}
PROZENT = ("%", tm.PROZENT, 1)


def einheit(code: str) -> tuple[str, str, int]:
    """(Einheit, Art, Nachkommastellen) eines Zielindikators."""
    return EINHEIT.get(zielindikator_definition(code).einheit, PROZENT)


def _wert(
    spalte: Spalte, code: str, wert, stellen: int | None = None, zusatz: str | None = None
) -> Zelle:
    _, art, ueblich = einheit(code)
    return spalte.zelle(
        wert, art=art, stellen=ueblich if stellen is None else stellen, zusatz=zusatz
    )


def stand_tabelle(a: NachhaltungAnsicht) -> Tabelle:
    spalten = [
        Spalte("Zielindikator", zeilenkopf=True),
        Spalte("Ziel"),
        Spalte("Einheit"),
        Spalte("Wert", tm.ZAHL, hilfe="jahresfortschrittswert"),
        Spalte("Vorjahreszeitraum", tm.ZAHL),
        Spalte("Veränderung", tm.VERAENDERUNG, hilfe="prozentpunkte"),
        Spalte("Basiswert", tm.ZAHL, hilfe="basiswert"),
        Spalte("Zielniveau", tm.ZAHL, hilfe="zielniveau"),
        Spalte("Projektion Dezember", tm.ZAHL, hilfe="projektion"),
        Spalte("Zielerreichung", tm.PROZENT, hilfe="zielerreichungsgrad"),
        Spalte("Status"),
    ]
    tabelle = Tabelle(
        "Stand",
        f"Stand je Zielindikator, {a.monat_text} (Jahresfortschrittswerte: Januar bis "
        f"{a.monat_text})",
        spalten,
    )
    for z in a.zeilen:
        if z.zieltyp == QUALITATIV:
            continue
        roh = a.rohwerte.get(z.code, {})
        genau = stellen_zielniveau(z.code, roh.get("basiswert"))  # „30,75 %“ statt „30,8 %“
        tabelle.zeile(
            z.bezeichnung,
            textzelle(z.ziel, zusatz=z.geaendert),  # „geändert durch Änderungsvereinbarung …“
            einheit(z.code)[0],
            *(
                _wert(spalten[i], z.code, roh.get(name))
                for i, name in ((3, "wert"), (4, "vorjahr"))
            ),
            roh.get("veraenderung"),
            _wert(spalten[6], z.code, roh.get("basiswert"), genau),
            _wert(spalten[7], z.code, roh.get("zielniveau"), genau),
            _wert(spalten[8], z.code, roh.get("projektion")),
            roh.get("grad"),
            textzelle(z.status, klasse=f"status-{z.status_klasse}"),
        )
    tabelle.anmerkungen = [
        f"Projektion auf Dezember: {a.methode}. Zielerreichung = Projektion ÷ Zielniveau (bei "
        "„niedriger ist besser“ umgekehrt); Status mit den Schwellen des Landes: auf Kurs, "
        "gefährdet, kritisch (im Dezember: erreicht, knapp, verfehlt)."
    ]
    return tabelle


def vergleich_tabelle(a: NachhaltungAnsicht) -> Tabelle:
    tabelle = Tabelle(
        "Vergleich",
        "Rang im Land und im Vergleichstyp, Datenstand, Hinweise",
        [
            Spalte("Zielindikator", zeilenkopf=True),
            Spalte("Rang im Land", hilfe="rang"),
            Spalte("Rang im Vergleichstyp"),
            Spalte("Datenstand", hilfe="datenstand"),
            Spalte("Hinweise"),
        ],
    )
    for z in a.zeilen:
        if z.zieltyp == QUALITATIV:
            continue
        hinweise = []
        if z.korridor:
            hinweise.append(f"Korridor {z.korridor}.")
        if z.basiswert_hinweis:
            hinweise.append(f"Basiswert {z.basiswert_hinweis}.")
        if z.hinweise:
            hinweise.append("; ".join(z.hinweise))
        tabelle.zeile(
            z.bezeichnung,
            textzelle(z.rang_land),
            textzelle(z.rang_typ),
            textzelle(z.datenstand),
            textzelle(" ".join(hinweise)),
        )
    return tabelle


def jahresabschluss_tabelle(a: NachhaltungAnsicht) -> Tabelle | None:
    if not a.jahresergebnisse:
        return None
    spalten = [
        Spalte("Ziel", zeilenkopf=True),
        Spalte("Einheit"),
        Spalte("Wert", tm.ZAHL),
        Spalte("Veränderung", tm.VERAENDERUNG),
        Spalte("Zielniveau", tm.ZAHL),
        Spalte("Zielerreichung", tm.PROZENT),
        Spalte("Ergebnis"),
        Spalte("Datenstand"),
        Spalte("Festgestellt"),
    ]
    tabelle = Tabelle("Jahresabschluss", "Festgestellte Jahresergebnisse (eingefroren)", spalten)
    for j in a.jahresergebnisse:
        roh = j.roh
        mit_zahl = bool(roh) and j.zielindikator
        tabelle.zeile(
            j.bezeichnung,
            textzelle(einheit(j.zielindikator)[0] if mit_zahl else None),
            _wert(spalten[2], j.zielindikator, roh.get("wert")) if mit_zahl else Zelle(),
            roh.get("veraenderung"),
            _wert(spalten[4], j.zielindikator, roh.get("zielniveau"), zusatz=j.aenderung)
            if mit_zahl
            else textzelle(None, zusatz=j.aenderung),
            roh.get("grad"),
            textzelle(j.status, klasse="betont"),
            textzelle(j.datenstand),
            j.festgestellt,
        )
    return tabelle


def nachhaltung_mappe(a: NachhaltungAnsicht) -> Mappe:
    tabellen = []
    if a.monat:
        tabellen += [stand_tabelle(a), vergleich_tabelle(a)]
    abschluss = jahresabschluss_tabelle(a)
    if abschluss is not None:
        tabellen.append(abschluss)
    titel = f"Nachhaltung {a.jahr} – {a.traeger_name}"
    return Mappe(
        titel,
        f"Nachhaltung {a.jahr} {a.traeger_name} {a.monat or ''}".strip(),
        tabellen,
        demodaten=a.demodaten,
        angaben=[
            ("Träger", f"{a.traeger_name} ({a.ags})"),
            ("Berichtsmonat", a.monat_text),
            ("Stand der Vereinbarung", a.zustand_bezeichnung),
        ],
    )
