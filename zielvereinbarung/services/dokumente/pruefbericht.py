"""Der Bericht einer PDF-Prüfung (`pruefung.pruefe_datei`): die Zuordnung zur Vereinbarung in der
Datenbank, eine Zeile je Signatur oder Zeitstempel und die Mängel; „gültig“ heißt: kein Mangel."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...documents.signaturpruefung import SignaturBefund
from .modell import groesse_text


@dataclass(frozen=True)
class Zuordnung:
    ags: str
    traeger: str
    jahr: int
    revision_nummer: int | None
    inhalt_sha256: str | None
    vereinbarung_id: int | None = None  # nur mit Leserecht
    version: int | None = None  # Version der Dokumentablage, wenn die Datei genau eine ist
    zustand: str | None = None  # nur mit Leserecht
    bestaetigt: bool = False  # Inhalt stimmt mit der Datenbank überein
    bekannt: bool = False  # die Vereinbarung gibt es in der Datenbank
    art: str = "Zielvereinbarung"  # oder „Änderungsvereinbarung Nr. 1“ (DOMAIN.md § 8)
    original_id: int | None = None  # die geänderte Vereinbarung (nur mit Leserecht)


@dataclass(frozen=True)
class Zeile:
    """Eine Zeile der Signaturtabelle."""

    befund: SignaturBefund
    partei: str  # „Träger“, „Land“, „keine Vertragspartei“, „Archivzeitstempel“
    registriert: bool | None  # Zertifikat für diese Partei registriert (None: nicht prüfbar)
    registriert_fuer: str | None = None  # „Organisationszertifikat“ oder die Person

    @property
    def in_ordnung(self) -> bool:
        return self.befund.in_ordnung and self.registriert is not False

    @property
    def registrierung(self) -> str | None:
        """Wofür das Zertifikat steht, in Worten (None: nicht prüfbar)."""
        if self.registriert is None:
            return None
        wessen = {"Träger": "des Trägers", "Land": "des Landes", "BMAS": "des BMAS"}.get(
            self.partei
        )
        if wessen is None:
            return "gehört keiner Vertragspartei"
        if self.registriert_fuer == "Organisationszertifikat":
            return f"Organisationszertifikat {wessen}"
        if self.registriert_fuer:
            return f"persönliches Zertifikat von {self.registriert_fuer} (zeichnungsberechtigt)"
        return f"nicht als Zertifikat {wessen} registriert"

    @property
    def zeitquelle(self) -> str:
        return {"laut Datenbank": "erfasst von dieser Anwendung (ohne Zeitstempel)",
                "Angabe des Unterzeichners": "Angabe des Unterzeichners (ungeprüft)"}.get(
            self.befund.zeitquelle, self.befund.zeitquelle)  # fmt: skip


@dataclass(frozen=True)
class Pruefbericht:
    groesse: int
    sha256: str
    zeilen: tuple[Zeile, ...] = ()
    zuordnung: Zuordnung | None = None
    fehler: str | None = None  # Datei nicht lesbar oder abgewiesen
    maengel: tuple[str, ...] = field(default_factory=tuple)

    @property
    def signaturen(self) -> tuple[SignaturBefund, ...]:
        return tuple(z.befund for z in self.zeilen)

    @property
    def gueltig(self) -> bool:
        return self.fehler is None and not self.maengel and bool(self.zeilen)

    @property
    def groesse_text(self) -> str:
        return groesse_text(self.groesse)

    @property
    def parteien(self) -> str:
        """„Träger und Land“ bzw. „Land und BMAS“: wer in welcher Reihenfolge unterzeichnet hat."""
        namen = [z.partei for z in self.zeilen if z.befund.art == "signatur"]
        return " und ".join(namen) if namen else "Träger und Land"

    in_ordnung = gueltig
