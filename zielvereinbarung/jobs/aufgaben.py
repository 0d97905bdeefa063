"""Die Funktionen der geplanten Jobs: (Datenbank-URL) → Ergebnistext. Jede öffnet ihre
Sitzungen selbst, ruft Services und schreibt fest; E-Mails gehen erst nach dem Commit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from ..config import audit_schluessel, konfiguration
from ..db import sitzung, transaktion
from ..documents.signaturpruefung import lade_anker
from ..fehler import FachlicherFehler
from ..format import datum
from ..mail import sende_nachrichten
from ..models import Basiszahl, ImportProtokoll, JobMerker
from ..services.audit.anker import lies_anker, verankere
from ..services.audit.pruefung import pruefe_kette
from ..services.berichte.planung import neuester_monat
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.verhandlung.erinnerungen import erinnere
from .berichtslauf import erzeuge_berichte

MERKER_IMPORT = "berichte.letzter_import"
ALTER_WARNUNG_TAGE = 45  # Datenstand älter als das: Hinweis (Wartezeit ≈ 3 Monate + Puffer)


def _letzter_import(session: Session) -> int | None:
    return session.execute(
        select(func.max(ImportProtokoll.id)).where(ImportProtokoll.ergebnis == "importiert")
    ).scalar()


def _merker(session: Session) -> int:
    m = session.get(JobMerker, MERKER_IMPORT)
    return int(m.wert) if m else 0


def berichte_nach_import(url: str) -> str:
    """Neuer Import seit dem letzten vollständigen Lauf → Berichte des neuesten Monats. Der
    Merker rückt erst nach einem vollständigen Lauf vor: bricht der Lauf ab, holt der nächste
    den Rest nach. Mit `ZV_BERICHTE_ARBEITER=0` reiht der Lauf nur ein (die Aufträge stehen
    dauerhaft in der Warteschlange; die Worker-Prozesse erzeugen die Berichte)."""
    with sitzung(url) as session:
        letzter, bisher = _letzter_import(session), _merker(session)
        monat = neuester_monat(session)
    if letzter is None or monat is None:
        return "Noch keine Basiszahlen importiert; keine Berichte."
    if letzter <= bisher:
        return f"Keine neuen Daten seit Import {bisher}; nichts zu tun."
    ergebnis = erzeuge_berichte(
        url, monat, arbeiter=konfiguration().berichte_arbeiter, von="scheduler"
    )
    with transaktion(url) as session:
        m = session.get(JobMerker, MERKER_IMPORT)
        jetzt = datetime.now(UTC)
        if m is None:
            session.add(JobMerker(name=MERKER_IMPORT, wert=str(letzter), geaendert_am=jetzt))
        elif int(m.wert) < letzter:
            m.wert, m.geaendert_am = str(letzter), jetzt
    return f"Neue Daten (Import {letzter}). " + ergebnis.meldung


def importe_pruefen(url: str) -> str:
    jetzt = datetime.now(UTC)
    with sitzung(url) as session:
        neue = session.execute(
            select(func.count())
            .select_from(ImportProtokoll)
            .where(
                ImportProtokoll.zeitpunkt > jetzt - timedelta(days=1),
                ImportProtokoll.ergebnis == "importiert",
            )
        ).scalar()
        stand = session.execute(select(func.max(Basiszahl.datenstand))).scalar()
        monat = neuester_monat(session)
        offen = (_letzter_import(session) or 0) > _merker(session)
    if monat is None:
        return "Noch keine Basiszahlen importiert."
    teile = [
        (
            f"{neue} Import(e) in den letzten 24 Stunden; neuester Monat {monat}, "
            f"Datenstand {datum(stand)}."
        )
    ]
    if (jetzt.date() - stand).days > ALTER_WARNUNG_TAGE:
        teile.append(f"Hinweis: der neueste Datenstand ist älter als {ALTER_WARNUNG_TAGE} Tage.")
    if offen:
        teile.append(berichte_nach_import(url))
    return " ".join(teile)


def erinnerungen_senden(url: str) -> str:
    tage = konfiguration().erinnerung_tage
    with transaktion(url) as session:
        nachrichten = erinnere(session, datetime.now(UTC), tage)
    versand = sende_nachrichten(nachrichten)  # erst nach dem Commit
    return (
        f"{len(nachrichten)} Erinnerung(en) fällig (Frist {tage} Tage); "
        f"{versand.gesendet} gesendet, {versand.fehlgeschlagen} fehlgeschlagen."
    )


class AuditKetteGebrochen(FachlicherFehler):
    """Die tägliche Prüfung hat einen Befund (der Joblauf gilt als fehlgeschlagen)."""


def audit_verankern(url: str) -> str:
    """Die Audit-Kette prüfen und ihren Kopf verankern (Ankerdatei, mit `ZV_TSA_URL` auch ein
    Zeitstempel). Verankert wird auch bei einem Befund: ein neuer Anker verdeckt keinen alten
    (die Prüfung vergleicht mit allen), der Lauf endet dann aber als Fehler."""
    k = konfiguration()
    einst = DokumentEinstellungen.aus_umgebung(k.instanz, k.produktion)
    with sitzung(url) as session:
        ergebnis = pruefe_kette(
            session, audit_schluessel(), lies_anker(), lade_anker(einst.anker_dateien())
        )
        anker = verankere(session, "täglich", datetime.now(UTC))
    if anker is None:
        text = "Die Audit-Kette ist leer; nichts zu verankern."
    else:
        stempel = "mit Zeitstempel" if anker.zeitstempel else "ohne Zeitstempel"
        if anker.tsa_fehler:
            stempel += f" ({anker.tsa_fehler})"
        text = f"Anker für Ereignis {anker.id} geschrieben ({stempel})."
    if not ergebnis.ok:
        raise AuditKetteGebrochen(f"{ergebnis.meldung} {text}")
    return f"{ergebnis.meldung} {text}"
