"""Zielnachhaltedialoge korrigieren, solange die Gegenseite sie nicht bestätigt hat (Issue 8).

- Korrigieren darf die erfassende Partei (jede Person dieser Partei mit Schreibrecht für den
  Träger; ein alter Dialog ohne Partei nur seine Autorin). Die Gegenseite nicht
  (`KeineBerechtigung`, sie kann bestätigen).
- Der Dialog wird an Ort und Stelle geändert, `version` zählt hoch; die ersetzte Version bleibt
  als `DialogVersion` erhalten, das Audit-Protokoll hat 'zielnachhaltedialog_korrigiert' mit
  vorher und nachher.
- Das Formular trägt die Version, die es zeigte: hat inzwischen jemand anderes korrigiert, ist
  das ein `DialogKonflikt`; dieselbe Korrektur zweimal gesendet ändert nichts (`neu=False`).
- Bestätigt heißt eingefroren: eine Korrektur ist dann ein `DialogKonflikt` (409) mit dem Weg
  über einen neuen Dialog (`erfasse_dialog(…, korrektur_von=…)`).
- Korrektur und Bestätigung nehmen zuerst `sperre_dialoge`: sie laufen nacheinander, nie wird
  eine ungesehene Version bestätigt.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...fehler import KeineBerechtigung, NichtGefunden
from ...models import DialogVersion, Zielnachhaltedialog, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..verhandlung.lesen import pruefe_partei
from .dialoganzeige import dialog_name
from .dialoge import DialogKonflikt, Gespeichert, ist_bestaetigt, sperre_dialoge
from .dialoginhalt import Inhalt, pruefe_inhalt, ziele_der_vereinbarung
from .seite import dialog_vereinbarung


def lade_dialog(
    session: Session, vereinbarung_id: int, dialog_id: int, akteur: Akteur
) -> tuple[Zielvereinbarung, Zielnachhaltedialog, str]:
    """(Vereinbarung, Dialog, Partei des Akteurs) – nur für die Parteien (sonst 403), ein Dialog
    einer anderen Vereinbarung ist `NichtGefunden`. Auch BMAS ↔ Land (Kooperationsausschuss)."""
    v, traeger = dialog_vereinbarung(session, vereinbarung_id, akteur)
    partei = pruefe_partei(akteur, traeger)
    dialog = session.get(Zielnachhaltedialog, dialog_id)
    if dialog is None or dialog.vereinbarung_id != v.id:
        bund_land = v.ags is None
        raise NichtGefunden(
            f"{'Diese' if bund_land else 'Diesen'} {dialog_name(bund_land)} gibt es nicht."
        )
    return v, dialog, partei


def korrektur_verweigert(
    dialog: Zielnachhaltedialog, partei: str, akteur: Akteur, bund_land: bool = False
) -> str | None:
    """Warum `akteur` (Partei `partei`) den unbestätigten Dialog nicht korrigieren darf."""
    parteien = vh.parteien(bund_land)
    if dialog.partei in parteien and dialog.partei != partei:
        return (
            f"Diesen Dialog hat {vh.PARTEI_BEZEICHNUNG[dialog.partei]} erfasst; nur diese Seite "
            "kann ihn korrigieren. Sie können ihn bestätigen."
        )
    if dialog.partei not in parteien and dialog.autor != akteur.benutzername:
        return f"Diesen Dialog kann nur {dialog.autor} korrigieren."
    return None


EINGEFROREN = (
    "Der Dialog ist bestätigt und kann nicht mehr geändert werden; es wurde nichts geändert. "
    "Erfassen Sie eine Korrektur als neuen Dialog („Korrektur erfassen“)."
)


@texte_bereinigt
def korrigiere_dialog(
    session: Session,
    vereinbarung_id: int,
    dialog_id: int,
    gesehene_version: int,
    akteur: Akteur,
    jetzt: datetime,
    datum: date | None,
    teilnehmende: str,
    datenstand: str,
    wuerdigungen: dict[str, str],
    massnahmen: str | None,
) -> Gespeichert:
    v, dialog, partei = lade_dialog(session, vereinbarung_id, dialog_id, akteur)
    grund = korrektur_verweigert(dialog, partei, akteur, v.ags is None)
    if grund:
        raise KeineBerechtigung(grund)
    codes = {z.zielindikator for z in ziele_der_vereinbarung(session, v)}
    inhalt = pruefe_inhalt(
        v, codes, jetzt, datum, teilnehmende, datenstand, wuerdigungen, massnahmen
    )
    sperre_dialoge(session, gespeicherte_id(v.id))
    session.refresh(dialog)  # unter der Sperre: die aktuelle Version
    vorher = Inhalt.von(dialog)
    if inhalt == vorher:
        return Gespeichert(dialog, neu=False)  # dieselbe Korrektur noch einmal gesendet
    if ist_bestaetigt(session, gespeicherte_id(dialog.id)):
        raise DialogKonflikt(EINGEFROREN)
    if gesehene_version != dialog.version:
        raise DialogKonflikt(
            f"Der Dialog wurde inzwischen von {dialog.geaendert_von or dialog.autor} geändert "
            f"(jetzt Version {dialog.version}); Ihre Korrektur wurde nicht gespeichert. Bitte "
            "laden Sie die Seite neu und korrigieren Sie die aktuelle Version."
        )
    session.add(
        DialogVersion(
            dialog_id=gespeicherte_id(dialog.id),
            version=dialog.version,
            datum=vorher.datum,
            teilnehmende=vorher.teilnehmende,
            datenstand=vorher.datenstand,
            wuerdigungen=vorher.wuerdigungen,
            massnahmen=vorher.massnahmen,
            verfasst_von=dialog.geaendert_von or dialog.autor,
            verfasst_am=dialog.geaendert_am or dialog.erstellt_am,
            ersetzt_von=akteur.benutzername,
            ersetzt_am=jetzt,
        )
    )
    dialog.datum = inhalt.datum
    dialog.teilnehmende = inhalt.teilnehmende
    dialog.datenstand = inhalt.datenstand
    dialog.wuerdigungen = inhalt.wuerdigungen
    dialog.massnahmen = inhalt.massnahmen
    dialog.version += 1
    dialog.geaendert_von = akteur.benutzername
    dialog.geaendert_am = jetzt
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "zielnachhaltedialog_korrigiert",
        "zielvereinbarung",
        v.id,
        {
            "dialog": dialog.id,
            "version": dialog.version,
            "vorher": vorher.als_protokoll(),
            "nachher": inhalt.als_protokoll(),
        },
        jetzt,
    )
    return Gespeichert(dialog, neu=True)
