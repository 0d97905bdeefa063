"""Der Benchmarking-Jahresbericht eines Rings: Ansichtsmodell, Erzeugung, Archiv.

- Inhalt: alle im Dezember des Jahres gültigen Kennzahlen mit den Werten der Mitglieder des
  Jahres im Dezember, Rang, Median, Quartilen, Ringwert, Box-Plot und dem Verlauf Januar bis
  Dezember (Median und Ringwert).
- Ein Bericht ist unveränderlich; gleiche Daten ergeben keinen neuen (`fingerabdruck`), geänderte
  eine neue Version. Die Datei liegt in der Berichtsablage (nach SHA-256 benannt).
- Erzeugt vom Scheduler, sobald Daten für den Dezember vorliegen (`faellige_berichte`), und auf
  Anforderung durch die Koordination.
Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...documents.berichtsmodell import Diagramm
from ...documents.ringbericht import BerichtKennzahl, BerichtZeile, RingJahresbericht, rendere
from ...documents.ringdiagramme import boxplot
from ...domain.plausibilitaet import hinweis_text
from ...domain.ringe import BASISZAHL_EINHEITEN, KENNZAHL_EINHEITEN
from ...format import MONATSNAMEN, datum, monat_lang, monat_lang_index, zeitpunkt
from ...models.ring import RingBericht
from ..ablage import Ablage
from ..audit.kette import protokolliere
from .berechnung import geltende_kennzahlen
from .daten import RingDaten, lade_ringdaten
from .vergleich import Vergleich, vergleiche, verlauf, wert_text


def _kennzahl(daten: RingDaten, v: Vergleich, jahr: int) -> BerichtKennzahl:
    k = v.kennzahl
    e = KENNZAHL_EINHEITEN[k.einheit]
    zeilen = tuple(
        BerichtZeile(
            z.ags,
            z.name,
            z.land,
            wert_text(z.ergebnis.wert, k.einheit),
            z.rang_text,
            z.ergebnis.grund or "; ".join(f"Plausibilität: {hinweis_text(h)}" for h in z.hinweise),
        )
        for z in v.zeilen
    )
    d = v.verteilung
    statistik = (
        ("Werte", str(d.anzahl if d else 0)),
        *(
            (name, wert_text(getattr(d, feld) if d else None, k.einheit))
            for name, feld in (
                ("Minimum", "minimum"),
                ("1. Quartil", "q1"),
                ("Median", "median"),
                ("3. Quartil", "q3"),
                ("Maximum", "maximum"),
            )
        ),
    )
    ring = wert_text(v.ring.wert, k.einheit) + (
        f" ({v.ring.abdeckung or 0} von {v.mitglieder} Mitgliedern)"
        if v.ring.wert is not None
        else f" – nicht berechenbar: {v.ring.grund}"
    )
    punkte = verlauf(daten, k.code, list(range(jahr * 12, jahr * 12 + 12)), None)
    diagramm = Diagramm(
        f"{k.code} im Jahr {jahr}: Median der Mitglieder und Ringwert",
        e.zeichen or e.name,
        tuple(MONATSNAMEN[p.monat % 12] for p in punkte),
        (
            ("Median", tuple(None if p.median is None else float(p.median) for p in punkte)),
            ("Ringwert", tuple(None if p.ring is None else float(p.ring) for p in punkte)),
        ),
        e.nachkommastellen,
    )
    bis = f"bis {datum(k.gueltig_bis)}" if k.gueltig_bis else "bis auf Weiteres"
    return BerichtKennzahl(
        code=k.code,
        name=k.name,
        kategorie=v.kategorie,
        einheit=e.name,
        richtung=v.richtung,
        formel=k.formel,
        gueltigkeit=f"Version {k.version}, gültig ab {datum(k.gueltig_ab)} {bis}",
        ba_unterschied=k.ba_unterschied,
        zeilen=zeilen,
        ring=ring,
        statistik=statistik,
        boxplot=boxplot(
            f"{k.code} {k.name}, Dezember {jahr}: Verteilung der Mitglieder",
            d,
            [z.ergebnis.wert for z in v.zeilen if z.ergebnis.wert is not None],
            None,
            v.ring.wert,
            e.zeichen,
            e.nachkommastellen,
        ),
        verlauf=diagramm if punkte else None,
    )


def berichtsmodell(daten: RingDaten, jahr: int, jetzt: datetime) -> RingJahresbericht:
    dezember = jahr * 12 + 11
    vergleichsliste = [
        vergleiche(daten, k, dezember, None) for k in geltende_kennzahlen(daten, dezember)
    ]
    ring = daten.ring
    freigabe = (
        f"Freigegeben bis {monat_lang(ring.freigegeben_bis)}."
        if ring.freigegeben_bis
        else "Noch nicht für die Mitglieder freigegeben."
    )
    return RingJahresbericht(
        titel=f"Benchmarking-Jahresbericht {jahr} – {ring.name}",
        ring=ring.name,
        beschreibung=ring.beschreibung,
        jahr=jahr,
        monat=monat_lang_index(dezember),
        erstellt=zeitpunkt(jetzt),
        demodaten=daten.demodaten or ring.demodaten,
        freigabe=freigabe,
        mitglieder=tuple(
            (a, daten.traeger[a].name, daten.traeger[a].land_code)
            for a in daten.mitglieder.get(jahr, [])
        ),
        basiszahlen=tuple(
            (b.code, b.name, BASISZAHL_EINHEITEN[b.einheit].name, b.beschreibung)
            for b in daten.basiszahlen
        ),
        kennzahlen=tuple(_kennzahl(daten, v, jahr) for v in vergleichsliste),
    )


def dezember_da(daten: RingDaten, jahr: int) -> bool:
    """Liegen für den Dezember Daten eines Mitglieds des Jahres vor (gesetzlich oder eigene)?"""
    dezember = jahr * 12 + 11
    return any(
        dezember in daten.reihe(a) or dezember in daten.zusatzreihe(a)
        for a in daten.mitglieder.get(jahr, [])
    )


@dataclass(frozen=True)
class Erzeugt:
    bericht: RingBericht | None  # None: unverändert
    meldung: str


def erzeuge_jahresbericht(
    session: Session, ring_id: int, jahr: int, ablage: Ablage, von: str, jetzt: datetime
) -> Erzeugt:
    """Den Jahresbericht erzeugen, wenn es ihn mit diesen Daten noch nicht gibt."""
    daten = lade_ringdaten(session, ring_id)
    modell = berichtsmodell(daten, jahr, jetzt)
    abdruck = modell.fingerabdruck()
    letzter = session.execute(
        select(RingBericht)
        .where(col(RingBericht.ring_id) == ring_id, col(RingBericht.jahr) == jahr)
        .order_by(col(RingBericht.version).desc())
    ).scalar()
    if letzter is not None and letzter.datenstand_hash == abdruck:
        return Erzeugt(None, f"{daten.ring.name} {jahr}: unverändert (Version {letzter.version}).")
    abgelegt = ablage.schreibe(rendere(modell))
    bericht = RingBericht(
        ring_id=ring_id,
        jahr=jahr,
        version=(letzter.version + 1) if letzter else 1,
        sha256=abgelegt.sha256,
        datei=abgelegt.pfad,
        groesse=abgelegt.groesse,
        datenstand_hash=abdruck,
        titel=modell.titel,
        erstellt_am=jetzt,
        erstellt_von=von[:120],
    )
    session.add(bericht)
    session.flush()
    protokolliere(
        session,
        von,
        "ring_bericht",
        "ring",
        ring_id,
        {"jahr": jahr, "version": bericht.version, "sha256": bericht.sha256},
        jetzt,
    )
    return Erzeugt(bericht, f"{daten.ring.name} {jahr}: Version {bericht.version} erzeugt.")


def faellige_berichte(session: Session, ring_id: int) -> list[int]:
    """Jahre, deren Dezember-Daten vorliegen (der Lauf erzeugt nur Geändertes neu)."""
    daten = lade_ringdaten(session, ring_id)
    return [j for j in sorted(daten.mitglieder) if dezember_da(daten, j)]


def berichte(session: Session, ring_id: int) -> list[RingBericht]:
    return list(
        session.scalars(
            select(RingBericht)
            .where(col(RingBericht.ring_id) == ring_id)
            .order_by(col(RingBericht.jahr).desc(), col(RingBericht.version).desc())
        )
    )


def anzahl_berichte(session: Session) -> int:
    return session.execute(select(func.count()).select_from(RingBericht)).scalar() or 0
