"""Parteien und Texte des Dokuments einer Vereinbarung BMAS ↔ Land (DOMAIN.md §§ 6, 9): das BMAS
steht an der Stelle des Landes (obere Partei, zeichnet gegen), das Land an der Stelle des Trägers
(unterzeichnet zuerst); Rechtsgrundlage § 48b Abs. 1 Satz 1 Nr. 3 SGB II. Der Rest des Dokuments
ist der der Vereinbarung Land ↔ zkT (`modell.baue_modell`)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...documents.vereinbarung import Partei
from ...domain import verhandlung as vh
from ...domain import vertragstexte as texte
from ...models import Land, Traeger, Zertifikat, Zielvereinbarung
from .modell import partei_mit_zertifikat
from .zertifikate import BMAS, aktives


def parteien_bund(
    session: Session, v: Zielvereinbarung, land: Land, land_name: str, land_zert: Zertifikat | None
) -> tuple[Partei, Partei, str, list[str], str]:
    """(BMAS, Land, Titel, Rechtsgrundlage, Dachzeile)."""
    zkt: int = session.execute(
        select(func.count())
        .select_from(Traeger)
        .where(col(Traeger.land_code) == land.code, col(Traeger.traegerform) == "zkT")
    ).scalar_one()
    bund_zert = aktives(session, BMAS)

    oben = partei_mit_zertifikat(bund_zert, vh.BUND, "BMAS", texte.BMAS_NAME,
                                 "für die Bundesrepublik Deutschland", texte.BMAS_ORT)  # fmt: skip
    unten = partei_mit_zertifikat(land_zert, vh.LAND, "Land", land_name,
                   f"für die {zkt} zugelassenen kommunalen Träger des Landes insgesamt",
                   texte.LANDESHAUPTSTADT.get(land.code))  # fmt: skip
    return (
        oben,
        unten,
        texte.titel_bund(land_name, v.jahr),
        texte.rechtsgrundlage_bund(land_name, zkt),
        f"Zielvereinbarung nach {texte.RECHTSGRUNDLAGE_BUND}",
    )
