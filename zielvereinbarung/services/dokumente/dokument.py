"""Das Vereinbarungsdokument ausstellen, Versionen lesen, auflisten, exportieren; Anlagen.

Regeln:
- **Ausstellen** (Version 1, Status `ausgestellt`) dürfen die Parteien ab `einigung`, genau
  einmal je Vereinbarung: ein ausgestelltes Dokument wird nie neu erzeugt, auch nicht nach
  einer Unterschrift. Ein zweiter Aufruf gibt die vorhandene Version zurück.
- Jede Version liegt einmal in der Dokumentablage (`services.ablage`) und als `Dokument`-Zeile.
- Lesen und Herunterladen: wer die Vereinbarung sehen darf (auch Leser).
- **Anlage** (Planungsdokument): nur der Träger, nur PDF, höchstens 20 MB, nur solange noch
  kein Dokument ausgestellt ist; ein erneutes Hochladen ersetzt sie.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...documents import vereinbarung as dokument_vorlage
from ...documents.signatur import inhaber_lesbar
from ...documents.signaturpruefung import PdfFehler, lies_pdf
from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...domain.verhandlung import zustand_bezeichnung
from ...fehler import FachlicherFehler, NichtGefunden
from ...models import Anlage, Dokument, Traeger, Zielvereinbarung
from ...models.dokument import AUSGESTELLT
from ...models.ids import gespeicherte_id
from ..ablage import Ablage
from ..audit.kette import protokolliere
from ..verhandlung.lesen import Vertragspartner, lade_vereinbarung, pruefe_lesen, pruefe_partei
from .einstellungen import DokumentEinstellungen
from .modell import baue_modell, groesse_text, vereinbarte_revision_id

MAX_ANLAGE = 20 * 1024 * 1024
STATUS_BEZEICHNUNG = {
    AUSGESTELLT: "ausgestellt (noch nicht unterzeichnet)",
    "unterzeichnet_traeger": "vom Träger unterzeichnet",
    "unterzeichnet": "von beiden Parteien unterzeichnet",
}
HERKUNFT_BEZEICHNUNG = {"erzeugt": "erzeugt", "intern": "in der Anwendung signiert",
                        "extern": "extern signiert, hochgeladen",
                        "archiv": "Archivzeitstempel (Prüfdaten, PAdES B-LTA)"}  # fmt: skip
AUSSTELLBAR = (vh.EINIGUNG, vh.UNTERZEICHNET_TRAEGER, vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)


@dataclass(frozen=True)
class DokumentVersion:
    id: int
    vereinbarung_id: int
    ags: str | None  # None: Vereinbarung BMAS ↔ Land
    jahr: int
    version: int
    status: str
    status_bezeichnung: str
    sha256: str
    inhalt_sha256: str
    groesse: int
    groesse_text: str
    signaturen: int
    herkunft: str
    unterzeichner: str | None
    erstellt_am: datetime
    erstellt_von: str
    dateiname: str
    person: str | None = None  # wer unterzeichnet hat („Maria Muster, Landrätin“)


@dataclass(frozen=True)
class AnlageAnsicht:
    nummer: int
    titel: str
    dateiname: str
    sha256: str
    groesse_text: str
    erstellt_am: datetime
    erstellt_von: str


def ansicht(d: Dokument, v: Zielvereinbarung) -> DokumentVersion:
    return DokumentVersion(
        gespeicherte_id(d.id), d.vereinbarung_id, v.ags, v.jahr, d.version, d.status,
        STATUS_BEZEICHNUNG.get(d.status, d.status), d.sha256, d.inhalt_sha256, d.groesse,
        groesse_text(d.groesse), d.signaturen, HERKUNFT_BEZEICHNUNG.get(d.herkunft, d.herkunft),
        inhaber_lesbar(d.unterzeichner), d.erstellt_am, d.erstellt_von,
        _dateiname(v, d.version), d.person,
    )  # fmt: skip


def _dateiname(v: Zielvereinbarung, version: int) -> str:
    partner = v.ags or f"bmas-{v.land_code}"  # ohne AGS: Vereinbarung BMAS ↔ Land
    if v.aenderung_von_id is not None:
        return f"aenderungsvereinbarung-{partner}-{v.jahr}-nr{v.aenderung_nr}-v{version}.pdf"
    return f"zielvereinbarung-{partner}-{v.jahr}-v{version}.pdf"


def versionen(session: Session, vereinbarung_id: int) -> list[Dokument]:
    return list(
        session.scalars(
            select(Dokument)
            .where(col(Dokument.vereinbarung_id) == vereinbarung_id)
            .order_by(col(Dokument.version))
        )
    )


def neueste(session: Session, vereinbarung_id: int) -> Dokument | None:
    alle = versionen(session, vereinbarung_id)
    return alle[-1] if alle else None


def anlagen(session: Session, vereinbarung_id: int) -> list[Anlage]:
    return list(
        session.scalars(
            select(Anlage)
            .where(col(Anlage.vereinbarung_id) == vereinbarung_id)
            .order_by(col(Anlage.nummer))
        )
    )


def anlage_ansicht(a: Anlage) -> AnlageAnsicht:
    return AnlageAnsicht(a.nummer, a.titel, a.dateiname, a.sha256, groesse_text(a.groesse),
                         a.erstellt_am, a.erstellt_von)  # fmt: skip


def ausstellen(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    akteur: Akteur,
    jetzt: datetime,
) -> DokumentVersion:
    """Das Dokument ausstellen (Version 1); vorhanden → die vorhandene Version."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_partei(akteur, traeger)
    return ansicht(stelle_aus(session, einst, v, traeger, akteur.benutzername, jetzt), v)


def stelle_aus(
    session: Session,
    einst: DokumentEinstellungen,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    akteur: str,
    jetzt: datetime,
) -> Dokument:
    """Version 1 erzeugen und ablegen (ohne Berechtigungsprüfung: die macht der Aufrufer)."""
    vid = gespeicherte_id(v.id)
    vorhanden = neueste(session, vid)
    if vorhanden is not None:
        return vorhanden
    if v.zustand not in AUSSTELLBAR:
        raise FachlicherFehler(
            f"Das Dokument kann erst nach der Einigung ausgestellt werden (jetzt: "
            f"„{zustand_bezeichnung(v.zustand)}“)."
        )
    ablage = Ablage(einst.ablage)
    mit_inhalt = [(a, ablage.lies(a.pfad, a.sha256)) for a in anlagen(session, vid)]
    modell = baue_modell(session, v, traeger, mit_inhalt)
    abgelegt = ablage.schreibe(dokument_vorlage.stelle_aus(modell, jetzt))
    d = Dokument(
        vereinbarung_id=vid, version=1, status=AUSGESTELLT, revision_id=vereinbarte_revision_id(v),
        sha256=abgelegt.sha256, inhalt_sha256=modell.inhalt_sha256, pfad=abgelegt.pfad,
        groesse=abgelegt.groesse, signaturen=0, herkunft="erzeugt", erstellt_am=jetzt,
        erstellt_von=akteur,
    )  # fmt: skip
    session.add(d)
    try:
        session.flush()
    except IntegrityError:
        raise FachlicherFehler(
            "Das Dokument wurde gerade von jemand anderem ausgestellt; bitte laden Sie die Seite "
            "neu."
        ) from None
    protokolliere(session, akteur, "dokument_ausgestellt", "zielvereinbarung", v.id,
                  {"version": 1, "sha256": d.sha256, "inhalt_sha256": d.inhalt_sha256,
                   "revision_id": d.revision_id}, jetzt)  # fmt: skip
    return d


def lies_version(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    version: int,
    akteur: Akteur,
) -> tuple[DokumentVersion, bytes]:
    """Eine Version mit Inhalt (zum Herunterladen); prüft Leserecht und SHA-256."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    d = session.scalars(
        select(Dokument).where(
            col(Dokument.vereinbarung_id) == v.id, col(Dokument.version) == version
        )
    ).first()
    if d is None:
        raise NichtGefunden(f"Version {version} des Dokuments gibt es nicht.")
    return ansicht(d, v), Ablage(einst.ablage).lies(d.pfad, d.sha256)


def vorschau_html(
    session: Session, vereinbarung_id: int, akteur: Akteur, stil_url: str, zurueck_url: str
) -> str:
    """Das Dokument als HTML-Vorschau (dieselbe Vorlage wie das PDF)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    vorschau = [(a, b"") for a in anlagen(session, gespeicherte_id(v.id))]
    modell = baue_modell(session, v, traeger, vorschau)
    return dokument_vorlage.html(modell, vorschau=True, stil_url=stil_url, zurueck_url=zurueck_url)


@texte_bereinigt
def lade_anlage_hoch(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    dateiname: str,
    daten: bytes,
    akteur: Akteur,
    jetzt: datetime,
    titel: str = "Planungsdokument des Trägers",
) -> AnlageAnsicht:
    """Das Planungsdokument (PDF) als Anlage 1 speichern oder ersetzen (Regeln im Modulkopf)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    if rolle != vh.TRAEGER:
        raise FachlicherFehler("Das Planungsdokument lädt der Träger hoch.")
    vid = gespeicherte_id(v.id)
    if neueste(session, vid) is not None:
        raise FachlicherFehler(
            "Das Dokument ist bereits ausgestellt; Anlagen können nicht mehr geändert werden."
        )
    if len(daten) > MAX_ANLAGE:
        raise FachlicherFehler(f"Die Anlage ist zu groß (höchstens {MAX_ANLAGE // 2**20} MB).")
    try:
        lies_pdf(daten)
    except PdfFehler as fehler:
        raise FachlicherFehler(f"Anlage abgelehnt: {fehler.meldung}") from None
    abgelegt = Ablage(einst.ablage).schreibe(daten)
    name = _sicherer_name(dateiname)
    a = session.scalars(
        select(Anlage).where(col(Anlage.vereinbarung_id) == vid, col(Anlage.nummer) == 1)
    ).first()
    if a is None:
        a = Anlage(vereinbarung_id=vid, nummer=1, titel=titel, dateiname=name,
                   medientyp="application/pdf", sha256=abgelegt.sha256, pfad=abgelegt.pfad,
                   groesse=abgelegt.groesse, erstellt_am=jetzt,
                   erstellt_von=akteur.benutzername)  # fmt: skip
        session.add(a)
    else:
        a.dateiname, a.sha256, a.pfad, a.groesse = (
            name,
            abgelegt.sha256,
            abgelegt.pfad,
            abgelegt.groesse,
        )
        a.erstellt_am, a.erstellt_von, a.titel = jetzt, akteur.benutzername, titel
    session.flush()
    protokolliere(session, akteur.benutzername, "anlage_hochgeladen", "zielvereinbarung", v.id,
                  {"nummer": 1, "dateiname": name, "sha256": abgelegt.sha256}, jetzt)  # fmt: skip
    return anlage_ansicht(a)


def _sicherer_name(dateiname: str) -> str:
    name = (dateiname or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c.isprintable() and c not in '"<>|:*?')[:150]
    if not name.lower().endswith(".pdf"):
        name = (name or "planungsdokument") + ".pdf"
    return name
