"""Fortschrittsberichte planen, speichern und finden (DOMAIN.md § 7).

Regeln:
- Ein Berichtsmonat ohne Basiszahlen ist ein `FachlicherFehler` („keine Daten“) – es entsteht
  kein leerer Bericht. Ein Träger ohne Zeile für den Monat bekommt keinen Bericht (er wird als
  „ohne Daten“ gemeldet); ein Träger ohne Vereinbarung bekommt einen, der das sagt.
- Idempotent: hat die neueste Version (art, schluessel, monat) denselben Fingerabdruck
  (`berichtsmodell.fingerabdruck`), wird nichts geplant; sonst die nächste `version`.
- „Neue Datenstände seit dem letzten Bericht“ bezieht sich auf den jüngsten Bericht des Trägers
  für einen früheren Monat – so bleibt ein wiederholter Lauf für denselben Monat stabil.
- `speichere` schreibt die Datei atomar in die Berichtsablage (`services.ablage`) und legt die
Zeile an (flush); der
  Aufrufer schreibt fest. Ein IntegrityError beim Festschreiben heißt: ein anderer Prozess hat
  diese Version schon angelegt.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...documents.berichtsmodell import LandBericht, TraegerBericht, fingerabdruck
from ...domain.basiszahlen import monat_index
from ...domain.berechtigung import Akteur, darf_land_sehen, darf_traeger_sehen
from ...fehler import FachlicherFehler
from ...format import monat_lang
from ...models import Basiszahl, Bericht, Land, Traeger
from ...models.bericht import LAND, TRAEGER
from ..ablage import Ablage
from ..audit.kette import kopf
from ..basiszahlen.datenstaende import neue_datenstaende_seit
from ..budget.stand import budget_stand
from ..nachhaltung.anzeige import kennwerte
from ..nachhaltung.daten import berechne
from ..nachhaltung.seite import dialoge_von
from .modelle import land_bericht, traeger_bericht


@dataclass(frozen=True)
class Auftrag:
    art: str
    schluessel: str
    ags: str | None
    land_code: str
    monat: str
    version: int
    modell: TraegerBericht | LandBericht
    fingerabdruck: str
    kennwerte: dict


@dataclass
class Plan:
    monat: str
    auftraege: list[Auftrag] = field(default_factory=list)
    unveraendert: int = 0
    ohne_daten: list[str] = field(default_factory=list)


def pruefe_monat(monat: str) -> int:
    try:
        return monat_index(monat)
    except ValueError:
        raise FachlicherFehler(f"Ungültiger Monat „{monat}“ (erwartet JJJJ-MM).") from None


def neuester_monat(session: Session) -> str | None:
    return session.execute(select(func.max(Basiszahl.monat))).scalar()


def _letzte_versionen(session: Session, monat: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(art, schluessel) → (version, datenstand_hash) der neuesten Version des Monats."""
    ergebnis: dict[tuple[str, str], tuple[int, str]] = {}
    for art, schluessel, version, fp in session.execute(
        select(
            col(Bericht.art),
            col(Bericht.schluessel),
            col(Bericht.version),
            col(Bericht.datenstand_hash),
        )
        .where(col(Bericht.monat) == monat)
        .order_by(col(Bericht.version))
    ).tuples():
        ergebnis[(art, schluessel)] = (version, fp)
    return ergebnis


def _vorheriger_bericht(session: Session, monat: str) -> dict[str, datetime]:
    """AGS → Zeitpunkt des jüngsten Trägerberichts eines früheren Monats."""
    return dict(
        session.execute(
            select(col(Bericht.ags), func.max(col(Bericht.erstellt_am)))
            .where(col(Bericht.art) == TRAEGER, col(Bericht.monat) < monat)
            .group_by(Bericht.ags)
        ).all()
    )


def plane_berichte(
    session: Session,
    monat: str,
    land: str | None = None,
    ags: str | None = None,
    erstellt: str = "",
    auswahl: Collection[str] | None = None,
) -> Plan:
    """Welche Berichte für `monat` neu (oder in neuer Version) entstehen (Regeln im Modulkopf).

    Ohne Auswahl: alle Träger und alle Länder; mit `land`: dessen Träger und Landesübersicht;
    mit `ags`: nur dieser Trägerbericht; `auswahl` (AGS) beschränkt die Trägerberichte weiter
    (die Landesübersicht bleibt vollständig). Ränge beziehen sich immer auf alle Träger."""
    index = pruefe_monat(monat)
    jahr, m = index // 12, index % 12 + 1
    if land and session.get(Land, land) is None:
        raise FachlicherFehler(f"Unbekanntes Land „{land}“ (Kürzel wie NI, BY).")
    if ags and session.get(Traeger, ags) is None:
        raise FachlicherFehler(f"Unbekannter Träger „{ags}“ (Kreisschlüssel, 5 Ziffern).")
    if not session.execute(
        select(col(Basiszahl.id)).where(col(Basiszahl.monat) == monat).limit(1)
    ).first():
        raise FachlicherFehler(
            f"Für {monat_lang(monat)} liegen keine Basiszahlen vor; es wurde kein Bericht erzeugt."
        )
    alle = list(session.scalars(select(Traeger).order_by(Traeger.ags)))
    laender = {x.code: x.name for x in session.scalars(select(Land))}
    daten = berechne(session, alle, jahr, m)
    gewaehlt = [t for t in alle if (not ags or t.ags == ags) and (not land or t.land_code == land)]
    laender_mit_daten = {t.land_code for t in gewaehlt if daten.traeger[t.ags].hat_daten}
    if auswahl is not None:
        gewaehlt = [t for t in gewaehlt if t.ags in auswahl]
    vorhanden = _letzte_versionen(session, monat)
    frueher = _vorheriger_bericht(session, monat)
    plan = Plan(monat)
    audit_kopf = kopf(session)  # steht in jedem Bericht (ändert den Fingerabdruck nicht)

    def plane(art, schluessel, ags_, land_code, modell, werte) -> None:
        modell = replace(modell, audit_kopf=audit_kopf.text if audit_kopf else "leer")
        fp = fingerabdruck(modell)
        version, alt = vorhanden.get((art, schluessel), (0, None))
        if alt == fp:
            plan.unveraendert += 1
            return
        plan.auftraege.append(
            Auftrag(art, schluessel, ags_, land_code, monat, version + 1, modell, fp, werte)
        )

    for t in gewaehlt:
        stand = daten.traeger[t.ags]
        if not stand.hat_daten:
            plan.ohne_daten.append(t.ags)
            continue
        dialoge = (
            dialoge_von(session, stand.vereinbarung.vereinbarung_id) if stand.vereinbarung else []
        )
        neue_datenstaende = (
            neue_datenstaende_seit(session, t.ags, frueher[t.ags]) if t.ags in frueher else []
        )
        modell = traeger_bericht(
            stand, daten, laender[t.land_code], dialoge, neue_datenstaende, erstellt,
            budget_stand(session, t.ags, daten.jahr, daten.monat),
        )  # fmt: skip
        plane(TRAEGER, t.ags, t.ags, t.land_code, modell, kennwerte(stand))
    if not ags:  # Landesübersichten nur für Länder mit Daten im Monat (nie ein leerer Bericht)
        for code in sorted(laender_mit_daten):
            uebersicht = land_bericht(code, laender[code], daten, erstellt)
            plane(LAND, code, None, code, uebersicht, {})
    return plan


def speichere(
    session: Session, auftrag: Auftrag, pdf: bytes, ablage: Ablage, jetzt: datetime, von: str
) -> Bericht:
    """Datei atomar ablegen (inhaltsadressiert), dann die Zeile anlegen (flush)."""
    abgelegt = ablage.schreibe(pdf)
    sha, relativ = abgelegt.sha256, abgelegt.pfad
    bericht = Bericht(
        art=auftrag.art,
        schluessel=auftrag.schluessel,
        ags=auftrag.ags,
        land_code=auftrag.land_code,
        monat=auftrag.monat,
        version=auftrag.version,
        sha256=sha,
        datei=relativ,
        groesse=len(pdf),
        datenstand_hash=auftrag.fingerabdruck,
        titel=auftrag.modell.titel[:200],
        erstellt_am=jetzt,
        erstellt_von=von,
        kennwerte=auftrag.kennwerte,
    )
    session.add(bericht)
    session.flush()
    return bericht


@dataclass(frozen=True)
class Berichtsfilter:
    land: str | None = None
    ags: str | None = None
    monat: str | None = None
    nur_neueste: bool = False


def darf_sehen(akteur: Akteur | None, art: str, ags: str | None, land_code: str) -> bool:
    """Trägerberichte wie Trägerdaten; Landesübersichten nur mit Landessicht."""
    if art == LAND:
        return darf_land_sehen(akteur, land_code)
    return darf_traeger_sehen(akteur, ags or "", land_code)


def darf_bericht_sehen(akteur: Akteur | None, bericht: Bericht) -> bool:
    return darf_sehen(akteur, bericht.art, bericht.ags, bericht.land_code)


def suche_berichte(
    session: Session, f: Berichtsfilter, akteur: Akteur, grenze: int = 1000
) -> list[Bericht]:
    """Die für `akteur` sichtbaren Berichte nach Filter, neueste Monate zuerst (Bereich in SQL)."""
    abfrage = select(Bericht).order_by(
        col(Bericht.monat).desc(),
        col(Bericht.art).desc(),
        col(Bericht.schluessel),
        col(Bericht.version).desc(),
    )
    if akteur.rolle != "admin":
        if akteur.land_code and akteur.rolle in ("land", "leser"):
            abfrage = abfrage.where(col(Bericht.land_code) == akteur.land_code)
        elif akteur.traeger_ags:
            abfrage = abfrage.where(
                col(Bericht.art) == TRAEGER, col(Bericht.ags) == akteur.traeger_ags
            )
        else:
            return []
    if f.land:
        abfrage = abfrage.where(col(Bericht.land_code) == f.land)
    if f.ags:
        abfrage = abfrage.where(col(Bericht.ags) == f.ags)
    if f.monat:
        abfrage = abfrage.where(col(Bericht.monat) == f.monat)
    berichte = [
        b for b in session.scalars(abfrage.limit(grenze * 4)) if darf_bericht_sehen(akteur, b)
    ]
    if f.nur_neueste:
        gesehen, neueste = set(), []
        for b in berichte:
            if (b.art, b.schluessel, b.monat) not in gesehen:
                gesehen.add((b.art, b.schluessel, b.monat))
                neueste.append(b)
        berichte = neueste
    return berichte[:grenze]
