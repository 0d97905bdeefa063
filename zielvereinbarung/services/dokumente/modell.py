"""Das Ansichtsmodell des Vereinbarungsdokuments und der vereinbarte Inhalt als kanonisches JSON.

Kanonisches JSON (`kanonisch`): Schlüssel sortiert, keine Leerzeichen, UTF-8 ohne Escapes,
Dezimalzahlen als Text in exakter Schreibweise („2.5“, „-1.25“). Der SHA-256 dieser Bytes ist
der „SHA-256 des vereinbarten Inhalts“ in der Fußzeile; für dieselbe vereinbarte Revision ist er
immer gleich (keine Zeitpunkte der Ausstellung darin).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents.vereinbarung import (
    AnlageModell,
    Partei,
    VereinbarungModell,
    Zielabschnitt,
    Zielzeile,
)
from ...domain import verhandlung as vh
from ...domain import vertragstexte as texte
from ...domain.katalog import HOEHER, zielindikator_definition
from ...domain.verhandlung import EINIGUNG
from ...domain.ziele import ZIELE, einheit_text, ist_qualitativ
from ...domain.zielindikatoren import zielniveau
from ...domain.zielniveau import stellen_zielniveau
from ...fehler import FachlicherFehler, NichtGefunden
from ...format import datum, euro, monat_lang, zahl
from ...models import (
    Anlage,
    Budgetrahmen,
    Land,
    Revision,
    Traeger,
    Zertifikat,
    Zielvereinbarung,
    Zustandswechsel,
)
from ..budget.rahmen import budget_json, geltendes_budget
from ..verhandlung.lesen import (
    RevisionAnsicht,
    Vertragspartner,
    ZielwertAnsicht,
    revisions_ansichten,
)
from .zertifikate import Organisation, aktives, land_von

FORMAT = "zielvereinbarung/1"
_ROLLE = {"land": "des Landes", "traeger": "des Trägers", "system": "(Entwurf)",
          "bund": "des BMAS"}  # fmt: skip


def kanonisch(wert: object) -> bytes:
    return json.dumps(
        wert, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_dezimal
    ).encode("utf-8")


def _dezimal(wert: object) -> str:
    if isinstance(wert, Decimal):
        return format(wert, "f")
    raise TypeError(f"nicht JSON-fähig: {type(wert).__name__}")


def vereinbarte_revision_id(v: Zielvereinbarung) -> int:
    if v.vereinbarte_revision_id is None:
        raise FachlicherFehler(
            "Für diese Zielvereinbarung gibt es noch keine Einigung; ein Dokument kann erst "
            "nach der Annahme einer Revision ausgestellt werden."
        )
    return v.vereinbarte_revision_id


def vereinbarte_revision(session: Session, v: Zielvereinbarung) -> RevisionAnsicht:
    rev = session.get(Revision, vereinbarte_revision_id(v))
    if rev is None:
        raise NichtGefunden(f"Die vereinbarte Revision {v.vereinbarte_revision_id} gibt es nicht.")
    return revisions_ansichten(session, [rev], v.jahr)[0]


def _budget(session: Session, v: Zielvereinbarung) -> Budgetrahmen | None:
    """Der Budgetrahmen einer ursprünglichen Zielvereinbarung (DOMAIN.md § 10)."""
    if v.aenderung_von_id or not v.ags:  # Änderung und BMAS–Land: kein eigener Budgetrahmen
        return None
    return geltendes_budget(session, v.ags, v.jahr)


def _budgetabsatz(session: Session, v: Zielvereinbarung) -> str | None:
    b = _budget(session, v)
    if b is None:
        return None
    return texte.budgetabsatz(
        v.jahr, euro(Fraction(b.eingliederung, 100)), euro(Fraction(b.verwaltung, 100))
    )


def inhalt(
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    land: Land,
    rev: RevisionAnsicht,
    budget: Budgetrahmen | None = None,
) -> dict:
    """Die vereinbarten Werte (Inhalt von `zielvereinbarung.json`); mit Budgetrahmen, wenn er
    erfasst ist. Eine Vereinbarung BMAS ↔ Land trägt dazu `"art": "bund_land"` (`ags` null,
    `traeger` der Name des Landes)."""
    return (
        {
            "format": FORMAT,
            "vereinbarung_id": v.id,
            "ags": traeger.ags,
            "traeger": traeger.name,
            "land": land.code,
            "land_name": land.name,
            "jahr": v.jahr,
            "aenderung_von_id": v.aenderung_von_id,
            "revision": {
                "nummer": rev.nummer,
                "art": rev.art,
                "rolle": rev.rolle,
                "autor": rev.autor,
                "zeitpunkt": rev.zeitpunkt.isoformat(),
            },  # fmt: skip
            "zielwerte": [zielwert_json(z) for z in rev.zielwerte],
        }
        | ({"budget": budget_json(budget)} if budget is not None else {})
        | ({"art": "bund_land"} if v.ags is None else {})
    )


def zielwert_json(z: ZielwertAnsicht) -> dict:
    niveau = None if ist_qualitativ(z.zielindikator) else zielniveau(z.basiswert, z.zieltyp, z.wert)
    return {
        "zielindikator": z.zielindikator, "bezeichnung": z.bezeichnung, "ziel": z.ziel,
        "zieltyp": z.zieltyp, "wert": z.wert, "untere": z.untere, "obere": z.obere,
        "text": z.text, "basiswert": z.basiswert, "basiswert_vorlaeufig": z.basiswert_vorlaeufig,
        "basiswert_monat": z.basiswert_monat,
        "zielniveau": None if niveau is None else niveau.quantize(Decimal("0.0001")),
        "satz": z.satz,
    }  # fmt: skip


def zielzeile(z: ZielwertAnsicht) -> Zielzeile:
    qualitativ = ist_qualitativ(z.zielindikator)
    # Basiswert und Zielniveau so genau wie im Zielsatz („30,00 %“, „mindestens 30,60 %“)
    stellen = None if qualitativ else stellen_zielniveau(z.zielindikator, z.basiswert)
    if qualitativ:
        basis, hinweis = "–", None
    else:
        basis = einheit_text(z.zielindikator, z.basiswert, stellen)
        hinweis = z.basiswert_grund if z.basiswert is None else None
        monat = monat_lang(z.basiswert_monat) if z.basiswert_monat else "–"
        if z.basiswert is not None and z.basiswert_vorlaeufig:
            hinweis = f"vorläufig (Projektion, Daten bis {monat})"
        elif z.basiswert is not None and z.basiswert_monat:
            hinweis = f"Stand {monat}"
    niveau = None if qualitativ else zielniveau(z.basiswert, z.zieltyp, z.wert)
    if niveau is not None:
        grenze = (
            "mindestens"
            if zielindikator_definition(z.zielindikator).besser == HOEHER
            else "höchstens"
        )
        niveau_text = f"{grenze} {einheit_text(z.zielindikator, niveau, stellen)}"
    else:
        niveau_text = None
    return Zielzeile(
        code=z.zielindikator, bezeichnung=z.bezeichnung, zieltyp=z.zieltyp_bezeichnung,
        basiswert=basis, basiswert_hinweis=hinweis, ziel=z.kurztext, zielniveau=niveau_text,
        satz=z.satz, text=z.text if qualitativ else None,
    )  # fmt: skip


def partei_mit_zertifikat(
    org_zert: Zertifikat | None,
    partei: str,
    rolle: str,
    name: str,
    zusatz: str | None,
    ort: str | None,
) -> Partei:
    """Eine Vertragspartei im Dokument; Vertreter, Funktion und Ort aus ihrem Zertifikat, wenn es
    sie nennt (sonst der Ort `ort`). Auch für BMAS ↔ Land (`modell_bund`)."""
    return Partei(
        partei=partei, rolle=rolle, name=name, zusatz=zusatz,
        vertreter=org_zert.vertreter if org_zert else None,
        funktion=org_zert.funktion if org_zert else None,
        ort=(org_zert.ort if org_zert and org_zert.ort else ort),
    )  # fmt: skip


def groesse_text(groesse: int) -> str:
    if groesse < 1024 * 1024:
        return f"{zahl(max(1, round(groesse / 1024)))} KB"
    return f"{zahl(Decimal(groesse) / (1024 * 1024), 1)} MB"


def baue_modell(
    session: Session,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    anlagen: Sequence[tuple[Anlage, bytes]] = (),
) -> VereinbarungModell:
    """Das Ansichtsmodell aus der vereinbarten Revision, den Zertifikaten (Vertretung) und den
    Anlagen (mit Inhalt)."""
    land = land_von(session, traeger.land_code)
    rev = vereinbarte_revision(session, v)
    daten = kanonisch(inhalt(v, traeger, land, rev, _budget(session, v)))
    land_name = texte.land_vertragsname(land.code, land.name)
    land_zert = aktives(session, Organisation(land.code, None, land_name, land.name))
    traeger_zert = (
        aktives(session, Organisation(None, traeger.ags, traeger.name, traeger.name))
        if traeger.ags
        else None
    )
    abschnitte = []
    for ziel in ZIELE:
        zeilen = tuple(zielzeile(z) for z in rev.zielwerte if z.ziel == ziel.titel)
        if zeilen:
            abschnitte.append(Zielabschnitt(ziel.titel, zeilen))
    angenommen = session.scalars(
        select(col(Zustandswechsel.zeitpunkt))
        .where(col(Zustandswechsel.vereinbarung_id) == v.id, col(Zustandswechsel.nach) == EINIGUNG)
        .order_by(col(Zustandswechsel.id).desc())
        .limit(1)
    ).first()
    revision_text = (
        f"Revision {rev.nummer}: {rev.art_bezeichnung} {_ROLLE.get(rev.rolle, '')} vom "
        f"{datum(rev.zeitpunkt)}" + (f", angenommen am {datum(angenommen)}" if angenommen else "")
    )
    hinweise = []
    if any((z.kontext or {}).get("demodaten") for z in rev.zielwerte):
        hinweise.append(
            "Demodaten: Die Basiswerte beruhen auf synthetischen Werten, nicht auf der amtlichen "
            "Statistik der Bundesagentur für Arbeit."
        )
    if traeger.ags is None:  # BMAS ↔ Land: das BMAS an der Stelle des Landes, das Land an der
        # Stelle des Trägers (DOMAIN.md § 9)
        from .modell_bund import parteien_bund

        oben, unten, titel, rechtsgrundlage, dachzeile = parteien_bund(
            session, v, land, land_name, land_zert
        )
    else:
        oben = partei_mit_zertifikat(
            land_zert, vh.LAND, "Land", land_name, None, texte.LANDESHAUPTSTADT.get(land.code)
        )
        unten = partei_mit_zertifikat(
            traeger_zert,
            vh.TRAEGER,
            "Träger",
            traeger.name,
            f"zugelassener kommunaler Träger nach § 6a SGB II (Kreisschlüssel {traeger.ags})",
            None,
        )
        titel, rechtsgrundlage = texte.titel(land_name, traeger.name, v.jahr), None
        dachzeile = None
    modell = VereinbarungModell(
        titel=titel,
        jahr=v.jahr,
        land=oben,
        traeger=unten,
        rechtsgrundlage=tuple(rechtsgrundlage or texte.rechtsgrundlage(land_name)),
        grundsaetze=tuple(texte.grundsaetze(traeger.ags is None)),
        rahmenbedingungen=tuple(texte.rahmenbedingungen(v.jahr, _budgetabsatz(session, v))),
        abschnitte=tuple(abschnitte),
        nachhaltedialoge=tuple(texte.zielnachhaltedialoge(v.jahr)),
        schluss=tuple(texte.schlussbestimmungen(v.jahr)),
        revision_nummer=rev.nummer,
        revision_text=revision_text,
        inhalt_json=daten,
        inhalt_sha256=hashlib.sha256(daten).hexdigest(),
        anlagen=tuple(
            AnlageModell(
                a.nummer,
                a.titel,
                a.dateiname,
                a.sha256,
                groesse_text(a.groesse),
                a.medientyp,
                inhalt_,
            )  # fmt: skip
            for a, inhalt_ in anlagen
        ),
        hinweise=tuple(hinweise),
    )
    if dachzeile:  # sonst die der Vereinbarung Land ↔ zkT
        modell = replace(modell, dachzeile=dachzeile)
    if v.aenderung_von_id is None:
        return modell
    from .aenderungsmodell import als_aenderung

    return als_aenderung(session, v, traeger, land_name, rev, modell, inhalt(v, traeger, land, rev))
