"""Mehrere Importerweiterungen in einem Import (z. B. die Spalten der Vergleichsringe und die
monatlichen Ausgaben): jede Spalte gehört genau einer Erweiterung; Prüfen, Planen und Speichern
gehen an die jeweils zuständige. Die Zahlen des Plans sind die Summe der Teile; die Bezeichnung
nennt die Teile, die in der Datei vorkommen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from ...domain.importpruefung import Datensatz
from .importerweiterung import Importerweiterung, Zusatzplan

RINGWERTE = "Werte der Vergleichsringe"


@dataclass
class Verbundplan:
    teile: list = field(default_factory=list)  # (Erweiterung, Plan)

    @property
    def einfuegen(self) -> list:
        return [z for _, p in self.teile for z in p.einfuegen]

    @property
    def neu(self) -> int:
        return sum(p.neu for _, p in self.teile)

    @property
    def neuer_datenstand(self) -> int:
        return sum(p.neuer_datenstand for _, p in self.teile)

    @property
    def unveraendert(self) -> int:
        return sum(p.unveraendert for _, p in self.teile)

    @property
    def warnungen(self) -> list[str]:
        return [w for _, p in self.teile for w in p.warnungen]

    @property
    def bezeichnung(self) -> str:
        namen = [getattr(p, "bezeichnung", RINGWERTE) for _, p in self.teile]
        return " und ".join(namen) if namen else RINGWERTE


class Zusatzverbund:
    def __init__(self, teile: list[Importerweiterung]):
        self.teile = teile
        self._zu = {name: t for t in teile for name in t.spalten()}

    def spalten(self) -> dict[str, str]:
        return {name: text for t in self.teile for name, text in t.spalten().items()}

    def lies(self, spalte: str, text: str, dezimalkomma: bool):
        return self._zu[spalte].lies(spalte, text, dezimalkomma)

    def zelle_erlaubt(self, ags: str, monat: str, spalte: str, geschlecht: str = "gesamt"):
        return self._zu[spalte].zelle_erlaubt(ags, monat, spalte, geschlecht)

    def wert_text(self, spalte: str, wert: int) -> str:
        return self._zu[spalte].wert_text(spalte, wert)

    def zeilenhinweise(self, gesetzlich: Mapping, zusatz: Mapping) -> list[tuple[dict, str]]:
        treffer = []
        for t in self.teile:
            eigene = {k: v for k, v in zusatz.items() if k in t.spalten()}
            if eigene:
                treffer.extend(t.zeilenhinweise(gesetzlich, eigene))
        return treffer

    def plane(self, session: Session, saetze: list[Datensatz]) -> Verbundplan:
        plan = Verbundplan()
        for t in self.teile:
            eigene = set(t.spalten())
            if not any(eigene & s.zusatz.keys() for s in saetze):
                continue
            # Jeder Teil sieht nur seine Spalten – an denselben Datensätzen, damit seine
            # Vorschau-Angaben (`zusatz_art`, `zusatz_alt`) an ihnen bleiben.
            alle = [s.zusatz for s in saetze]
            try:
                for s, z in zip(saetze, alle, strict=True):
                    s.zusatz = {k: v for k, v in z.items() if k in eigene}
                plan.teile.append((t, t.plane(session, saetze)))
            finally:
                for s, z in zip(saetze, alle, strict=True):
                    s.zusatz = z
        return plan

    def speichere(self, session: Session, plan: Zusatzplan, import_id: int) -> None:
        assert isinstance(plan, Verbundplan), plan  # von plane() dieses Verbunds
        for t, teilplan in plan.teile:
            t.speichere(session, teilplan, import_id)


def verbinde(*teile: Importerweiterung | None) -> Importerweiterung | None:
    """None ohne Teile, die Erweiterung selbst bei einem, sonst der Verbund."""
    vorhanden = [t for t in teile if t is not None]
    if not vorhanden:
        return None
    if len(vorhanden) == 1:
        return vorhanden[0]
    return Zusatzverbund(vorhanden)
