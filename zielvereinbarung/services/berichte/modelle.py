"""Die Ansichtsmodelle der Fortschrittsberichte aus dem Stand der Nachhaltung bauen: einer je
Träger und Monat, eine Landesübersicht je Land (alle Träger, Landesaggregat, Status, Diagramm).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ...documents.berichtsmodell import (
    AggregatZeile,
    BudgetStand,
    Diagramm,
    LandBericht,
    LandTraegerZeile,
    LandZelle,
    TraegerBericht,
)
from ...domain import verhandlung as vh
from ...domain.katalog import zielindikator_definition
from ...domain.nachhaltung import GESCHLECHT_FUER
from ...domain.ziele import VEREINBARUNGS_INDIKATOREN
from ...domain.zielindikatoren import zielindikator_aggregat, zielindikator_wert_aggregat
from ...format import (
    LEER,
    MONATSKUERZEL,
    monat_lang,
    prozent,
    sortierschluessel,
    veraenderung,
    zahl,
)
from ...models import Zielnachhaltedialog
from ..nachhaltung.anzeige import STATUS_KLASSE, _einheit, datum_text, zeilen
from ..nachhaltung.daten import Nachhaltungsdaten, TraegerStand
from ..nachhaltung.dialoganzeige import dialog_zeilen


def _datenstand(daten: list[date | None]) -> str:
    vorhanden = [d for d in daten if d]
    return datum_text(max(vorhanden)) if vorhanden else LEER


def traeger_bericht(
    t: TraegerStand,
    daten: Nachhaltungsdaten,
    land_name: str,
    dialoge: list[Zielnachhaltedialog],
    neue_datenstaende: list[str],
    erstellt: str,
    budget: BudgetStand | None = None,
) -> TraegerBericht:
    monat = f"{daten.jahr}-{daten.monat:02d}"
    z = zeilen(t, dialoge)
    vereinbarung = None
    if t.vereinbarung:
        vereinbarung = (
            f"Zielvereinbarung {daten.jahr} ({vh.zustand_bezeichnung(t.vereinbarung.zustand)})"
        )
    return TraegerBericht(
        titel=f"Fortschrittsbericht {monat_lang(monat)} – {t.name}",
        ags=t.ags,
        name=t.name,
        land_code=t.land_code,
        land_name=land_name,
        vergleichstyp=t.vergleichstyp or "keiner",
        monat=monat,
        monat_text=monat_lang(monat),
        jahr=daten.jahr,
        vereinbarung=vereinbarung,
        ohne_vereinbarung=t.hinweis,
        zeilen=z,
        dialoge=dialog_zeilen(dialoge, {x.code: x.bezeichnung for x in z}),
        neue_datenstaende=tuple(neue_datenstaende),
        datenstand=_datenstand(list(t.datenstaende.values())),
        demodaten=daten.demodaten,
        erstellt=erstellt,
        budget=budget,
    )


def _aggregat(daten: Nachhaltungsdaten, mitglieder: list[str]) -> tuple[AggregatZeile, ...]:
    zeilen_ = []
    for code in VEREINBARUNGS_INDIKATOREN:
        reihen = [daten.reihen[GESCHLECHT_FUER.get(code, "gesamt")][a] for a in mitglieder]
        w = zielindikator_wert_aggregat(reihen, code, daten.jahr, daten.monat)
        zeilen_.append(
            AggregatZeile(
                code,
                zielindikator_definition(code).name,
                _einheit(code, w.wert),
                _einheit(code, w.vorjahr),
                veraenderung(w.veraenderung),
                f"{zahl((w.abdeckung or {}).get('wert', 0))} von {zahl(len(mitglieder))} Trägern",
            )
        )
    return tuple(zeilen_)


def _diagramm(daten: Nachhaltungsdaten, mitglieder: list[str], land_name: str) -> Diagramm:
    reihen = [daten.reihen["gesamt"][a] for a in mitglieder]

    def verlauf(jahr: int, bis: int) -> tuple[float | None, ...]:
        werte = []
        for m in range(1, 13):
            w = zielindikator_aggregat(reihen, "IQ", jahr, m).wert if m <= bis else None
            werte.append(None if w is None else float(w))
        return tuple(werte)

    return Diagramm(
        f"Integrationsquote {land_name}: Monatsverlauf {daten.jahr} gegen {daten.jahr - 1}",
        "%",
        MONATSKUERZEL,
        (
            (str(daten.jahr), verlauf(daten.jahr, daten.monat)),
            (str(daten.jahr - 1), verlauf(daten.jahr - 1, 12)),
        ),
    )


def _vereinbarungen_text(traeger: list, mit: int, offen: int, jahr: int) -> str:
    """Zielvereinbarungen schließt das Land nur mit seinen zkT: „3 von 16 zkT mit unterzeichneter
    Zielvereinbarung 2027; 2 in Verhandlung.“ (nicht „von 45 Trägern“)."""
    zkt = sum(1 for t in traeger if t.zkt)
    text = (
        f"{zahl(mit)} von {zahl(zkt)} zugelassenen kommunalen Trägern (zkT) mit unterzeichneter "
        f"Zielvereinbarung {jahr}; {zahl(offen)} mit Vereinbarung in Verhandlung."
    )
    if len(traeger) > zkt:
        text += (
            f" Die übrigen {zahl(len(traeger) - zkt)} Jobcenter (gemeinsame Einrichtungen) "
            "stehen ohne Zielvereinbarung mit dem Land zum Vergleich in der Tabelle."
        )
    return text


def land_bericht(
    land_code: str, land_name: str, daten: Nachhaltungsdaten, erstellt: str
) -> LandBericht:
    monat = f"{daten.jahr}-{daten.monat:02d}"
    traeger = sorted(
        (t for t in daten.traeger.values() if t.land_code == land_code),
        key=lambda t: sortierschluessel(t.name),
    )
    verteilung: dict[str, Counter] = {c: Counter() for c in VEREINBARUNGS_INDIKATOREN}
    zeilen_ = []
    for t in traeger:
        je_code = {s.zielindikator: s for s in t.staende}
        zellen = []
        for code in VEREINBARUNGS_INDIKATOREN:
            s = je_code[code]
            klasse = STATUS_KLASSE.get(s.status or "", "neutral")
            if t.vereinbarung:
                verteilung[code][klasse] += 1
            zellen.append(
                LandZelle(_einheit(code, s.wert), prozent(s.grad), s.status or "", klasse)
            )
        if t.vereinbarung:
            zustand = vh.zustand_bezeichnung(t.vereinbarung.zustand)
        elif t.offener_zustand:
            zustand = f"in Verhandlung ({vh.zustand_bezeichnung(t.offener_zustand)})"
        else:
            zustand = "keine"
        zeilen_.append(LandTraegerZeile(t.ags, t.name, zustand, tuple(zellen)))
    mit = sum(1 for t in traeger if t.vereinbarung)
    offen = sum(1 for t in traeger if t.offener_zustand)
    mitglieder = [t.ags for t in traeger]
    return LandBericht(
        titel=f"Landesübersicht {monat_lang(monat)} – {land_name}",
        land_code=land_code,
        land_name=land_name,
        monat=monat,
        monat_text=monat_lang(monat),
        jahr=daten.jahr,
        codes=tuple((c, zielindikator_definition(c).name) for c in VEREINBARUNGS_INDIKATOREN),
        zeilen=tuple(zeilen_),
        aggregat=_aggregat(daten, mitglieder),
        statusverteilung=tuple(
            (c, v["gut"], v["mittel"], v["schlecht"], v["neutral"]) for c, v in verteilung.items()
        ),
        diagramm=_diagramm(daten, mitglieder, land_name),
        vereinbarungen=_vereinbarungen_text(traeger, mit, offen, daten.jahr),
        datenstand=_datenstand([d for t in traeger for d in t.datenstaende.values()]),
        demodaten=daten.demodaten,
        erstellt=erstellt,
    )
