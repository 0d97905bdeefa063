"""Demo: ein laufendes Jahr. Für das Jahr des letzten Demomonats (heute 2026-12 → Daten bis
2026-09 → 2026) bekommen alle zkT des Demo-Landes eine von beiden Seiten unterzeichnete
Zielvereinbarung, dazu Zielnachhaltedialoge – so zeigen Nachhaltungsseiten, Cockpit und Berichte
Ziele, Projektionen, Status und Ränge.

Alles über die echten Services und wiederholbar (was schon dort oder weiter ist, bleibt):
- Orientierungswerte des Landes für das Jahr (nur, wenn es keine hat), Entwürfe für alle zkT;
- Angebot des Trägers und Annahme durch das Land, datiert in der Verhandlungszeit (November des
  Vorjahres bis Januar); die Träger bieten unterschiedlich ehrgeizig an (`ANGEBOTE`), damit das
  Cockpit alle Stufen zeigt;
- Unterzeichnen und Gegenzeichnen über den Signaturdienst mit den Zertifikaten der Demo-PKI
  (`demo.unterzeichnung.bringe_in_zustand`, dieselben Regeln wie im Betrieb: die
  zeichnungsberechtigten Demokonten `zeichnung-<land>`/`zeichnung-<ags>`), zum Zeitpunkt des
  Demo-Laufs: die Demo-Zertifikate gelten erst ab ihrer Einrichtung;
- je ein Zielnachhaltedialog für die Träger mit Demokonto und zwei weitere, über den
  Datenstand drei Monate vor dem letzten Demomonat, erfasst vom Land und vom Träger bestätigt –
  bis auf den Dialog mit `DIALOG_OFFEN`: der wartet auf dessen Startseite auf die Bestätigung;
- Budgetrahmen vor der Einigung und Ausgaben des Vorjahres und des Jahres (`demo.budget`);
- die Hinweise zu diesen Vereinbarungen gelten als gelesen (Vorgeschichte des Jahres), bis auf
  die Bitte um Bestätigung des offenen Dialogs.
Die Monatsberichte der letzten Monate erzeugt der Aufrufer nach dem Commit
(`cli.demo`, `jobs.berichtslauf`). Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import or_, select, update
from sqlmodel import Session

from ..domain import verhandlung as vh
from ..domain.basiszahlen import monat_index, monat_text
from ..domain.berechtigung import LAND, TRAEGER, Akteur
from ..domain.ziele import Zielvorgabe
from ..fehler import FachlicherFehler
from ..models import Hinweis, Traeger, Zielnachhaltedialog, Zielvereinbarung
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.dokumente.zertifikate import ZertifikatFehler, richte_demo_pki_ein
from ..services.nachhaltung.bestaetigung import bestaetige_dialog, zur_bestaetigung
from ..services.nachhaltung.dialoge import lege_dialog_an
from ..services.verhandlung.lesen import revisionen
from ..services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from ..services.verhandlung.planung import erzeuge_entwuerfe
from ..services.verhandlung.schritte import reiche_angebot_ein
from .budget import lade_demo_budget
from .unterzeichnung import bringe_in_zustand
from .verhandlung import DEMO_LAND, DEMO_ORIENTIERUNG, DEMO_TRAEGER
from .zeichnung import lege_demo_zeichnende

# Abweichung des Angebots von der Orientierung (Prozentpunkte der Veränderung), reihum je zkT
# in AGS-Reihenfolge: ehrgeizige und vorsichtige Träger nebeneinander.
ANGEBOTE = (Decimal("-2"), Decimal("-4"), Decimal("0"), Decimal("-3"), Decimal("1"))
DIALOG_TRAEGER = 2  # neben den Trägern mit Demokonto: so viele weitere mit Dialog
DIALOG_OFFEN = DEMO_TRAEGER[0]  # sein Dialog wartet auf die Bestätigung des Trägers


@dataclass(frozen=True)
class DemoLaufendesJahr:
    jahr: int
    zustaende: dict[str, str]  # ags → Zustand nach dem Laden
    dialoge_neu: int
    hinweis: str | None = None


def _zeitpunkt(tag: date) -> datetime:
    return datetime.combine(tag, time(10, 0), tzinfo=UTC)


def _angebot(vorgaben: list[Zielvorgabe], abweichung: Decimal) -> list[Zielvorgabe]:
    """Die Vorgaben des Entwurfs, Veränderungsziele um `abweichung` Prozentpunkte ehrgeiziger
    (bei „niedriger ist besser“ entsprechend tiefer)."""
    ergebnis = []
    for x in vorgaben:
        if x.zieltyp == "veraenderung" and x.wert is not None:
            neu = x.wert - abweichung if x.zielindikator == "LZB" else x.wert + abweichung
            x = replace(x, wert=max(min(neu, Decimal(50)), Decimal(-50)))
        ergebnis.append(replace(x, kommentar=None))
    return ergebnis


def lade_demo_laufendes_jahr(
    session: Session,
    einst: DokumentEinstellungen,
    bis: str,
    heute: date,
    jetzt: datetime,
    land_code: str = DEMO_LAND,
) -> DemoLaufendesJahr:
    """Unterzeichnete Vereinbarungen und Dialoge für das Jahr des Monats `bis` (Modulkopf)."""
    jahr = int(bis[:4])
    verhandelt = _zeitpunkt(date(jahr - 1, 11, 20))
    land = Akteur(f"land-{land_code.lower()}", LAND, land_code=land_code)
    if not lade_orientierungswerte(session, land_code, jahr):
        setze_orientierungswerte(session, land_code, jahr, list(DEMO_ORIENTIERUNG), land,
                                 _zeitpunkt(date(jahr - 1, 9, 30)))  # fmt: skip
    erzeuge_entwuerfe(session, land_code, jahr, land, _zeitpunkt(date(jahr - 1, 10, 15)))
    vereinbarungen = list(session.execute(
        select(Zielvereinbarung.ags, Zielvereinbarung.id)
        .join(Traeger, Traeger.ags == Zielvereinbarung.ags)
        .where(Traeger.land_code == land_code, Traeger.traegerform == "zkT",
               Zielvereinbarung.jahr == jahr, Zielvereinbarung.aenderung_von_id.is_(None))
        .order_by(Zielvereinbarung.ags)
    ).all())  # fmt: skip
    hinweis = None
    lade_demo_budget(session, [ags for ags, _ in vereinbarungen], jahr, int(bis[5:]),
                     verhandelt, jetzt, land.benutzername)  # fmt: skip
    lege_demo_zeichnende(session, land_code, [ags for ags, _ in vereinbarungen], jetzt)
    try:
        richte_demo_pki_ein(session, einst, jetzt, "demo", land_code,
                            tuple(ags for ags, _ in vereinbarungen))  # fmt: skip
    except ZertifikatFehler as fehler:
        hinweis = f"Ohne Unterschriften: {fehler.meldung}"
    zustaende = {}
    for i, (ags, vid) in enumerate(vereinbarungen):
        traeger = Akteur(f"traeger-{ags}", TRAEGER, traeger_ags=ags)
        v = session.get(Zielvereinbarung, vid)
        if v.zustand == vh.ENTWURF:
            entwurf = revisionen(session, vid)[-1]
            reiche_angebot_ein(session, vid, entwurf.nummer,
                               _angebot(entwurf.vorgaben(), ANGEBOTE[i % len(ANGEBOTE)]),
                               "Angebot (Demo)", traeger,
                               verhandelt + timedelta(days=i))  # fmt: skip
            session.expire(v)
        bringe_in_zustand(session, einst, vid, vh.EINIGUNG, land, traeger,
                          _zeitpunkt(date(jahr, 1, 10) + timedelta(days=i)))  # fmt: skip
        zustaende[ags] = bringe_in_zustand(session, einst, vid, vh.UNTERZEICHNET, land, traeger,
                                           jetzt, unterschriften=hinweis is None)  # fmt: skip
    neu, offen = _dialoge(session, [(a, v) for a, v in vereinbarungen], bis, heute, land)
    pfade = [f"/vereinbarungen/{vid}" for _, vid in vereinbarungen]
    session.execute(
        update(Hinweis)
        .where(
            or_(Hinweis.pfad.in_(pfade), Hinweis.pfad.like("/vereinbarungen/%/nachhaltung#%")),
            Hinweis.gelesen_am.is_(None),
        )
        .values(gelesen_am=jetzt)
    )
    for dialog in offen:  # die Bitte um Bestätigung bleibt ungelesen
        v = session.get(Zielvereinbarung, dialog.vereinbarung_id)
        zur_bestaetigung(session, dialog, session.get(Traeger, v.ags), v.jahr, jetzt)
    return DemoLaufendesJahr(jahr, zustaende, neu, hinweis)


def _dialoge(
    session: Session, vereinbarungen: list[tuple[str, int]], bis: str, heute: date, land: Akteur
) -> tuple[int, list[Zielnachhaltedialog]]:
    """Ein Dialog je ausgewähltem Träger über den Datenstand drei Monate vor `bis`, datiert
    einen Monat nach dessen Eintreffen (höchstens heute), vom Träger zwei Tage später bestätigt
    (außer bei `DIALOG_OFFEN`); vorhandene Dialoge bleiben. (Zahl der neuen, offene neue)"""
    stand_i = max(monat_index(bis) - 3, monat_index(f"{bis[:4]}-01"))
    datenstand = monat_text(stand_i)
    ziel_monat = stand_i + 4  # Daten etwa drei Monate später da, Dialog einen Monat danach
    tag = min(date(ziel_monat // 12, ziel_monat % 12 + 1, 12), heute)
    auswahl = [x for x in vereinbarungen if x[0] in DEMO_TRAEGER]
    auswahl += [x for x in vereinbarungen if x[0] not in DEMO_TRAEGER][:DIALOG_TRAEGER]
    vorhanden = set(session.execute(
        select(Zielnachhaltedialog.vereinbarung_id)
        .where(Zielnachhaltedialog.vereinbarung_id.in_([v for _, v in auswahl]))
    ).scalars())  # fmt: skip
    neu, offen = 0, []
    for ags, vid in auswahl:
        v = session.get(Zielvereinbarung, vid)
        if vid in vorhanden or v.zustand not in (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN):
            continue
        try:
            dialog = lege_dialog_an(
                session, vid, land, _zeitpunkt(tag), tag,
                f"Fachbereich Arbeit des Trägers {ags}; Referat Grundsicherung des Landes (Demo)",
                datenstand,
                {"IQ": "Die Integrationsquote liegt unter dem Zielpfad; die Vermittlung in "
                       "Helfertätigkeiten wird verstärkt (Demo).",
                 "LZB": "Der Bestand an Langzeitleistungsbeziehenden sinkt wie geplant (Demo)."},
                "Zusätzliche Vermittlungsoffensive im vierten Quartal; nächster Dialog nach den "
                "Daten für September (Demo).",
            )  # fmt: skip
        except FachlicherFehler:
            continue  # z. B. eine von Demo-Benutzern geänderte Vereinbarung ohne Ziel für IQ
        neu += 1
        if ags == DIALOG_OFFEN:
            offen.append(dialog)
        else:
            traeger = Akteur(f"traeger-{ags}", TRAEGER, traeger_ags=ags)
            bestaetigt = min(_zeitpunkt(tag + timedelta(days=2)), _zeitpunkt(heute))
            bestaetige_dialog(session, vid, dialog.id, traeger, bestaetigt)
    return neu, offen
