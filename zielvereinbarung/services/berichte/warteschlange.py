"""Die Warteschlange des verteilten Berichtslaufs (Tabelle `bericht_auftrag`); nur `flush()`,
die Transaktionen besitzen `jobs.berichtslauf` und `jobs.worker`.

- `reihe_ein`: je geplantem Bericht ein Auftrag mit dem fertigen Ansichtsmodell (JSON). Steht
  derselbe Bericht (art, schluessel, monat, version) schon in der Schlange, zählt der vorhandene
  Auftrag (ein offener bekommt das neue Modell, ein fehlgeschlagener wird wieder offen).
- `hole`: bis zu `anzahl` Aufträge übernehmen – offene und solche, deren Frist abgelaufen ist
  (ihr Worker ist tot oder hängt). Auf PostgreSQL mit `SELECT … FOR UPDATE SKIP LOCKED`:
  gleichzeitige Worker warten nicht aufeinander und bekommen verschiedene Aufträge. Das
  Übernehmen selbst ist ein bedingtes UPDATE (nur wenn der Auftrag noch zu haben ist) – so ist
  es auch auf SQLite (ohne Zeilensperren) nie doppelt.
- `eigener_auftrag`: vor dem Festschreiben die Zeile sperren und prüfen, dass sie noch diesem
  Worker gehört (nach Ablauf der Frist kann ein anderer sie übernommen haben).
- `gib_verwaiste_frei`: Aufträge eines nicht mehr laufenden Prozesses desselben Rechners sofort
  wieder freigeben (ohne das Ende der Frist abzuwarten).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...documents.berichtsmodell import LandBericht, TraegerBericht, als_daten, aus_daten
from ...models.bericht import ERLEDIGT, FEHLER, IN_ARBEIT, LAND, OFFEN, BerichtAuftrag
from ...models.ids import gespeicherte_id
from .planung import Auftrag

MAX_VERSUCHE = 3  # danach bleibt ein Auftrag mit Status „fehler“ stehen


def _werte(a: Auftrag) -> dict:
    return {
        "ags": a.ags,
        "land_code": a.land_code,
        "fingerabdruck": a.fingerabdruck,
        "modell": als_daten(a.modell),
        "kennwerte": a.kennwerte,
    }


def _vorhanden(session: Session, a: Auftrag) -> BerichtAuftrag | None:
    return session.execute(
        select(BerichtAuftrag).where(
            col(BerichtAuftrag.art) == a.art,
            col(BerichtAuftrag.schluessel) == a.schluessel,
            col(BerichtAuftrag.monat) == a.monat,
            col(BerichtAuftrag.version) == a.version,
        )
    ).scalar_one_or_none()


def reihe_ein(session: Session, auftraege: list[Auftrag], von: str, jetzt: datetime) -> list[int]:
    """Die Aufträge einreihen (Regeln im Modulkopf); ids in Planreihenfolge (flush)."""
    ids = []
    for a in auftraege:
        zeile = _vorhanden(session, a)
        if zeile is None:
            try:
                with session.begin_nested():
                    zeile = BerichtAuftrag(
                        art=a.art,
                        schluessel=a.schluessel,
                        monat=a.monat,
                        version=a.version,
                        status=OFFEN,
                        eingereiht_am=jetzt,
                        eingereiht_von=von[:120],
                        **_werte(a),
                    )
                    session.add(zeile)
            except IntegrityError:  # ein gleichzeitiger Lauf hat ihn eben eingereiht
                zeile = _vorhanden(session, a)
                assert zeile is not None
        elif zeile.status == FEHLER or (
            zeile.status == OFFEN and zeile.fingerabdruck != a.fingerabdruck
        ):
            for name, wert in _werte(a).items():
                setattr(zeile, name, wert)
            zeile.status, zeile.versuche, zeile.fehler = OFFEN, 0, None
        session.flush()
        ids.append(gespeicherte_id(zeile.id))
    return ids


def auftrag_aus(zeile: BerichtAuftrag) -> Auftrag:
    klasse = LandBericht if zeile.art == LAND else TraegerBericht
    return Auftrag(
        zeile.art,
        zeile.schluessel,
        zeile.ags,
        zeile.land_code,
        zeile.monat,
        zeile.version,
        aus_daten(klasse, zeile.modell),
        zeile.fingerabdruck,
        zeile.kennwerte,
    )


def _zu_haben(jetzt: datetime):
    return or_(
        col(BerichtAuftrag.status) == OFFEN,
        (col(BerichtAuftrag.status) == IN_ARBEIT) & (col(BerichtAuftrag.frist_bis) < jetzt),
    )


def hole(
    session: Session,
    inhaber: str,
    anzahl: int,
    frist_s: int,
    jetzt: datetime,
    nur: list[int] | None = None,
) -> list[tuple[int, Auftrag]]:
    """Bis zu `anzahl` Aufträge übernehmen (Modulkopf): (id, Auftrag), älteste zuerst."""
    abfrage = select(col(BerichtAuftrag.id)).where(_zu_haben(jetzt))
    if nur is not None:
        abfrage = abfrage.where(col(BerichtAuftrag.id).in_(nur))
    kandidaten = session.scalars(
        abfrage.order_by(col(BerichtAuftrag.id)).limit(anzahl).with_for_update(skip_locked=True)
    )
    genommen: list[int] = []
    for nr in map(gespeicherte_id, list(kandidaten)):
        ergebnis = session.execute(
            update(BerichtAuftrag)
            .where(col(BerichtAuftrag.id) == nr, _zu_haben(jetzt))
            .values(
                status=IN_ARBEIT,
                inhaber=inhaber,
                frist_bis=jetzt + timedelta(seconds=frist_s),
                versuche=col(BerichtAuftrag.versuche) + 1,
            )
            .execution_options(synchronize_session=False)
        )
        assert isinstance(ergebnis, CursorResult)  # UPDATE: mit rowcount
        if ergebnis.rowcount == 1:
            genommen.append(nr)
    session.flush()
    auftraege = []
    for nr in genommen:
        zeile = session.get(BerichtAuftrag, nr, populate_existing=True)
        assert zeile is not None  # eben von diesem Lauf übernommen
        auftraege.append((nr, auftrag_aus(zeile)))
    return auftraege


def verlaengere(session: Session, inhaber: str, ids: list[int], bis: datetime) -> None:
    """Die Frist der eigenen, noch nicht erledigten Aufträge verlängern."""
    if ids:
        session.execute(
            update(BerichtAuftrag)
            .where(
                col(BerichtAuftrag.id).in_(ids),
                col(BerichtAuftrag.inhaber) == inhaber,
                col(BerichtAuftrag.status) == IN_ARBEIT,
            )
            .values(frist_bis=bis)
            .execution_options(synchronize_session=False)
        )


def eigener_auftrag(session: Session, nr: int, inhaber: str) -> BerichtAuftrag | None:
    """Die Zeile gesperrt, wenn sie noch diesem Worker gehört; sonst None."""
    return session.execute(
        select(BerichtAuftrag)
        .where(
            col(BerichtAuftrag.id) == nr,
            col(BerichtAuftrag.inhaber) == inhaber,
            col(BerichtAuftrag.status) == IN_ARBEIT,
        )
        .with_for_update()
    ).scalar_one_or_none()


def erledige(session: Session, zeile: BerichtAuftrag, bericht_id: int, jetzt: datetime) -> None:
    """Als erledigt vermerken; das Modell wird nicht mehr gebraucht (flush)."""
    zeile.status, zeile.bericht_id, zeile.erledigt_am = ERLEDIGT, bericht_id, jetzt
    zeile.frist_bis, zeile.modell = None, {}
    session.flush()


def gib_zurueck(session: Session, nr: int, inhaber: str, fehler: str) -> None:
    """Nach einem Fehler beim Rendern: wieder offen, nach MAX_VERSUCHE endgültig „fehler“."""
    zeile = eigener_auftrag(session, nr, inhaber)
    if zeile is not None:
        zeile.status = FEHLER if zeile.versuche >= MAX_VERSUCHE else OFFEN
        zeile.fehler, zeile.frist_bis = fehler[:4000], None
        session.flush()


def gib_verwaiste_frei(session: Session, rechner: str, lebt: Callable[[str], bool]) -> int:
    """Aufträge toter Prozesse dieses Rechners wieder freigeben (flush); ihre Zahl."""
    zeilen = session.scalars(
        select(BerichtAuftrag).where(
            col(BerichtAuftrag.status) == IN_ARBEIT,
            col(BerichtAuftrag.inhaber).startswith(rechner + ":"),
        )
    )
    frei = 0
    for zeile in zeilen:
        assert zeile.inhaber is not None  # in Arbeit: mit Inhaber (Abfrage oben)
        if not lebt(zeile.inhaber):
            zeile.status, zeile.inhaber, zeile.frist_bis = OFFEN, None, None
            frei += 1
    session.flush()
    return frei


def stand(session: Session, ids: list[int]) -> Counter:
    """Status → Anzahl für die Aufträge `ids`."""
    return Counter(
        dict(
            session.execute(
                select(col(BerichtAuftrag.status), func.count())
                .where(col(BerichtAuftrag.id).in_(ids))
                .group_by(BerichtAuftrag.status)
            ).all()
        )
    )


def offene(session: Session, jetzt: datetime) -> int:
    """Wie viele Aufträge jetzt zu haben wären (offen oder mit abgelaufener Frist)."""
    return session.execute(
        select(func.count()).select_from(BerichtAuftrag).where(_zu_haben(jetzt))
    ).scalar_one()
