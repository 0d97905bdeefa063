"""Der Demo-Vergleichsring „Vergleichsring Nord (Demo)“: zehn zkT aus Schleswig-Holstein,
Niedersachsen und Mecklenburg-Vorpommern (Osterholz erst ab dem zweiten Jahr), die
Koordination `ring-nord`, sechs eigene Basiszahlen mit Werten und Kennzahlen jeder Kategorie
(eine davon in zwei Versionen).

Alles über die echten Services: Ring, Mitglieder und Definitionen über `services.ringe.verwaltung`,
die Werte als Datei über den Basiszahlen-Import (mit den Ringspalten, `demodaten=True`).
Wiederholbar: ein vorhandener Ring bleibt, wie er ist (auch was Demo-Benutzer geändert haben);
der Import derselben Datei meldet „keine Änderungen“. Die Werte hängen vom eLb-Bestand der
Demo-Basiszahlen ab und sind mit `seed` reproduzierbar. Absichtlich: einmal mehr Abhilfen als
Widersprüche (Plausibilitätshinweis) und ein Mitglied ohne eigene Werte im letzten Monat
(Ringwert mit Abdeckung 9 von 10).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from ..domain.basiszahlen import monat_index, monat_text
from ..domain.berechtigung import ADMIN, Akteur
from ..models.ring import Ring
from ..services.basiszahlen.importer import ImportErgebnis, importiere_basiszahlen
from ..services.kennzahlen.berechnung import lade_datenbasis
from ..services.ringe.daten import mitglieder_je_jahr
from ..services.ringe.definitionen import speichere_basiszahl, speichere_kennzahl
from ..services.ringe.ringspalten import ringspalten
from ..services.ringe.verwaltung import aendere_einstellungen, lege_ring_an, setze_mitglieder
from .konten import DEMO_PASSWORT, lege_demo_koordination

RING_NAME = "Vergleichsring Nord (Demo)"
KOORDINATION = "ring-nord"
MITGLIEDER = (
    "01054", "01059",  # SH: Nordfriesland, Schleswig-Flensburg
    "03157", "03356", "03451", "03452", "03455", "03457", "03462",  # NI
    "13073",  # MV: Vorpommern-Rügen
)  # fmt: skip
SPAETER = "03356"  # Osterholz: Mitglied erst ab dem zweiten Demojahr

BASISZAHLEN = (
    # code, name, einheit, kategorie, obergrenze, beschreibung
    ("bg_bestand", "Bestand Bedarfsgemeinschaften", "anzahl", "Struktur", None,
     "Bedarfsgemeinschaften mit mindestens einem eLb am Monatsende."),
    ("fachkraefte_integration", "Integrationsfachkräfte (Köpfe)", "anzahl", "Personal", None,
     "Fallmanagement und Arbeitsvermittlung, Köpfe am Monatsende."),
    ("verwaltungskosten", "Verwaltungskosten", "euro", "Finanzen", None,
     "Verwaltungskosten des Monats (Personal- und Sachkosten)."),
    ("eingliederungsausgaben", "Ausgaben für Eingliederungsleistungen", "euro", "Finanzen", None,
     "Ausgaben des Monats für Leistungen zur Eingliederung in Arbeit."),
    ("widersprueche", "Eingegangene Widersprüche", "anzahl", "Qualität", None,
     "Widersprüche gegen Bescheide, Eingang im Monat."),
    ("widersprueche_abgeholfen", "Abgeholfene Widersprüche", "anzahl", "Qualität", "widersprueche",
     "Widersprüche, denen im Monat ganz oder teilweise abgeholfen wurde."),
)  # fmt: skip

KENNZAHLEN = (
    # code, name, kategorie, einheit, richtung, formel, ab, bis, BA-Unterschied
    ("B1", "eLb je Bedarfsgemeinschaft", "basis", "faktor", "neutral", "elb / bg_bestand",
     None, None, "Keine BA-Kennzahl; beschreibt die Zusammensetzung der Bedarfsgemeinschaften."),
    ("S1", "Anteil Langzeitleistungsbeziehender an den eLb", "struktur", "prozent", "neutral",
     "lzb / elb * 100", None, None,
     "Die BA veröffentlicht die Veränderung des LZB-Bestands (K3), nicht ihren Anteil."),
    ("S2", "eLb je Integrationsfachkraft", "struktur", "anzahl", "niedriger",
     "elb / fachkraefte_integration", None, "ende1",
     "Keine BA-Kennzahl (Betreuungsschlüssel); Version 1: Monatswerte."),
    ("S2", "eLb je Integrationsfachkraft", "struktur", "anzahl", "niedriger",
     "mittel(elb, 3) / mittel(fachkraefte_integration, 3)", "jahr2", None,
     "Keine BA-Kennzahl; ab Version 2 über drei Monate geglättet."),
    ("Q1", "Integrationsquote im Kalenderjahr", "qualitaet", "prozent", "hoeher",
     "jahr_bis(integrationen) / jahresmittel_bis(elb) * 100", None, None,
     "K2 der BA ist ein gleitender 12-Monats-Wert über dem eLb-Bestand der Vormonate; der Ring "
     "rechnet im Kalenderjahr mit dem Bestand derselben Monate."),
    ("Q2", "Widerspruchsquote", "qualitaet", "prozent", "niedriger",
     "summe(widersprueche, 12) / mittel(bg_bestand, 12) * 100", None, None,
     "Keine BA-Kennzahl."),
    ("Q3", "Abhilfequote", "qualitaet", "prozent", "niedriger",
     "summe(widersprueche_abgeholfen, 12) / summe(widersprueche, 12) * 100", None, None,
     "Keine BA-Kennzahl."),
    ("K1", "Verwaltungskosten je eLb", "kosten", "euro", "niedriger",
     "verwaltungskosten / elb", None, None,
     "Die BA weist Verwaltungskosten nicht je eLb aus."),
    ("K2", "Eingliederungsausgaben je Integration", "kosten", "euro", "neutral",
     "summe(eingliederungsausgaben, 12) / summe(integrationen, 12)", None, None,
     "Keine BA-Kennzahl."),
    ("K3", "Leistungen zum Lebensunterhalt je Bedarfsgemeinschaft", "kosten", "euro",
     "niedriger", "llu / bg_bestand", None, None,
     "K1 der BA betrachtet nur die Veränderung der Summe, nicht den Betrag je BG."),
)  # fmt: skip


@dataclass(frozen=True)
class DemoRing:
    ring_id: int
    neu: bool
    koordination: str
    passwort: str
    werte: ImportErgebnis


def _werte_csv(
    session: Session, mitglieder: dict[int, list[str]], von: str, bis: str, stand: date, seed: int
) -> bytes:
    """Die eigenen Basiszahlen aller Mitglieder je Monat, abgeleitet aus den Demo-eLb."""
    alle = sorted({a for liste in mitglieder.values() for a in liste})
    basis = lade_datenbasis(session, alle, "gesamt")
    rnd = random.Random(f"ring-nord-{seed}")
    kopf = ["ags", "monat", "datenstand"] + [b[0] for b in BASISZAHLEN]
    zeilen = [",".join(kopf)]
    letzter = monat_index(bis)
    profil = {
        a: (rnd.uniform(1.6, 1.95), rnd.uniform(110, 190), rnd.uniform(80, 125)) for a in alle
    }
    for m in range(monat_index(von), letzter + 1):
        for ags in mitglieder.get(m // 12, []):
            if ags == "13073" and m == letzter:
                continue  # keine eigenen Werte im letzten Monat: Ringwert mit Abdeckung 9 von 10
            zeile = basis.reihen.get(ags, {}).get(m)
            if not zeile or not zeile.get("elb"):
                continue
            elb, integ = zeile["elb"], zeile.get("integrationen") or 0
            je_bg, je_kraft, kosten = profil[ags]
            bg = round(elb / je_bg)
            widersprueche = max(1, round(bg * rnd.uniform(0.006, 0.018)))
            abgeholfen = round(widersprueche * rnd.uniform(0.2, 0.45))
            if ags == "03452" and m == letzter - 2:
                abgeholfen = widersprueche + 3  # Plausibilitätshinweis im Demo
            werte = [
                bg,
                max(1, round(elb / je_kraft * rnd.uniform(0.97, 1.03))),
                f"{elb * kosten * rnd.uniform(0.95, 1.05):.2f}",
                f"{max(integ, 1) * rnd.uniform(1800, 3800):.2f}",
                widersprueche,
                abgeholfen,
            ]
            zeilen.append(",".join([ags, monat_text(m), stand.isoformat(), *map(str, werte)]))
    return ("\n".join(zeilen) + "\n").encode()


def lade_demo_ring(
    session: Session,
    von: str,
    bis: str,
    datenstand: date,
    seed: int,
    jetzt: datetime,
    benutzer: str = "demo",
) -> DemoRing:
    """Legt den Demo-Ring an (falls es ihn noch nicht gibt) und importiert seine Werte."""
    admin = Akteur("admin", ADMIN)
    ring = session.execute(select(Ring).where(Ring.name == RING_NAME)).scalar()
    neu = ring is None
    jahre = range(monat_index(von) // 12, monat_index(bis) // 12 + 1)
    if neu:
        ring = lege_ring_an(
            session,
            RING_NAME,
            "Demo: zehn Optionskommunen aus drei Ländern vergleichen sich mit eigenen Definitionen "
            "(synthetische Werte).",
            True,
            admin,
            jetzt,
            demodaten=True,
        )
        for i, jahr in enumerate(jahre):
            liste = [a for a in MITGLIEDER if a != SPAETER or i > 0]
            setze_mitglieder(session, ring.id, jahr, liste, admin, jetzt)
        for code, name, einheit, kategorie, grenze, text in BASISZAHLEN:
            speichere_basiszahl(
                session, ring.id, code, name, einheit, kategorie, text, grenze, admin, jetzt
            )
        erstes, zweites = date(jahre[0], 1, 1), date(jahre[0] + 1, 1, 1)
        for code, name, kat, einheit, richtung, formel, ab, bis_, ba in KENNZAHLEN:
            werte = dict(
                code=code, name=name, kategorie=kat, einheit=einheit, richtung=richtung,
                formel=formel, gueltig_ab=zweites if ab == "jahr2" else erstes,
                gueltig_bis=date(jahre[0], 12, 31) if bis_ == "ende1" else None,
                ba_unterschied=ba,
            )  # fmt: skip
            speichere_kennzahl(session, ring.id, werte, admin, jetzt)
        aendere_einstellungen(session, ring.id, ring.beschreibung, True, bis, admin, jetzt)
    lege_demo_koordination(session, KOORDINATION, ring.id, jetzt)
    mitglieder = mitglieder_je_jahr(session, ring.id)
    inhalt = _werte_csv(session, mitglieder, von, bis, datenstand, seed)
    werte = importiere_basiszahlen(
        session,
        f"demo-ring-nord-seed{seed}-{von}-{bis}.csv",
        inhalt,
        benutzer,
        jetzt,
        demodaten=True,
        zusatz=ringspalten(session, None),
    )
    return DemoRing(ring.id, neu, KOORDINATION, DEMO_PASSWORT, werte)
