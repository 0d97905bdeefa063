"""Fertig formatierte Werte für die Ringseiten: die Vorlagen entscheiden nichts."""

from __future__ import annotations

from markupsafe import Markup

from ...documents.diagramme import Reihe, liniendiagramm
from ...documents.ringdiagramme import boxplot
from ...domain.basiszahlen import monat_text
from ...domain.berechtigung import RING_KOORDINATION, RING_LAND, RING_MITGLIED
from ...domain.plausibilitaet import hinweis_text
from ...domain.ringe import BASISZAHL_EINHEITEN, KATEGORIEN, KENNZAHL_EINHEITEN, RICHTUNGEN
from ...format import datum, monat_lang
from ...services.ringe.daten import RingDaten
from ...services.ringe.sicht import Sicht
from ...services.ringe.vergleich import Vergleich, Verlaufspunkt, wert_text

SICHT_TEXT = {
    RING_KOORDINATION: "Sie koordinieren diesen Ring und sehen alle Werte, auch nicht "
    "freigegebene.",
    RING_MITGLIED: "Ihr Träger ist Mitglied: Sie sehen die Werte aller Mitglieder im Ring; "
    "außerhalb des Rings sieht sie niemand.",
    RING_LAND: "Der Ring erlaubt den Ländern seiner Mitglieder den Einblick.",
}


def sichtbarkeit(daten: RingDaten, sicht: Sicht) -> list[str]:
    ring = daten.ring
    texte = [SICHT_TEXT[sicht.stufe]]
    texte.append(
        "Sichtbar für die Mitglieder"
        + (" und deren Länder." if ring.laender_sehen else " (nicht für die Länder).")
    )
    texte.append(
        f"Werte freigegeben bis {monat_lang(ring.freigegeben_bis)}."
        if ring.freigegeben_bis
        else "Noch keine Werte für die Mitglieder freigegeben."
    )
    return texte


def kennzahl_kopf(k) -> dict:
    e = KENNZAHL_EINHEITEN[k.einheit]
    bis = f"bis {datum(k.gueltig_bis)}" if k.gueltig_bis else "bis auf Weiteres"
    return {
        "code": k.code,
        "version": k.version,
        "name": k.name,
        "kategorie": KATEGORIEN[k.kategorie],
        "einheit": e.name + (f" ({e.zeichen})" if e.zeichen else ""),
        "richtung": RICHTUNGEN[k.richtung],
        "richtung_kurz": RICHTUNG_KURZ[k.richtung],
        "formel": k.formel,
        "gueltigkeit": f"gültig ab {datum(k.gueltig_ab)} {bis}",
        "ba_unterschied": k.ba_unterschied,
        "id": k.id,
    }


def basiszahl_zeile(b) -> dict:
    return {
        "code": b.code,
        "name": b.name,
        "einheit": BASISZAHL_EINHEITEN[b.einheit].name,
        "kategorie": b.kategorie,
        "beschreibung": b.beschreibung,
        "obergrenze": b.obergrenze or "",
    }


def statistik(v: Vergleich) -> list[tuple[str, str]]:
    d, e = v.verteilung, v.kennzahl.einheit
    return [
        ("Werte", f"{d.anzahl if d else 0} von {v.mitglieder}"),
        ("Minimum", wert_text(d.minimum if d else None, e)),
        ("1. Quartil", wert_text(d.q1 if d else None, e)),
        ("Median", wert_text(d.median if d else None, e)),
        ("3. Quartil", wert_text(d.q3 if d else None, e)),
        ("Maximum", wert_text(d.maximum if d else None, e)),
    ]


RICHTUNG_KURZ = {"hoeher": "höher besser", "niedriger": "niedriger besser", "neutral": "neutral"}


def rang_kurz(v: Vergleich, zeile) -> str:
    """„4 von 9“ (bei neutraler Richtung „Platz 4 von 9 nach Größe“), „–“ ohne Wert."""
    if zeile.rang is None:
        return "–"
    anzahl = v.verteilung.anzahl if v.verteilung else 0
    if v.kennzahl.richtung == "neutral":
        return f"Platz {zeile.rang} von {anzahl} nach Größe"
    return f"{zeile.rang} von {anzahl}"


def ringwert(v: Vergleich) -> str:
    if v.ring.wert is None:
        return f"– (nicht berechenbar: {v.ring.grund})"
    wert = wert_text(v.ring.wert, v.kennzahl.einheit)
    return f"{wert} ({v.ring.abdeckung} von {v.mitglieder} Mitgliedern)"


def zeilen(v: Vergleich) -> list[dict]:
    return [
        {
            "ags": z.ags,
            "name": z.name,
            "land": z.land,
            "wert": wert_text(z.ergebnis.wert, v.kennzahl.einheit),
            "grund": z.ergebnis.grund,
            "rang": z.rang_text,
            "hinweise": [hinweis_text(h) for h in z.hinweise],
            "eigener": z.eigener,
        }
        for z in v.zeilen
    ]


def box(v: Vergleich) -> Markup:
    e = KENNZAHL_EINHEITEN[v.kennzahl.einheit]
    eigene = v.eigene_zeile()
    return Markup(
        boxplot(
            f"{v.kennzahl.code} {v.kennzahl.name}, {monat_lang(v.monat)}: "
            "Verteilung der Mitglieder",
            v.verteilung,
            [z.ergebnis.wert for z in v.zeilen if z.ergebnis.wert is not None],
            eigene.ergebnis.wert if eigene else None,
            v.ring.wert,
            e.zeichen,
            e.nachkommastellen,
        )
    )


def verlaufsdiagramm(
    v: Vergleich, punkte: list[Verlaufspunkt], eigener: bool, jahre: bool = False
) -> Markup:
    """Eigener Wert, Median und Ringwert je Monat (oder je Jahr: die Dezemberwerte)."""
    e = KENNZAHL_EINHEITEN[v.kennzahl.einheit]
    reihen = []
    if eigener:
        reihen.append(Reihe("eigener Wert", [p.eigener for p in punkte]))
    reihen += [
        Reihe("Median", [p.median for p in punkte]),
        Reihe("Ringwert", [p.ring for p in punkte]),
    ]
    return Markup(
        liniendiagramm(
            f"{v.kennzahl.code} im Zeitverlauf" + (" (Dezemberwerte je Jahr)" if jahre else ""),
            [f"Dez. {p.monat // 12}" if jahre else monat_text(p.monat) for p in punkte],
            reihen,
            e.zeichen or e.name,
            nachkommastellen=e.nachkommastellen,
        )
    )
