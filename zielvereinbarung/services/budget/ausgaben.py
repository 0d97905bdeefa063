"""Die monatlichen Ausgaben als Spalten des Basiszahlen-Imports (DOMAIN.md § 10 mit den Regeln
von § 2): `ausgaben_eingliederung` und `ausgaben_verwaltung` in Euro (höchstens 2
Nachkommastellen, gespeichert in Cent), nur in Zeilen mit `geschlecht` gesamt.

`Ausgabenspalten` ist eine Importerweiterung (`importerweiterung.Importerweiterung`): geprüft wie
jede Zelle, alles oder nichts, Datenstände je (ags, monat) wie bei den Basiszahlen – eine Zeile mit
anderen Werten ist eine neue Fassung, die alte bleibt; dieselben Werte sind „unverändert“. Eine
Teilkorrektur (nur eine der beiden Spalten in der Datei) übernimmt den anderen Topf aus dem
geltenden Stand; eine leere Zelle einer Spalte der Datei heißt „nicht gemeldet“.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlalchemy import insert, select
from sqlmodel import Session, col

from ...domain.datenstaende import NEU, NEUER_DATENSTAND, UNVERAENDERT
from ...domain.importpruefung import Datensatz
from ...domain.importzellen import MAX_WERT, lies_zahl
from ...format import euro
from ...models import Ausgabe

SPALTEN = {
    "ausgaben_eingliederung": "ausgegebene Eingliederungsmittel im Monat (EUR)",
    "ausgaben_verwaltung": "ausgegebene Verwaltungsmittel im Monat (EUR)",
}
TOPF = {"ausgaben_eingliederung": "eingliederung", "ausgaben_verwaltung": "verwaltung"}
BEZEICHNUNG = "Ausgaben"

Werte = tuple[int | None, int | None]


@dataclass
class Ausgabenplan:
    einfuegen: list[dict] = field(default_factory=list)
    neu: int = 0
    neuer_datenstand: int = 0
    unveraendert: int = 0
    warnungen: list[str] = field(default_factory=list)
    bezeichnung: str = BEZEICHNUNG


def geltende_ausgaben(
    session: Session, ags: list[str], von: str, bis: str
) -> dict[tuple[str, str], Ausgabe]:
    """Je (ags, monat) im Bereich der geltende Stand (neuester Datenstand, dann Import, dann id)."""
    aktuell: dict[tuple[str, str], Ausgabe] = {}
    if not ags:
        return aktuell
    for a in session.scalars(
        select(Ausgabe).where(
            col(Ausgabe.ags).in_(sorted(set(ags))), col(Ausgabe.monat).between(von, bis)
        )
    ):
        bisher = aktuell.get((a.ags, a.monat))
        if bisher is None or _rang(a) > _rang(bisher):
            aktuell[(a.ags, a.monat)] = a
    return aktuell


def _rang(a: Ausgabe) -> tuple[date, int, int]:
    return (a.datenstand, a.import_id, a.id or 0)


class Ausgabenspalten:
    """Importerweiterung für die monatlichen Ausgaben (Administration, Land, Kommandozeile)."""

    def spalten(self) -> dict[str, str]:
        return dict(SPALTEN)

    def lies(self, spalte: str, text: str, dezimalkomma: bool) -> tuple[int | None, str | None]:
        if text.isascii() and text.isdigit() and len(text) < 14:
            wert = int(text) * 100
            return (wert, None) if wert <= MAX_WERT else lies_zahl(text, True, dezimalkomma)
        return lies_zahl(text, True, dezimalkomma)

    def zelle_erlaubt(
        self, ags: str, monat: str, spalte: str, geschlecht: str = "gesamt"
    ) -> str | None:
        if geschlecht == "gesamt":
            return None
        return (
            f"Ausgaben gibt es nur je Träger und Monat: bitte in die Zeile mit geschlecht "
            f"gesamt eintragen, nicht {geschlecht}."
        )

    def wert_text(self, spalte: str, wert: int) -> str:
        return euro(Fraction(wert, 100))

    def zeilenhinweise(
        self, gesetzlich: Mapping[str, int | None], zusatz: Mapping[str, int | None]
    ) -> list[tuple[dict, str]]:
        return []

    def plane(self, session: Session, saetze: list[Datensatz]) -> Ausgabenplan:
        plan = Ausgabenplan()
        mit = [s for s in saetze if any(k in SPALTEN for k in s.zusatz)]
        if not mit:
            return plan
        monate = [s.monat for s in mit]
        alle = list(
            session.scalars(
                select(Ausgabe).where(
                    col(Ausgabe.ags).in_(sorted({s.ags for s in mit})),
                    col(Ausgabe.monat).between(min(monate), max(monate)),
                )
            )
        )
        aktuell: dict[tuple[str, str], Ausgabe] = {}
        gleicher_stand: dict[tuple[str, str, date], set[Werte]] = {}
        for a in alle:
            bisher = aktuell.get((a.ags, a.monat))
            if bisher is None or _rang(a) > _rang(bisher):
                aktuell[(a.ags, a.monat)] = a
            gleicher_stand.setdefault((a.ags, a.monat, a.datenstand), set()).add(
                (a.eingliederung, a.verwaltung)
            )
        for satz in mit:
            bisher = aktuell.get((satz.ags, satz.monat))
            alt: Werte = (
                (bisher.eingliederung, bisher.verwaltung) if bisher is not None else (None, None)
            )
            werte: Werte = (
                satz.zusatz["ausgaben_eingliederung"]
                if "ausgaben_eingliederung" in satz.zusatz
                else alt[0],
                satz.zusatz["ausgaben_verwaltung"]
                if "ausgaben_verwaltung" in satz.zusatz
                else alt[1],
            )
            spalten = [k for k in SPALTEN if k in satz.zusatz]
            if bisher is not None:  # für die Vorschau „alt → neu“
                for k in spalten:
                    satz.zusatz_alt[k] = alt[0 if TOPF[k] == "eingliederung" else 1]
            if (bisher is not None and alt == werte) or werte in gleicher_stand.get(
                (satz.ags, satz.monat, satz.datenstand), ()
            ):
                plan.unveraendert += 1
                art = UNVERAENDERT
            elif bisher is None:
                plan.neu += 1
                art = NEU
            else:
                plan.neuer_datenstand += 1
                art = NEUER_DATENSTAND
            for k in spalten:
                satz.zusatz_art[k] = art
            if art == UNVERAENDERT:
                continue
            plan.einfuegen.append(
                {
                    "ags": satz.ags,
                    "monat": satz.monat,
                    "datenstand": satz.datenstand,
                    "eingliederung": werte[0],
                    "verwaltung": werte[1],
                }
            )
        return plan

    def speichere(self, session: Session, plan, import_id: int) -> None:
        if plan.einfuegen:
            session.execute(
                insert(Ausgabe.__table__),  # type: ignore[attr-defined]
                [{**zeile, "import_id": import_id} for zeile in plan.einfuegen],
            )
