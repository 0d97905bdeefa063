"""Den versionierten Kennzahlenkatalog aus dem Domänenkern in die Datenbank übernehmen."""

from __future__ import annotations

from dataclasses import asdict

from sqlmodel import Session, select

from ...domain.katalog import KATALOG
from ...models import KennzahlDefinition


def synchronisiere_katalog(session: Session) -> int:
    """Legt fehlende Katalogeinträge an und gleicht geänderte Texte an; gibt die Zahl der
    Änderungen zurück.

    Einträge werden nie gelöscht: alte Vereinbarungen zeigen die Definition, unter der sie galten.
    """
    vorhanden = {(d.code, d.version): d for d in session.exec(select(KennzahlDefinition))}
    aenderungen = 0
    for eintrag in KATALOG:
        werte = asdict(eintrag)
        zeile = vorhanden.get((eintrag.code, eintrag.version))
        if zeile is None:
            session.add(KennzahlDefinition(**werte))
            aenderungen += 1
        elif any(getattr(zeile, k) != v for k, v in werte.items()):
            for k, v in werte.items():
                setattr(zeile, k, v)
            aenderungen += 1
    session.flush()
    return aenderungen
