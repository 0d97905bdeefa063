"""Die Seite einer Zielvereinbarung und der Vergleich zweier Revisionen."""

from __future__ import annotations

from flask import render_template, request, url_for

from ...domain.berechtigung import darf_bund_land_sehen, darf_land_sehen
from ...format import zeitpunkt
from ...services.budget.rahmen import budget_ansicht
from ...services.verhandlung.seiten import aenderungs_teil, vereinbarung_seite, vergleich_seite
from ...services.verhandlung.vergleiche import VergleichZeile
from ...tabellen.modell import Mappe, Spalte, Tabelle, textzelle
from ..kern.adressen import id_zahl
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..kern.tabellen import exportierbar, tabellenseite
from . import bp
from .darstellung import am_zug_text, knoepfe, nach_zielen, revision_kopf, verlauf, zielwert


def kopf(seite) -> dict:
    """Parteien, Jahr, Zustand, wer am Zug ist – für die Vereinbarung, den Vergleich und die
    Konfliktseite."""
    a = seite.ansicht
    if a.bund_land:  # BMAS an der Stelle des Landes, das Land an der Stelle des Trägers
        return {
            "id": a.id,
            "titel": f"Zielvereinbarung {a.jahr} – BMAS und {a.traeger_name}",
            "jahr": a.jahr,
            "land": "Bundesministerium für Arbeit und Soziales (BMAS)",
            "traeger": f"Land {a.traeger_name} (für seine zkT insgesamt)",
            "zustand": a.zustand_bezeichnung,
            "am_zug": am_zug_text(a.am_zug_bezeichnung),
            "aenderung_von": a.aenderung_von_id,
            "url": url_for("verhandlung.vereinbarung", id=a.id),
            "uebersicht": url_for("bund.land", land=a.land_code, jahr=a.jahr),
            "uebersicht_text": "Zur Seite des Landes mit Landeszielen und Nachhaltung",
            "partei_oben": "Bund",
            "partei_unten": "Land",
            "orientierung_von": "des BMAS",
        }
    titel = f"Zielvereinbarung {a.jahr} – {a.traeger_name}"
    if a.aenderung_von_id is not None:
        titel = f"Änderungsvereinbarung Nr. {a.aenderung_nr} zur {titel}"
    return {
        "id": a.id,
        "titel": titel,
        "jahr": a.jahr,
        "land": f"Land {seite.land_name}",
        "traeger": f"{a.traeger_name} (zkT, {a.ags})",
        "zustand": a.zustand_bezeichnung,
        "am_zug": am_zug_text(a.am_zug_bezeichnung),
        "aenderung_von": a.aenderung_von_id,
        "url": url_for("verhandlung.vereinbarung", id=a.id),
        "uebersicht": url_for("verhandlung.uebersicht", land=a.land_code, jahr=a.jahr),
    }


@bp.get("/vereinbarungen/<int:id>")
def vereinbarung(id: int):
    seite = vereinbarung_seite(db(), id, aktueller_akteur())
    a = seite.ansicht
    rev = a.aktuelle_revision
    return render_template(
        "verhandlung/vereinbarung.html",
        kopf=kopf(seite),
        ziele=nach_zielen(rev),
        revision=revision_kopf(rev),
        revision_zeit=rev.zeitpunkt,
        revision_kommentar=rev.kommentar,
        vereinbart=(
            f"Vereinbart ist Revision {a.vereinbarte_revision.nummer}; die Werte sind eingefroren."
        )
        if a.vereinbarte_revision
        else None,
        knoepfe=knoepfe(a),
        verlauf=verlauf(a.id, seite.revisionen),
        nummern=[(r.nummer, revision_kopf(r)) for r in seite.revisionen],
        auswahl_a=seite.revisionen[-2].nummer if len(seite.revisionen) > 1 else None,
        auswahl_b=seite.revisionen[-1].nummer,
        demodaten=any(z.kontext and z.kontext.get("demodaten") for z in rev.zielwerte),
        land_sicht=(a.bund_land and darf_bund_land_sehen(aktueller_akteur(), a.land_code))
        or darf_land_sehen(aktueller_akteur(), a.land_code),
        budget=None if a.bund_land else budget_ansicht(db(), id, aktueller_akteur()),
        aenderung=aenderungs_teil(db(), a, aktueller_akteur()),
    )


FELDER = (  # (Überschrift, Felder von VERGLICHENE_FELDER, die in die Spalte zählen)
    ("Zieltyp", ("zieltyp",)),
    ("Ziel", ("wert", "untere", "obere", "text", "bezeichnung")),
    ("Kommentar", ("kommentar",)),
)


def _vergleich_zeile(z: VergleichZeile) -> dict:
    def seite(w):
        if w is None:
            return ["nicht enthalten", "nicht enthalten", ""]
        d = zielwert(w)
        return [d["zieltyp"], d["text"] if d["qualitativ"] else d["ziel"], d["kommentar"] or ""]

    a, b = seite(z.a), seite(z.b)
    zellen = []
    for i, (titel, felder) in enumerate(FELDER):
        zellen.append(
            {
                "titel": titel,
                "a": a[i],
                "b": b[i],
                "geaendert": any(z.geaendert.get(f) for f in felder),
            }
        )
    return {"bezeichnung": z.bezeichnung, "zellen": zellen, "geaendert": z.irgendwas_geaendert}


def _vergleich_tabelle(v, zeilen: list[dict], kommentar: dict) -> Tabelle:
    """Je Zielindikator und Angabe eine Zeile; „geändert“ als eigene Spalte (in der Datei) und
    hervorgehoben (auf der Seite)."""
    a, b = v.a.nummer, v.b.nummer
    tabelle = Tabelle(
        "Vergleich",
        f"{revision_kopf(v.a)} ({zeitpunkt(v.a.zeitpunkt)}) und "
        f"{revision_kopf(v.b)} ({zeitpunkt(v.b.zeitpunkt)})",
        [
            Spalte("Zielindikator", zeilenkopf=True),
            Spalte("Angabe", zeilenkopf=True),
            Spalte(f"Revision {a}"),
            Spalte(f"Revision {b}"),
            Spalte("Geändert"),
        ],
    )
    for zeile in zeilen:
        for zelle in zeile["zellen"]:
            tabelle.zeile(
                zeile["bezeichnung"],
                zelle["titel"],
                textzelle(zelle["a"]),
                textzelle(zelle["b"], hervorgehoben=zelle["geaendert"]),
                "ja" if zelle["geaendert"] else "nein",
            )
    tabelle.zeile(
        "Kommentar zur Revision",
        textzelle(None),
        textzelle(kommentar["a"]),
        textzelle(kommentar["b"], hervorgehoben=kommentar["geaendert"]),
        "ja" if kommentar["geaendert"] else "nein",
    )
    return tabelle


@bp.get("/vereinbarungen/<int:id>/vergleich")
@exportierbar
def vergleich(id: int):
    v = vergleich_seite(
        db(),
        id,
        request.args.get("a", type=id_zahl),
        request.args.get("b", type=id_zahl),
        aktueller_akteur(),
    )
    zeilen = [_vergleich_zeile(z) for z in v.zeilen]
    kommentar = {
        "a": v.a.kommentar or "",
        "b": v.b.kommentar or "",
        "geaendert": (v.a.kommentar or "") != (v.b.kommentar or ""),
    }
    tabelle = _vergleich_tabelle(v, zeilen, kommentar)
    titel = f"Vergleich der Revisionen {v.a.nummer} und {v.b.nummer}"
    kopf_ = kopf(v.seite)
    mappe = Mappe(
        f"{titel} – {kopf_['titel']}",
        f"{kopf_['titel']} Vergleich Revision {v.a.nummer} und {v.b.nummer}",
        [tabelle],
        angaben=[("Stand", f"{kopf_['zustand']}, {kopf_['am_zug']}")],
    )
    gruppen, start = [], 0
    for zeile in zeilen:  # je Zielindikator die Zeilen der Tabelle (rowspan auf der Seite)
        gruppen.append(tabelle.zeilen[start : start + len(zeile["zellen"])])
        start += len(zeile["zellen"])
    return tabellenseite(
        "verhandlung/vergleich.html",
        mappe,
        gruppen=gruppen,
        kommentar_zeile=tabelle.zeilen[-1],
        kopf=kopf_,
        a=v.a.nummer,
        b=v.b.nummer,
        kopf_a=revision_kopf(v.a),
        kopf_b=revision_kopf(v.b),
        zeit_a=v.a.zeitpunkt,
        zeit_b=v.b.zeitpunkt,
        kommentar=kommentar,
        anzahl_geaendert=sum(z["geaendert"] for z in zeilen),
        nummern=[(r.nummer, revision_kopf(r)) for r in v.seite.revisionen],
        auswahl_a=v.a.nummer,
        auswahl_b=v.b.nummer,
    )
