"""Eine Sicherung in eine leere Datenbank und leere Ablagen einspielen – ganz oder gar nicht.

Ablauf: die ganze Sicherung prüfen (`pruefe_sicherung`), dann Schemastand, Schlüsselkennungen und
Leere des Ziels; erst danach werden Zeilen eingefügt (in Abhängigkeitsreihenfolge, in der
Transaktion des Aufrufers) und die Ablagedateien geschrieben (inhaltsadressiert: eine
zurückgerollte Wiederherstellung hinterlässt nur unbenutzte, korrekte Dateien). Die Ankerdatei
schreibt der Aufrufer nach dem Commit (`schreibe_anker`). Auf PostgreSQL werden die Sequenzen
hinter die höchste id gesetzt. Ein Audit-Ereignis hält die Wiederherstellung fest.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlmodel import Session

from ..ablage import Ablage
from ..audit.kette import SYSTEM, protokolliere
from .archiv import (
    ABLAGENAME,
    ANKER,
    TABELLENNAME,
    Manifest,
    SicherungsFehler,
    eintraege,
    gesicherte_tabellen,
    lesefehler,
    pruefe_sicherung,
    zeilen_von,
)
from .zeilen import Zeilenformat

STAPEL = 1000


def pruefe_ziel(
    session: Session, manifest: Manifest, schema: str, schluessel: dict[str, str], anker: Path
) -> None:
    """Passt die Sicherung zu dieser Installation, und ist das Ziel leer?"""
    if manifest.schema != schema:
        raise SicherungsFehler(
            f"Die Sicherung hat den Schemastand {manifest.schema}, diese Version {schema}. "
            "Bitte mit der Version einspielen, die die Sicherung geschrieben hat, und danach "
            "`flask db upgrade` ausführen."
        )
    for name, kennung in manifest.schluessel.items():
        if schluessel.get(name) != kennung:
            raise SicherungsFehler(
                f"Der Schlüssel „{name}“ dieser Installation ist nicht der der Sicherung "
                f"(Kennung {kennung}). Bitte dieselben Schlüssel setzen (ZV_AUDIT_SCHLUESSEL, "
                "ZV_SCHLUESSEL), sonst sind Audit-Kette und Zertifikate nicht nutzbar."
            )
    belegt = [
        t.name
        for t in gesicherte_tabellen()
        if session.execute(select(func.count()).select_from(t)).scalar_one()
    ]
    if belegt:
        raise SicherungsFehler(
            "Die Zieldatenbank ist nicht leer (z. B. Tabelle "
            f"{belegt[0]}); eine Sicherung wird nur in eine leere Datenbank eingespielt."
        )
    if anker.is_file() and anker.stat().st_size:
        raise SicherungsFehler(f"Die Ankerdatei {anker} ist nicht leer; bitte eine leere angeben.")


def spiele_ein(
    session: Session,
    datei: Path,
    ablagen: dict[str, Path],
    schema: str,
    schluessel: dict[str, str],
    anker: Path,
    jetzt: datetime,
) -> Manifest:
    """Prüfen und einspielen (siehe Modulkopf); flush, kein Commit."""
    manifest = pruefe_sicherung(datei)
    pruefe_ziel(session, manifest, schema, schluessel, anker)
    tabellen = {t.name: t for t in gesicherte_tabellen()}
    with lesefehler():
        for info, inhalt in eintraege(datei):
            if treffer := TABELLENNAME.match(info.name):
                _fuege_ein(session, tabellen[treffer.group(1)], inhalt)
            elif treffer := ABLAGENAME.match(info.name):
                Ablage(ablagen[treffer.group(1)]).schreibe(inhalt.read(), treffer.group(4))
    if session.get_bind().dialect.name == "postgresql":
        _setze_sequenzen(session, tabellen.values())
    protokolliere(session, SYSTEM, "sicherung_eingespielt", None, None,
                  {"datei": datei.name, "erstellt": manifest.erstellt, "schema": manifest.schema,
                   "zeilen": manifest.zeilen, "dateien": manifest.dateien}, jetzt)  # fmt: skip
    session.flush()
    return manifest


def _fuege_ein(session: Session, tabelle, inhalt) -> None:
    format_ = Zeilenformat(tabelle)
    stapel: list[dict] = []
    for zeile in zeilen_von(inhalt):
        stapel.append(format_.dekodiere(json.loads(zeile)))
        if len(stapel) >= STAPEL:
            session.execute(tabelle.insert(), stapel)
            stapel = []
    if stapel:
        session.execute(tabelle.insert(), stapel)


def _setze_sequenzen(session: Session, tabellen) -> None:
    for tabelle in tabellen:
        for spalte in tabelle.primary_key.columns:
            sequenz = session.execute(
                text("SELECT pg_get_serial_sequence(:t, :s)"), {"t": tabelle.name, "s": spalte.name}
            ).scalar()
            if sequenz:
                session.execute(
                    text(
                        f'SELECT setval(:q, COALESCE((SELECT max("{spalte.name}") FROM '
                        f'"{tabelle.name}"), 0) + 1, false)'
                    ),
                    {"q": sequenz},
                )


def schreibe_anker(datei: Path, anker: Path) -> bool:
    """Die Ankerdatei der Sicherung an ihren Platz (nach dem Commit; nur wenn sie leer ist)."""
    with lesefehler():
        for info, inhalt in eintraege(datei):
            if info.name == ANKER:
                anker.parent.mkdir(parents=True, exist_ok=True)
                with open(anker, "ab") as ziel:
                    if ziel.tell():
                        raise SicherungsFehler(f"Die Ankerdatei {anker} ist nicht leer.")
                    ziel.write(inhalt.read())
                    ziel.flush()
                    os.fsync(ziel.fileno())
                return True
    return False
