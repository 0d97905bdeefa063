"""Das Ergebnis eines Imports (oder seiner Vorschau) und was es über die Spalten der Datei sagt.

Die Wertspalten der Datei bestimmen, was sich ändert – für die gesetzlichen Basiszahlen wie für
die Spalten der Vergleichsringe: Spalten, die nicht in der Datei stehen, behalten ihre
gespeicherten Werte (Teilkorrektur); eine leere Zelle in einer vorhandenen Spalte heißt „nicht
gemeldet“. Eine Datei nur mit Ringspalten ist die Teilkorrektur, die nur Ringwerte ändert.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.basiszahlen import FELDNAMEN
from ...domain.importpruefung import Datensatz
from ...format import zahl
from ..budget.ausgaben import SPALTEN as AUSGABENSPALTEN
from .importerweiterung import Importerweiterung, Zusatzzahlen


def zusatzgruppen(spalten: tuple[str, ...]) -> list[str]:
    """Zusatzspalten nach Herkunft: „Vergleichsringe: …“, „Ausgaben: …“ (DOMAIN.md § 10)."""
    ausgaben = [n for n in spalten if n in AUSGABENSPALTEN]
    ring = [n for n in spalten if n not in AUSGABENSPALTEN]
    return (["Vergleichsringe: " + ", ".join(ring)] if ring else []) + (
        ["Ausgaben: " + ", ".join(ausgaben)] if ausgaben else []
    )


def anzahl_text(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{zahl(n)} {einzahl if n == 1 else mehrzahl}"


@dataclass
class ImportErgebnis:
    protokoll_id: int | None  # None beim Probelauf
    ergebnis: str  # 'importiert' oder 'unveraendert'
    zeilen_gelesen: int
    neu: int
    neuer_datenstand: int  # Zeilen mit neuem Datenstand eines schon vorhandenen Schlüssels
    unveraendert: int
    warnungen: list[str]
    sha256: str
    fehlende_spalten: tuple[str, ...] = ()  # gesetzliche Wertspalten, die nicht in der Datei stehen
    ergaenzt: int = 0  # Zeilen, deren fehlende Spalten aus dem geltenden Stand übernommen wurden
    zusatz: Zusatzzahlen | None = None  # Werte der Importerweiterung (Ringspalten), je Zelle
    ringspalten_datei: tuple[str, ...] = ()  # Ringspalten in der Datei
    ringspalten_fehlend: tuple[str, ...] = ()  # erlaubte Ringspalten, die nicht in der Datei stehen
    zeilen: list[Datensatz] = field(default_factory=list)  # nur im Probelauf: für die Vorschau
    erweiterung: Importerweiterung | None = None  # nur im Probelauf: Texte der Ringwerte

    @property
    def nur_ringspalten(self) -> bool:
        """Die Datei hat keine gesetzliche Wertspalte: sie ändert nur Ringwerte."""
        return len(self.fehlende_spalten) == len(FELDNAMEN) and bool(self.ringspalten_datei)

    @property
    def geaenderte_spalten(self) -> tuple[str, ...]:
        """Die Wertspalten der Datei – nur sie können sich ändern."""
        gesetzlich = tuple(n for n in FELDNAMEN if n not in self.fehlende_spalten)
        return gesetzlich + self.ringspalten_datei

    @property
    def bleibende_spalten(self) -> tuple[str, ...]:
        """Spalten, deren gespeicherte Werte bleiben, weil sie nicht in der Datei stehen: die
        fehlenden gesetzlichen, wenn die Datei gespeicherte Schlüssel berührt oder nur Ringwerte
        bringt (für neue Schlüssel heißt eine fehlende Spalte „nicht gemeldet“), und die
        fehlenden Ringspalten, wenn die Datei Ringspalten hat."""
        gesetzlich = self.fehlende_spalten if self.ergaenzt or self.nur_ringspalten else ()
        ring = self.ringspalten_fehlend if self.ringspalten_datei else ()
        return gesetzlich + ring

    @property
    def spaltenansage(self) -> str:
        """„Geändert werden nur die Spalten der Datei: llu; Vergleichsringe: personal“ (für die
        Vorschau, ohne Schlusspunkt)."""
        gesetzlich = [n for n in FELDNAMEN if n not in self.fehlende_spalten]
        teile = []
        if len(gesetzlich) == len(FELDNAMEN):
            teile.append("alle gesetzlichen Basiszahlen")
        elif gesetzlich:
            teile.append(", ".join(gesetzlich))
        teile += zusatzgruppen(self.ringspalten_datei)
        return "Geändert werden nur die Spalten der Datei: " + "; ".join(teile)

    @property
    def teilkorrektur(self) -> str | None:
        """„Spalten, die nicht in der Datei stehen, bleiben unverändert: elb, …; Vergleichsringe:
        personal, …“ oder None."""
        if not self.bleibende_spalten:
            return None
        gesetzlich = self.fehlende_spalten if self.ergaenzt or self.nur_ringspalten else ()
        teile = []
        if self.nur_ringspalten:
            teile.append("alle gesetzlichen Basiszahlen")
        elif gesetzlich:
            teile.append(", ".join(gesetzlich))
        if self.ringspalten_datei and self.ringspalten_fehlend:
            teile += zusatzgruppen(self.ringspalten_fehlend)
        return "Spalten, die nicht in der Datei stehen, bleiben unverändert: " + "; ".join(teile)

    @property
    def meldung(self) -> str:
        """Deutsche Zusammenfassung ohne Dateinamen und ohne Schlusspunkt."""
        gelesen = f"{anzahl_text(self.zeilen_gelesen, 'Zeile', 'Zeilen')} gelesen"
        warnungen = anzahl_text(
            len(self.warnungen), "Plausibilitätswarnung", "Plausibilitätswarnungen"
        )
        if self.ergebnis == "unveraendert":
            zusatz = f" ({warnungen})" if self.warnungen else ""
            return (
                f"{gelesen}, keine Änderungen: alle Zeilen waren bereits mit identischen Werten "
                f"vorhanden{zusatz}"
            )
        text = (
            f"{gelesen}, {zahl(self.neu)} neu, "
            f"{anzahl_text(self.neuer_datenstand, 'neuer Datenstand', 'neue Datenstände')}, "
            f"{zahl(self.unveraendert)} unverändert, {warnungen}"
        )
        if self.zusatz is not None:
            z = self.zusatz
            if self.nur_ringspalten:
                text = f"{gelesen}, {warnungen}"
            text += (
                f"; {z.bezeichnung}: {zahl(z.neu)} neu, "
                f"{anzahl_text(z.neuer_datenstand, 'neuer Datenstand', 'neue Datenstände')}, "
                f"{zahl(z.unveraendert)} unverändert"
            )
        if self.bleibende_spalten:
            text += (
                f" (Teilkorrektur: {anzahl_text(len(self.bleibende_spalten), 'Spalte', 'Spalten')}"
                " nicht in der Datei, ihre gespeicherten Werte bleiben)"
            )
        return text
