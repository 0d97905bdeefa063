"""Das Dokument einer Änderungsvereinbarung (DOMAIN.md § 8): dieselben Parteien, Unterschriften
und Anlagen wie jede Vereinbarung, aber

- Titel „Änderungsvereinbarung Nr. n zur Zielvereinbarung … vom …“ (Datum der Gegenzeichnung
  des Originals);
- statt §§ 1–6: Gegenstand (mit dem SHA-256 des unterzeichneten Originaldokuments), nur die
  geänderten Ziele mit bisherigem und neuem Ziel, Fortgeltung alles Übrigen;
- eingebettetes JSON (Format `aenderungsvereinbarung/1`): die Änderungen (bisher/neu) und das
  Original (id, SHA-256 seines unterzeichneten Dokuments und seines Inhalts, Datum).
Maßgebliches Originaldokument ist die erste Version mit beiden Signaturen (spätere Versionen
tragen nur Archivzeitstempel); hat das Original kein Dokument dieser Anwendung, steht `null`.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents.vereinbarung import AenderungModell, VereinbarungModell, Zielabschnitt
from ...domain import vertragstexte as texte
from ...domain.ziele import ZIELE
from ...fehler import NichtGefunden
from ...format import datum
from ...models import Dokument, Traeger, Zielvereinbarung
from ...models.dokument import UNTERZEICHNET
from ...models.ids import gespeicherte_id
from ..verhandlung.aenderung import geaenderte_ziele
from ..verhandlung.geltende_ziele import unterzeichnet_am
from ..verhandlung.lesen import RevisionAnsicht, Vertragspartner, ZielwertAnsicht
from .modell import kanonisch, zielwert_json
from .modell import zielzeile as zeile

FORMAT = "aenderungsvereinbarung/1"


def original_dokument(session: Session, original_id: int) -> Dokument | None:
    """Die erste von beiden Parteien unterzeichnete Version des Originaldokuments."""
    return session.scalars(
        select(Dokument)
        .where(col(Dokument.vereinbarung_id) == original_id, col(Dokument.status) == UNTERZEICHNET)
        .order_by(col(Dokument.version))
        .limit(1)
    ).first()


def original_angaben(session: Session, original: Zielvereinbarung) -> dict:
    """Was das JSON einer Änderung über das Original sagt (auch für die Prüfung)."""
    original_id = gespeicherte_id(original.id)
    d = original_dokument(session, original_id)
    am = unterzeichnet_am(session, [original_id]).get(original_id)
    return {
        "vereinbarung_id": original_id,
        "dokument_sha256": d.sha256 if d else None,
        "inhalt_sha256": d.inhalt_sha256 if d else None,
        "unterzeichnet_am": am.date().isoformat() if am else None,
    }


def als_aenderung(
    session: Session,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    land_name: str,
    rev: RevisionAnsicht,
    modell: VereinbarungModell,
    grundinhalt: dict,
) -> VereinbarungModell:
    """Das Modell `modell` des Originals-Schemas als Änderungsvereinbarung (Modulkopf)."""
    original = _original(session, v)
    original_id = gespeicherte_id(original.id)
    angaben = original_angaben(session, original)
    am = unterzeichnet_am(session, [original_id]).get(original_id)
    original_datum = datum(am) if am else None
    aenderungen = geaenderte_ziele(session, v, rev)

    def json_von(z: ZielwertAnsicht | None) -> dict | None:
        return None if z is None else zielwert_json(z)

    inhalt = {
        **{k: w for k, w in grundinhalt.items() if k != "zielwerte"},
        "format": FORMAT,
        "aenderung_nr": v.aenderung_nr,
        "original": angaben,
        "aenderungen": [
            {"zielindikator": a.zielindikator, "bisher": json_von(a.alt), "neu": json_von(a.neu)}
            for a in aenderungen
        ],
        "zielwerte": [zielwert_json(a.neu) for a in aenderungen if a.neu is not None],
    }
    daten = kanonisch(inhalt)
    abschnitte = []
    for ziel in ZIELE:
        zeilen = []
        for a in aenderungen:
            if a.neu is not None and a.neu.ziel == ziel.titel:
                zeilen.append(replace(zeile(a.neu), bisher=_bisher(a.alt)))
            elif a.neu is None and a.alt is not None and a.alt.ziel == ziel.titel:  # entfällt
                zeilen.append(replace(zeile(a.alt), bisher=_bisher(a.alt), ziel="entfällt",
                                      zielniveau=None, satz="Dieses Ziel entfällt.",
                                      text=None))  # fmt: skip
        if zeilen:
            abschnitte.append(Zielabschnitt(ziel.titel, tuple(zeilen)))
    original_titel = texte.titel(land_name, traeger.name, v.jahr)
    hinweise = tuple(h for h in modell.hinweise if not h.startswith("Änderungsvereinbarung"))
    return replace(
        modell,
        titel=texte.aenderung_titel(v.aenderung_nr or 0, original_titel, original_datum),
        abschnitte=tuple(abschnitte),
        inhalt_json=daten,
        inhalt_sha256=hashlib.sha256(daten).hexdigest(),
        hinweise=hinweise,
        aenderung=AenderungModell(
            v.aenderung_nr or 0,
            tuple(texte.aenderung_gegenstand(original_datum, angaben["dokument_sha256"], v.jahr)),
            tuple(texte.aenderung_fortgeltung(v.jahr)),
            angaben["dokument_sha256"],
        ),
    )


def _bisher(alt: ZielwertAnsicht | None) -> str:
    """Das bisherige Ziel in der Spalte „bisher“."""
    if alt is None:
        return "– (neu aufgenommen)"
    z = zeile(alt)
    return f"{z.ziel}, {z.zielniveau}" if z.zielniveau else (z.text or z.ziel)


def _original(session: Session, v: Zielvereinbarung) -> Zielvereinbarung:
    """Die Vereinbarung, die die Änderung `v` ändert."""
    original = (
        session.get(Zielvereinbarung, v.aenderung_von_id)
        if v.aenderung_von_id is not None
        else None
    )
    if original is None:
        raise NichtGefunden(
            f"Die geänderte Zielvereinbarung {v.aenderung_von_id} zur Änderung {v.id} gibt es "
            "nicht."
        )
    return original


def originalmaengel(session: Session, v: Zielvereinbarung, inhalt: dict) -> list[str]:
    """Für die Prüfung (`pruefung`): eine Änderungsvereinbarung nennt das unterzeichnete
    Originaldokument (id, SHA-256); es muss das der geänderten Vereinbarung in der Datenbank
    sein."""
    original = inhalt.get("original")
    eingebettet = original if isinstance(original, dict) else {}
    erwartet = original_angaben(session, _original(session, v))
    if (eingebettet.get("vereinbarung_id"), eingebettet.get("dokument_sha256")) != (
        erwartet["vereinbarung_id"],
        erwartet["dokument_sha256"],
    ):
        return [
            "Der eingebettete SHA-256 des Originaldokuments stimmt nicht mit der unterzeichneten "
            "Zielvereinbarung in der Datenbank überein."
        ]
    return []
