"""Die eigenen Basiszahlen der Vergleichsringe als Spalten des Basiszahlen-Imports.

`Ringspalten` ist die Importerweiterung (`domain.importpruefung.Zusatzspalten` plus Planen und
Speichern): die Codes der Ringe werden erlaubte Spalten; eine gefüllte Zelle ist nur für
Mitglieder des Rings im Jahr des Berichtsmonats erlaubt (sonst ein Zeilenfehler). Es gelten die
Regeln des Imports (DOMAIN.md § 2): alles oder nichts, Plausibilitätshinweise (Obergrenze der
Basiszahl, `frauen + maenner != gesamt` bei Anzahlen) und Datenstände – je Zelle wird nie
überschrieben, eine geänderte Zelle ist eine neue Fassung, eine gleiche ist „unverändert“.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session, col

from ...domain.basiszahlen import FELD, GELDFELDER
from ...domain.berechtigung import ADMIN, LAND, RING, TRAEGER, Akteur
from ...domain.datenstaende import NEU, NEUER_DATENSTAND, UNVERAENDERT
from ...domain.importpruefung import Datensatz
from ...domain.importzellen import lies_zahl
from ...domain.plausibilitaet import SUMMENREGEL
from ...domain.ringe import ANTEIL, ANZAHL, BASISZAHL_EINHEITEN, EURO, lies_anteil
from ...format import euro, zahl
from ...models.ids import gespeicherte_id
from ...models.ring import Ring, RingBasiszahl, RingMitglied, RingWert
from ...models.tabellen import tabelle as core_tabelle
from ..basiszahlen.importerweiterung import Zusatzplan

Zelle = tuple[int, str, str, str]  # (basiszahl_id, ags, monat, geschlecht)


@dataclass
class Ringplan:
    einfuegen: list[dict] = field(default_factory=list)
    neu: int = 0
    neuer_datenstand: int = 0
    unveraendert: int = 0
    warnungen: list[str] = field(default_factory=list)
    hinweise_nachfuehren: list[tuple[int, list[dict]]] = field(default_factory=list)


def _skala(feld: str) -> int:
    return 100 if feld in GELDFELDER else 1


class Ringspalten:
    """Die Importerweiterung für die eigenen Basiszahlen einer Auswahl von Ringen."""

    def __init__(
        self,
        basiszahlen: Iterable[RingBasiszahl],
        ringnamen: Mapping[int, str],
        mitglieder: Iterable[tuple[int, int, str]],
    ):
        self.basiszahlen = {b.code: b for b in basiszahlen}
        self.ringnamen = dict(ringnamen)
        self.mitglieder = frozenset(mitglieder)  # (ring_id, jahr, ags)

    # ---------------------------------------------------------------- Prüfung (Zusatzspalten)

    def spalten(self) -> dict[str, str]:
        return {
            code: f"{b.name} ({self.ringnamen[b.ring_id]})" for code, b in self.basiszahlen.items()
        }

    def lies(self, spalte: str, text: str, dezimalkomma: bool) -> tuple[int | None, str | None]:
        einheit = self.basiszahlen[spalte].einheit
        if einheit == ANTEIL:
            return lies_anteil(text, dezimalkomma)
        if text.isascii() and text.isdigit() and len(text) < 14:
            return int(text) * (100 if einheit == EURO else 1), None
        return lies_zahl(text, einheit == EURO, dezimalkomma)

    def zelle_erlaubt(
        self, ags: str, monat: str, spalte: str, geschlecht: str = "gesamt"
    ) -> str | None:
        basiszahl = self.basiszahlen[spalte]
        jahr = int(monat[:4])
        if (basiszahl.ring_id, jahr, ags) in self.mitglieder:
            return None
        return (
            f"{ags} ist {jahr} kein Mitglied im Vergleichsring "
            f"„{self.ringnamen[basiszahl.ring_id]}“;"
            " die Spalte gilt nur für dessen Mitglieder."
        )

    def wert_text(self, spalte: str, wert: int) -> str:
        """Ein gespeicherter Wert deutsch (für die Vorschau): Anzahl, Euro, Anteil."""
        einheit = self.basiszahlen[spalte].einheit
        skala = BASISZAHL_EINHEITEN[einheit].skala
        if einheit == EURO:
            return euro(Decimal(wert) / skala)
        if einheit == ANTEIL:
            return zahl(Decimal(wert) / skala, len(str(skala)) - 1)
        return zahl(wert)

    def _wert(self, code: str, gesetzlich, zusatz) -> Fraction | None:
        if code in FELD:
            roh = gesetzlich.get(code)
            return None if roh is None else Fraction(roh, _skala(code))
        if code not in zusatz or zusatz[code] is None:
            return None
        skala = BASISZAHL_EINHEITEN[self.basiszahlen[code].einheit].skala
        return Fraction(zusatz[code], skala)

    def zeilenhinweise(
        self, gesetzlich: Mapping[str, int | None], zusatz: Mapping[str, int | None]
    ) -> list[tuple[dict, str]]:
        """Obergrenzen: `code > obergrenze` markiert beide Werte (wie `lzb > elb`)."""
        treffer = []
        for code in zusatz:
            grenze = self.basiszahlen[code].obergrenze
            if not grenze:
                continue
            wert, hoechstens = self._wert(code, gesetzlich, zusatz), None
            if wert is not None:
                hoechstens = self._wert(grenze, gesetzlich, zusatz)
            if wert is not None and hoechstens is not None and wert > hoechstens:
                hinweis = {"felder": [code, grenze], "regel": f"{code} > {grenze}"}
                text = f"{code} ({float(wert):g}) ist größer als {grenze} ({float(hoechstens):g})"
                treffer.append((hinweis, text))
        return treffer

    # ---------------------------------------------------------------- Planen und Speichern

    def _bestand(self, session: Session, saetze: list[Datensatz]) -> list[RingWert]:
        codes = {c for s in saetze for c in s.zusatz}
        if not codes:
            return []
        ids = [self.basiszahlen[c].id for c in codes]
        ags = sorted({s.ags for s in saetze})
        monate = [s.monat for s in saetze]
        abfrage = select(RingWert).where(
            col(RingWert.basiszahl_id).in_(ids),
            col(RingWert.ags).in_(ags),
            col(RingWert.monat).between(min(monate), max(monate)),
        )
        return list(session.scalars(abfrage))

    def plane(self, session: Session, saetze: list[Datensatz]) -> Ringplan:
        """Je Zelle der Datei: neu, Revision oder unverändert (Regeln wie `datenstaende`)."""
        plan = Ringplan()
        aktuell: dict[Zelle, RingWert] = {}
        gleicher_stand: dict[tuple[Zelle, date], set] = {}
        for w in self._bestand(session, saetze):
            zelle = (w.basiszahl_id, w.ags, w.monat, w.geschlecht)
            bisher = aktuell.get(zelle)
            if bisher is None or (w.datenstand, w.import_id, w.id) > (
                bisher.datenstand,
                bisher.import_id,
                bisher.id,
            ):
                aktuell[zelle] = w
            gleicher_stand.setdefault((zelle, w.datenstand), set()).add(w.wert)
        nachher: dict[tuple[int, str, str], dict[str, int | None]] = {}
        neue: list[tuple[dict, str]] = []
        for satz in saetze:
            for code, wert in satz.zusatz.items():
                basiszahl = self.basiszahlen[code]
                zelle = (gespeicherte_id(basiszahl.id), satz.ags, satz.monat, satz.geschlecht)
                nachher.setdefault(zelle[:3], {})[satz.geschlecht] = wert
                bisher = aktuell.get(zelle)
                if bisher is not None:
                    satz.zusatz_alt[code] = bisher.wert  # für die Vorschau „alt → neu“
                if (bisher is not None and bisher.wert == wert) or wert in gleicher_stand.get(
                    (zelle, satz.datenstand), ()
                ):
                    plan.unveraendert += 1
                    satz.zusatz_art[code] = UNVERAENDERT
                    continue
                if bisher is None:
                    plan.neu += 1
                    satz.zusatz_art[code] = NEU
                else:
                    plan.neuer_datenstand += 1
                    satz.zusatz_art[code] = NEUER_DATENSTAND
                hinweise = [h for h in satz.zusatz_hinweise if code in h["felder"]]
                zeile = {
                    "basiszahl_id": basiszahl.id,
                    "ags": satz.ags,
                    "monat": satz.monat,
                    "geschlecht": satz.geschlecht,
                    "datenstand": satz.datenstand,
                    "wert": wert,
                    "hinweise": hinweise,
                }
                plan.einfuegen.append(zeile)
                neue.append((zeile, code))
        self._summenregel(plan, aktuell, nachher, neue)
        return plan

    def _summenregel(self, plan: Ringplan, aktuell, nachher, neue) -> None:
        """`frauen + maenner != gesamt` für Anzahlen, geprüft auf dem Stand nach dem Import:
        markiert werden die neuen Fassungen und – nur die Markierung – die geltenden, die bleiben
        (wie bei den gesetzlichen Basiszahlen, `domain.datenstaende`)."""
        codes = {b.id: b.code for b in self.basiszahlen.values() if b.einheit == ANZAHL}
        eingefuegt = {(z["basiszahl_id"], z["ags"], z["monat"], z["geschlecht"]) for z, _ in neue}
        abweichend: set[tuple[int, str, str]] = set()
        for (basiszahl_id, ags, monat), gruppen in nachher.items():
            if basiszahl_id not in codes:
                continue
            stand: dict[str, int | None] = {}
            for g in ("gesamt", "frauen", "maenner"):
                bisher = aktuell.get((basiszahl_id, ags, monat, g))
                stand[g] = gruppen[g] if g in gruppen else getattr(bisher, "wert", None)
            frauen, maenner = stand["frauen"], stand["maenner"]
            summe = (
                None
                if frauen is None or maenner is None or stand["gesamt"] is None
                else frauen + maenner
            )
            if summe is not None and summe != stand["gesamt"]:
                abweichend.add((basiszahl_id, ags, monat))
                plan.warnungen.append(
                    f"{codes[basiszahl_id]} bei {ags}, {monat}: frauen + maenner = {summe}, "
                    f"aber gesamt = {stand['gesamt']} – bitte prüfen."
                )
            for g in ("gesamt", "frauen", "maenner"):
                bisher = aktuell.get((basiszahl_id, ags, monat, g))
                if bisher is None or (basiszahl_id, ags, monat, g) in eingefuegt:
                    continue  # neue Fassung: Markierung beim Einfügen
                ohne = [h for h in bisher.hinweise if h.get("regel") != SUMMENREGEL]
                soll = ohne + (
                    [{"felder": [codes[basiszahl_id]], "regel": SUMMENREGEL}]
                    if (basiszahl_id, ags, monat) in abweichend
                    else []
                )
                if soll != bisher.hinweise:
                    plan.hinweise_nachfuehren.append((bisher.id, soll))
        for zeile, code in neue:
            if (zeile["basiszahl_id"], zeile["ags"], zeile["monat"]) in abweichend:
                zeile["hinweise"] = zeile["hinweise"] + [{"felder": [code], "regel": SUMMENREGEL}]

    def speichere(self, session: Session, plan: Zusatzplan, import_id: int) -> None:
        assert isinstance(plan, Ringplan), plan  # von plane() dieser Ringspalten
        tabelle = core_tabelle(RingWert)
        if plan.einfuegen:
            session.execute(
                insert(tabelle), [{**zeile, "import_id": import_id} for zeile in plan.einfuegen]
            )
        if plan.hinweise_nachfuehren:
            session.execute(
                update(tabelle)
                .where(tabelle.c.id == bindparam("_id"))
                .values(hinweise=bindparam("_hinweise")),
                [{"_id": i, "_hinweise": h} for i, h in plan.hinweise_nachfuehren],
            )


def ringspalten(session: Session, akteur: Akteur | None) -> Ringspalten | None:
    """Die Ringspalten, die der Benutzer importieren darf (None: keine).

    Administration, Kommandozeile (akteur None) und Land: alle Ringe (Zeilen nur für Mitglieder,
    das Land ohnehin nur für seine Träger); Träger: die Ringe, in denen er Mitglied ist;
    Ring-Koordination: ihr Ring."""
    ringe = select(col(Ring.id))
    if akteur is not None and akteur.rolle == TRAEGER:
        ringe = select(col(RingMitglied.ring_id)).where(col(RingMitglied.ags) == akteur.traeger_ags)
    elif akteur is not None and akteur.rolle == RING:
        ringe = select(col(Ring.id)).where(col(Ring.id) == akteur.ring_id)
    elif akteur is not None and akteur.rolle not in (ADMIN, LAND):
        return None
    ring_ids = set(session.scalars(ringe))
    basiszahlen = list(
        session.scalars(select(RingBasiszahl).where(col(RingBasiszahl.ring_id).in_(ring_ids)))
    )
    if not basiszahlen:
        return None
    namen = dict(
        session.execute(
            select(col(Ring.id), col(Ring.name)).where(col(Ring.id).in_(ring_ids))
        ).all()
    )
    mitglieder = session.execute(
        select(col(RingMitglied.ring_id), col(RingMitglied.jahr), col(RingMitglied.ags)).where(
            col(RingMitglied.ring_id).in_(ring_ids)
        )
    ).tuples()
    return Ringspalten(basiszahlen, namen, [(ring, jahr, ags) for ring, jahr, ags in mitglieder])
