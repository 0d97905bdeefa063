"""Plausibilitätsregeln der Basiszahlen (DOMAIN.md § 2).

Eine Verletzung stoppt keinen Import. Die betroffenen Werte werden markiert: jede Basiszahl-Zeile
trägt in `hinweise` eine Liste von Hinweisen der Form `{"felder": [...], "regel": "lzb > elb"}`,
die überall angezeigt werden, wo der Wert verwendet wird.

Regeln innerhalb einer Zeile (nur wenn beide Werte gemeldet sind; „nicht gemeldet“ prüft nichts):

- `lzb > elb`: mehr Langzeitleistungsbeziehende als eLb
- `integrationen_svb > integrationen`: mehr svB-Integrationen als Integrationen insgesamt
- `integrationen_svb_kontinuierlich > integrationen_svb`
- `lzb_aktiviert > lzb`
- `elb_alleinerziehend > elb`

Regel über die drei Geschlechtergruppen eines Trägers und Monats, für jedes Anzahl-Feld:
`frauen + maenner != gesamt` (nur wenn alle drei Werte gemeldet sind). Markiert wird das Feld
in allen drei Zeilen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import add, itemgetter
from typing import Any, NamedTuple

from .basiszahlen import ANZAHL, FELDER, FELDNAMEN, feld_text

# (größeres Feld, kleineres Feld): verletzt, wenn größeres > kleineres
ZEILENREGELN: tuple[tuple[str, str], ...] = (
    ("lzb", "elb"),
    ("integrationen_svb", "integrationen"),
    ("integrationen_svb_kontinuierlich", "integrationen_svb"),
    ("lzb_aktiviert", "lzb"),
    ("elb_alleinerziehend", "elb"),
)
SUMMENREGEL = "frauen + maenner != gesamt"

_POS = {name: i for i, name in enumerate(FELDNAMEN)}
_ZEILENREGELN_POS = tuple(
    (_POS[a], _POS[b], {"felder": [a, b], "regel": f"{a} > {b}"}) for a, b in ZEILENREGELN
)
_ANZAHL_POS = tuple((i, f.name) for i, f in enumerate(FELDER) if f.typ == ANZAHL)
_ANZAHL = itemgetter(*(i for i, _ in _ANZAHL_POS))
_ANZAHL_NAMEN = tuple(name for _, name in _ANZAHL_POS)
_TUPEL = tuple.__new__


def zeilenhinweise(werte: Sequence[int | None]) -> list[dict[str, Any]]:
    """Die verletzten Zeilenregeln für eine Zeile (Werte in der Reihenfolge von FELDNAMEN)."""
    treffer = []
    for a, b, hinweis in _ZEILENREGELN_POS:
        wert_a, wert_b = werte[a], werte[b]
        if wert_a is not None and wert_b is not None and wert_a > wert_b:
            treffer.append({"felder": list(hinweis["felder"]), "regel": hinweis["regel"]})
    return treffer


def hinweis_text(hinweis: Mapping[str, Any]) -> str:
    """Ein gespeicherter Hinweis in Worten, z. B. „Bestand Langzeitleistungsbeziehende“ (lzb)
    größer als „Bestand erwerbsfähige Leistungsberechtigte“ (elb), oder Frauen + Männer ≠ Gesamt
    bei „Integrationen“ (integrationen). Eine unbekannte Regel bleibt, wie sie gespeichert ist."""
    regel = str(hinweis.get("regel", ""))
    felder = [str(f) for f in hinweis.get("felder", ())]
    if regel == SUMMENREGEL and felder:
        return "Frauen + Männer ≠ Gesamt bei " + ", ".join(feld_text(f) for f in felder)
    if len(felder) == 2 and regel == f"{felder[0]} > {felder[1]}":
        return f"{feld_text(felder[0])} größer als {feld_text(felder[1])}"
    return regel


def zeilenwarnung(
    zeile: int, hinweis: dict[str, Any], werte: Sequence[int | None], ort: str
) -> str:
    """Deutsche Warnung, z. B. „Zeile 5: lzb (120) ist größer als elb (100) bei 01054, 2024-01,
    gesamt …“."""
    a, b = hinweis["felder"]
    return (
        f"Zeile {zeile}: {a} ({werte[_POS[a]]}) ist größer als {b} ({werte[_POS[b]]}) "
        f"bei {ort} – bitte prüfen."
    )


class Summenabweichung(NamedTuple):
    """Ein Anzahl-Feld, bei dem frauen + maenner nicht gesamt ergibt (ein Tupel: in einer Datei
    mit vielen Abweichungen entstehen Hunderttausende)."""

    feld: str
    frauen: int
    maenner: int
    gesamt: int

    @property
    def hinweis(self) -> dict[str, Any]:
        return {"felder": [self.feld], "regel": SUMMENREGEL}


def summenabweichungen(gruppe: Mapping[str, Sequence[int | None]]) -> list[Summenabweichung]:
    """Prüft `frauen + maenner == gesamt` für jedes Anzahl-Feld einer Gruppe (Träger, Monat).

    `gruppe` bildet Geschlechtergruppe → Werte ab. Fehlt eine der drei Gruppen oder ist ein Wert
    nicht gemeldet, gibt es für dieses Feld keine Aussage.
    """
    frauen, maenner, gesamt = gruppe.get("frauen"), gruppe.get("maenner"), gruppe.get("gesamt")
    if frauen is None or maenner is None or gesamt is None:
        return []
    f_, m_, g_ = _ANZAHL(frauen), _ANZAHL(maenner), _ANZAHL(gesamt)
    try:  # alles gemeldet: ein Vergleich in C, Abweichungen ohne Python-__new__
        summen = list(map(add, f_, m_))
    except TypeError:  # ein Wert ist nicht gemeldet (None): Feld für Feld
        pass
    else:
        if summen == list(g_):
            return []
        return [
            _TUPEL(Summenabweichung, (name, f, m, g))
            for name, f, m, fm, g in zip(_ANZAHL_NAMEN, f_, m_, summen, g_, strict=True)
            if fm != g
        ]
    abweichungen = []
    for pos, name in _ANZAHL_POS:
        f, m, g = frauen[pos], maenner[pos], gesamt[pos]
        if f is not None and m is not None and g is not None and f + m != g:
            abweichungen.append(Summenabweichung(name, f, m, g))
    return abweichungen


def ohne_summenhinweise(hinweise: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Die Hinweise einer Zeile ohne die der Summenregel (die werden neu berechnet)."""
    return [h for h in hinweise if h.get("regel") != SUMMENREGEL]


def summenwarnung(
    abweichung: Summenabweichung, ags: str, monat: str, zeilen: Mapping[str, int | None]
) -> str:
    """Deutsche Warnung zur Summenregel; `zeilen` nennt je Geschlechtergruppe die Dateizeile
    (None: der Wert stammt aus einem früheren Import)."""
    return summenwarnungen([abweichung], ags, monat, zeilen)[0]


def summenwarnungen(
    abweichungen: Sequence[Summenabweichung],
    ags: str,
    monat: str,
    zeilen: Mapping[str, int | None],
) -> list[str]:
    """`summenwarnung` für alle Abweichungen einer Gruppe (Ort und Herkunft nur einmal gebaut)."""
    aus_datei = sorted(z for z in zeilen.values() if z is not None)
    frueher = [g for g in ("gesamt", "frauen", "maenner") if zeilen.get(g) is None]
    wo = ("Zeile " if len(aus_datei) == 1 else "Zeilen ") + ", ".join(map(str, aus_datei))
    herkunft = f" ({', '.join(frueher)} aus früherem Import)" if frueher else ""
    return [
        f"{wo}: {a.feld} bei {ags}, {monat}: frauen + maenner = {a.frauen} + {a.maenner} = "
        f"{a.frauen + a.maenner}, aber gesamt = {a.gesamt}{herkunft} – bitte prüfen."
        for a in abweichungen
    ]
