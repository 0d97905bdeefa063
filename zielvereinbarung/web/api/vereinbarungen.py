"""Zielvereinbarungen: Liste, Detail mit Zielen (ETag), Revisionen, Zustand; die Vorbedingung
jeder schreibenden Operation (`vorbedingung`: Partei und `If-Match`, optimistische Sperre).

Lesen: wer den Träger sehen darf (`services.verhandlung.lesen.pruefe_lesen`). Der ETag
`"<id>-<version_id>-<Revisionsnummer>"` ändert sich mit jedem Schreiben. Ohne `If-Match` → 428,
veralteter ETag → 412, Zustand erlaubt die Aktion nicht → 409.

Annehmen, Freigeben und Unterzeichnen gibt es in der API bewusst nicht: sie sind verbindlich
und verlangen eine erneute Anmeldung der Person (DOMAIN.md § 6a, `web.kern.erneute_anmeldung`) – ein
Token beweist das nicht.
"""

from __future__ import annotations

from decimal import Decimal

from flask import abort, make_response, request
from sqlmodel import select

from ...domain import berechtigung as regeln
from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.tokens import LESEN
from ...mail import sende_nachrichten
from ...models import Traeger, Zielvereinbarung, Zustandswechsel
from ...services.verhandlung import lesen
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db, nach_commit
from . import bp, validiere
from .antworten import antworten
from .probleme import problem
from .schemas_vereinbarung import (
    AktionErgebnis,
    RevisionenListe,
    VereinbarungAbfrage,
    VereinbarungAus,
    VereinbarungenListe,
    ZustandAus,
)
from .seiten import seite_von
from .zugang import scope

TAG = "Zielvereinbarungen"


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


def revision_json(r: lesen.RevisionAnsicht) -> dict:
    return {
        "nummer": r.nummer,
        "art": r.art,
        "rolle": r.rolle,
        "autor": r.autor,
        "zeitpunkt": r.zeitpunkt,
        "kommentar": r.kommentar,
        "basis_nummer": r.basis_nummer,
        "zielwerte": [
            {
                "zielindikator": z.zielindikator,
                "bezeichnung": z.bezeichnung,
                "ziel": z.ziel,
                "zieltyp": z.zieltyp,
                "wert": _zahl(z.wert),
                "untere": _zahl(z.untere),
                "obere": _zahl(z.obere),
                "text": z.text,
                "kommentar": z.kommentar,
                "basiswert": _zahl(z.basiswert),
                "basiswert_vorlaeufig": z.basiswert_vorlaeufig,
                "basiswert_monat": z.basiswert_monat,
                "orientierungswert": z.orientierungswert,
                "kurztext": z.kurztext,
            }
            for z in r.zielwerte
        ],
    }


def etag(a: lesen.VereinbarungAnsicht) -> str:
    return f'"{a.id}-{a.version_id}-{a.aktuelle_revision.nummer}"'


def _detail(a: lesen.VereinbarungAnsicht) -> dict:
    return {
        "id": a.id,
        "ags": a.ags,
        "traeger_name": a.traeger_name,
        "land_code": a.land_code,
        "jahr": a.jahr,
        "zustand": a.zustand,
        "zustand_bezeichnung": a.zustand_bezeichnung,
        "am_zug": a.am_zug,
        "aenderung_von_id": a.aenderung_von_id,
        "etag": etag(a),
        "verhandelbar": a.verhandelbar,
        "erlaubte_aktionen": [x.code for x in a.erlaubte_aktionen],
        "aktuelle_revision": revision_json(a.aktuelle_revision),
        "vereinbarte_revision": revision_json(a.vereinbarte_revision)
        if a.vereinbarte_revision
        else None,
    }


def _mit_etag(daten: dict, modell, kennung: str):
    antwort = make_response(modell.model_validate(daten).model_dump(mode="json"))
    antwort.headers["ETag"] = kennung
    return antwort


@bp.get("/vereinbarungen")
@scope(LESEN)
@validiere(query=VereinbarungAbfrage, resp=antworten({"HTTP_200": VereinbarungenListe}), tags=[TAG])
def vereinbarungen(query: VereinbarungAbfrage):
    """Alle Zielvereinbarungen, die der Benutzer sehen darf (Jahr absteigend, dann Träger)."""
    abfrage = (
        select(Zielvereinbarung, Traeger)
        .join(Traeger, Traeger.ags == Zielvereinbarung.ags)
        .order_by(Zielvereinbarung.jahr.desc(), Zielvereinbarung.ags, Zielvereinbarung.id)
    )
    if query.jahr is not None:
        abfrage = abfrage.where(Zielvereinbarung.jahr == query.jahr)
    if query.ags:
        abfrage = abfrage.where(Zielvereinbarung.ags == query.ags)
    if query.land:
        abfrage = abfrage.where(Traeger.land_code == query.land.upper())
    if query.zustand:
        abfrage = abfrage.where(Zielvereinbarung.zustand == query.zustand)
    akteur = aktueller_akteur()
    zeilen = [
        {
            "id": v.id,
            "ags": v.ags,
            "traeger_name": t.name,
            "land_code": t.land_code,
            "jahr": v.jahr,
            "zustand": v.zustand,
            "zustand_bezeichnung": vh.zustand_bezeichnung(v.zustand),
            "am_zug": v.am_zug,
            "aenderung_von_id": v.aenderung_von_id,
        }
        for v, t in db().exec(abfrage)
        if regeln.darf_traeger_sehen(akteur, t.ags, t.land_code)
    ]
    return seite_von(zeilen, query.seite, query.pro_seite)


@bp.get("/vereinbarungen/<int:id>")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": VereinbarungAus}), tags=[TAG])
def vereinbarung(id: int):
    """Eine Zielvereinbarung mit aktueller und vereinbarter Revision (Kopf ETag)."""
    ansicht = lesen.vereinbarung_lesen(db(), id, aktueller_akteur())
    return _mit_etag(_detail(ansicht), VereinbarungAus, etag(ansicht))


@bp.get("/vereinbarungen/<int:id>/revisionen")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": RevisionenListe}), tags=[TAG])
def revisionen(id: int):
    """Alle Revisionen, älteste zuerst."""
    lesen.vereinbarung_lesen(db(), id, aktueller_akteur())  # Leserecht
    return {"eintraege": [revision_json(r) for r in lesen.revisionen(db(), id)]}


@bp.get("/vereinbarungen/<int:id>/zustand")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": ZustandAus}), tags=[TAG])
def zustand(id: int):
    """Zustand, wer am Zug ist, und alle Zustandswechsel."""
    ansicht = lesen.vereinbarung_lesen(db(), id, aktueller_akteur())
    wechsel = db().exec(
        select(Zustandswechsel)
        .where(Zustandswechsel.vereinbarung_id == id)
        .order_by(Zustandswechsel.id)
    )
    return {
        "zustand": ansicht.zustand,
        "zustand_bezeichnung": ansicht.zustand_bezeichnung,
        "am_zug": ansicht.am_zug,
        "verlauf": [
            {
                "von": w.von,
                "nach": w.nach,
                "aktion": w.aktion,
                "akteur": w.akteur,
                "rolle": w.rolle,
                "zeitpunkt": w.zeitpunkt,
            }
            for w in wechsel
        ],
    }


def vorbedingung(id: int) -> tuple[Akteur, lesen.VereinbarungAnsicht]:
    """Vor jedem Schreiben: Leserecht (404/403), Partei (403), dann If-Match (412)."""
    akteur = aktueller_akteur()
    vorher = lesen.vereinbarung_lesen(db(), id, akteur)
    lesen.pruefe_partei(akteur, db().get(Traeger, vorher.ags))
    if request.headers.get("If-Match", "").strip() not in (etag(vorher), "*"):
        abort(problem(412, f"Aktueller ETag: {etag(vorher)}. Bitte neu lesen und prüfen."))
    return akteur, vorher


def ergebnis_antwort(id: int, ergebnis, status: int = 200):
    """Meldung und neuer Stand (mit neuem ETag); E-Mails an die Gegenseite nach dem Commit."""
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))  # wie in der Weboberfläche
    nachher = lesen.vereinbarung_lesen(db(), id, aktueller_akteur())
    antwort = _mit_etag(
        {"meldung": ergebnis.meldung, "vereinbarung": _detail(nachher)},
        AktionErgebnis,
        etag(nachher),
    )
    antwort.status_code = status
    return antwort
