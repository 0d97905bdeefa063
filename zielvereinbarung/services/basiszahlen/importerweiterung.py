"""Schnittstelle für weitere Wertspalten im Basiszahlen-Import mit eigener Ablage (die eigenen
Basiszahlen der Vergleichsringe, `services.ringe.ringspalten.Ringspalten`): geprüft wie jede Zelle
(`domain.importpruefung.Zusatzspalten`), geplant und gespeichert nach denselben Regeln wie die
gesetzlichen Basiszahlen (alles oder nichts, Datenstände, „unverändert“)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from ...domain.importpruefung import Datensatz
from ...domain.importzusatz import Zusatzspalten


class Zusatzplan(Protocol):
    """Was eine Importerweiterung schreiben würde (Zahlen je Zelle); nur gelesen."""

    @property
    def einfuegen(self) -> list: ...

    @property
    def neu(self) -> int: ...

    @property
    def neuer_datenstand(self) -> int: ...

    @property
    def unveraendert(self) -> int: ...

    @property
    def warnungen(self) -> list[str]: ...


class Importerweiterung(Zusatzspalten, Protocol):
    """Zusätzliche Wertspalten mit eigener Ablage (z. B. die eigenen Basiszahlen der
    Vergleichsringe): geprüft wie jede Zelle (`Zusatzspalten`), geplant und gespeichert nach
    denselben Regeln (alles oder nichts, Datenstände, „unverändert“)."""

    def plane(self, session: Session, saetze: list[Datensatz]) -> Zusatzplan: ...

    def speichere(self, session: Session, plan: Zusatzplan, import_id: int) -> None:
        """Schreibt den Plan, den `plane` dieser Erweiterung geliefert hat."""
        ...

    def wert_text(self, spalte: str, wert: int) -> str:
        """Ein gespeicherter Wert deutsch formatiert (für die Vorschau)."""
        ...


@dataclass(frozen=True)
class Zusatzzahlen:
    neu: int
    neuer_datenstand: int
    unveraendert: int
    bezeichnung: str = "Werte der Vergleichsringe"  # oder „Ausgaben“ …
