"""Zielnachhaltedialoge bestätigen (DOMAIN.md § 7, Issue 8).

- Die Gegenseite der erfassenden Partei bestätigt den Dialog (`bestaetige_dialog`, einmal; im
  Audit-Protokoll 'dialog_bestaetigt' mit der Version); bis dahin steht er auf ihrer Startseite
  (`offene_bestaetigungen`). Erfassen, Korrigieren und Bestätigen benachrichtigen die jeweils
  andere Partei (Hinweis und E-Mail, `nachrichten_an`).
- Bestätigt wird die Version, die die Gegenseite gesehen hat (`gesehene_version`): wurde der
  Dialog inzwischen korrigiert, ist das ein `DialogKonflikt`. Bestätigen und Korrigieren nehmen
  zuerst `sperre_dialoge`, laufen also nacheinander. Danach ist der Dialog eingefroren.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...fehler import KeineBerechtigung, NichtGefunden
from ...format import datum as datum_text
from ...format import monat_lang
from ...mail import Nachricht
from ...models import DialogBestaetigung, Land, Traeger, Zielnachhaltedialog, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..verhandlung.benachrichtigung import nachrichten_an
from ..verhandlung.lesen import Vertragspartner, pruefe_partei
from .dialoganzeige import bestaetigende_partei, dialog_name
from .dialoge import DialogKonflikt, SchonBestaetigt, ist_bestaetigt, sperre_dialoge
from .seite import dialog_vereinbarung


def dialog_pfad(dialog: Zielnachhaltedialog, traeger: Traeger | Vertragspartner, jahr: int) -> str:
    """Wo der Dialog steht: Nachhaltungsseite; bei BMAS ↔ Land die Seite des Landes."""
    if traeger.ags is None:
        return f"/bund/{traeger.land_code}/{jahr}#dialog-{dialog.id}"
    return f"/vereinbarungen/{dialog.vereinbarung_id}/nachhaltung#dialog-{dialog.id}"


def _bezeichnungen(traeger: Traeger | Vertragspartner) -> tuple[bool, str, str]:
    """(BMAS ↔ Land?, Name des Dialogs, Vertrag „mit …“)."""
    bund_land = traeger.ags is None
    mit = f"zwischen BMAS und {traeger.name}" if bund_land else f"mit {traeger.name}"
    return bund_land, dialog_name(bund_land), mit


def _akkusativ(name: str) -> str:
    return f"{'die' if name.startswith('Sitzung') else 'den'} {name}"


def zur_bestaetigung(
    session: Session,
    dialog: Zielnachhaltedialog,
    traeger: Traeger | Vertragspartner,
    jahr: int,
    jetzt: datetime,
    korrigiert: bool = False,
) -> list[Nachricht]:
    """Hinweise (und E-Mails) an die Gegenseite: ein neuer (oder korrigierter) Dialog wartet auf
    ihre Bestätigung."""
    bund_land, name, mit = _bezeichnungen(traeger)
    an = bestaetigende_partei(dialog, bund_land)
    if an is None:
        return []
    assert dialog.partei is not None  # eben von einer Partei erfasst oder korrigiert
    wer = dialog.geaendert_von if korrigiert else dialog.autor
    was = f"korrigiert (Version {dialog.version})" if korrigiert else "erfasst"
    betreff = f"{name} {traeger.kurzname} zur Bestätigung"
    text = (
        f"{wer} ({vh.PARTEI_BEZEICHNUNG[dialog.partei]}) hat {_akkusativ(name)} "
        f"vom {datum_text(dialog.datum)} zur Zielvereinbarung {jahr} {mit} {was} "
        f"(Daten bis {monat_lang(dialog.datenstand)}). Bitte prüfen und bestätigen."
    )
    inhalt = (traeger, betreff, text, dialog_pfad(dialog, traeger, jahr))
    return nachrichten_an(session, an, [inhalt], jetzt, "dialog")


def bestaetige_dialog(
    session: Session,
    vereinbarung_id: int,
    dialog_id: int,
    akteur: Akteur,
    jetzt: datetime,
    gesehene_version: int | None = None,
) -> tuple[DialogBestaetigung, list[Nachricht]]:
    """Die Gegenseite bestätigt den Dialog; (Bestätigung, Nachrichten an die erfassende Partei).

    Ein Dialog einer anderen Vereinbarung ist `NichtGefunden`; die erfassende Partei selbst,
    Leser und Administration dürfen nicht (`KeineBerechtigung`); ein zweites Mal ist
    `SchonBestaetigt`; eine andere als die gesehene Version `DialogKonflikt`.
    """
    v, traeger = dialog_vereinbarung(session, vereinbarung_id, akteur)
    bund_land, name, mit = _bezeichnungen(traeger)
    dialog = session.get(Zielnachhaltedialog, dialog_id)
    if dialog is None or dialog.vereinbarung_id != v.id:
        raise NichtGefunden(f"{'Diese' if bund_land else 'Diesen'} {name} gibt es nicht.")
    partei = pruefe_partei(akteur, traeger)
    erwartet = bestaetigende_partei(dialog, bund_land)
    if erwartet is not None and partei != erwartet:
        assert dialog.partei is not None  # sonst gäbe es keine bestätigende Partei
        raise KeineBerechtigung(
            f"Den Dialog hat {vh.PARTEI_BEZEICHNUNG[dialog.partei]} erfasst; bestätigen kann "
            f"ihn nur {vh.PARTEI_BEZEICHNUNG[erwartet]}."
        )
    if erwartet is None and dialog.autor == akteur.benutzername:
        raise KeineBerechtigung("Einen selbst erfassten Dialog bestätigt die Gegenseite.")
    sperre_dialoge(session, gespeicherte_id(v.id))
    session.refresh(dialog)  # unter der Sperre: die aktuelle Version
    if ist_bestaetigt(session, gespeicherte_id(dialog.id)):
        raise SchonBestaetigt(f"{'Diese' if bund_land else 'Dieser'} {name} ist bereits bestätigt.")
    if gesehene_version is not None and gesehene_version != dialog.version:
        raise DialogKonflikt(
            f"Der Dialog wurde inzwischen von {dialog.geaendert_von or dialog.autor} korrigiert "
            f"(jetzt Version {dialog.version}); es wurde nichts bestätigt. Bitte prüfen Sie die "
            "neue Version und bestätigen Sie dann."
        )
    bestaetigung = DialogBestaetigung(
        dialog_id=gespeicherte_id(dialog.id),
        partei=partei,
        benutzername=akteur.benutzername,
        zeitpunkt=jetzt,
        version=dialog.version,
    )
    session.add(bestaetigung)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "dialog_bestaetigt",
        "zielvereinbarung",
        v.id,
        {"dialog": dialog.id, "partei": partei, "version": dialog.version},
        jetzt,
    )
    betreff = f"{name} {traeger.kurzname} bestätigt"
    text = (
        f"{akteur.benutzername} ({vh.PARTEI_BEZEICHNUNG[partei]}) hat {_akkusativ(name)} "
        f"vom {datum_text(dialog.datum)} zur Zielvereinbarung {v.jahr} {mit} bestätigt."
    )
    an = vh.gegenseite(partei, bund_land)
    inhalt = (traeger, betreff, text, dialog_pfad(dialog, traeger, v.jahr))
    nachrichten = nachrichten_an(session, an, [inhalt], jetzt, "dialog")
    return bestaetigung, nachrichten


def _unbestaetigte(partner, verbindung, erfasst_von: str):
    """Abfrage: Dialoge, die `erfasst_von` erfasst hat und die noch niemand bestätigt hat, in
    unterzeichneten oder abgeschlossenen Vereinbarungen – mit Vereinbarung und Vertragspartner
    (`partner`, verbunden über `verbindung`), älteste zuerst."""
    return (
        select(Zielnachhaltedialog, Zielvereinbarung, partner)
        .join(
            Zielvereinbarung, col(Zielvereinbarung.id) == col(Zielnachhaltedialog.vereinbarung_id)
        )
        .join(partner, verbindung)
        .outerjoin(
            DialogBestaetigung, col(DialogBestaetigung.dialog_id) == col(Zielnachhaltedialog.id)
        )
        .where(
            col(DialogBestaetigung.dialog_id).is_(None),
            col(Zielnachhaltedialog.partei) == erfasst_von,
            col(Zielvereinbarung.zustand).in_((vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)),
        )
        .order_by(col(Zielnachhaltedialog.datum), col(Zielnachhaltedialog.id))
    )


def offene_bestaetigungen(
    session: Session, akteur: Akteur
) -> list[tuple[Zielnachhaltedialog, Zielvereinbarung, Traeger]]:
    """Dialoge im Bereich des Akteurs, die auf die Bestätigung seiner Partei warten (älteste
    zuerst); eine Abfrage."""
    if akteur.rolle not in vh.PARTEIEN:
        return []
    abfrage = _unbestaetigte(
        Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags), vh.gegenseite(akteur.rolle)
    )
    if akteur.rolle == vh.LAND:
        abfrage = abfrage.where(col(Traeger.land_code) == (akteur.land_code or ""))
    else:
        abfrage = abfrage.where(col(Traeger.ags) == (akteur.traeger_ags or ""))
    return [(d, v, t) for d, v, t in session.execute(abfrage).tuples()]


def offene_sitzungen(
    session: Session, akteur: Akteur
) -> list[tuple[Zielnachhaltedialog, Zielvereinbarung, Land]]:
    """Sitzungen des Kooperationsausschusses (BMAS ↔ Land), die auf die Bestätigung durch das
    BMAS bzw. das Land des Akteurs warten (älteste zuerst); eine Abfrage."""
    if akteur.rolle not in vh.parteien(bund_land=True):
        return []
    abfrage = _unbestaetigte(
        Land,
        col(Land.code) == col(Zielvereinbarung.land_code),
        vh.gegenseite(akteur.rolle, bund_land=True),
    ).where(col(Zielvereinbarung.ags).is_(None))
    if akteur.rolle == vh.LAND:
        abfrage = abfrage.where(col(Zielvereinbarung.land_code) == (akteur.land_code or ""))
    return [(d, v, land) for d, v, land in session.execute(abfrage).tuples()]
