"""Unterzeichnen (DOMAIN.md § 5): erst der Träger („unterzeichnen“: einigung →
unterzeichnet_traeger), dann das Land („gegenzeichnen“: → unterzeichnet).

Zwei Wege, gleiche Wirkung (neue Dokumentversion + Zustandswechsel über
`verhandlung.zustaende.wechsle_zustand`, Audit mit der unterzeichnenden Person):
- **intern** (`unterzeichne`): nur eine für die Partei *zeichnungsberechtigte* Person
  (`konten.zeichnung`, sonst `KeineBerechtigung`), und nur für genau die ausgestellte Version,
  deren SHA-256 sie bestätigt hat (`bestaetigt_sha256`; die Web-Schicht verlangt dazu Passwort
  oder frische Anmeldung). Signiert wird mit dem gespeicherten Zertifikat der eigenen
  Organisation; Signatur (/Name, /Reason) und sichtbarer Block nennen die Person.
- **extern** (`nimm_signiertes_dokument_an`): die Partei lädt das ausgestellte Dokument herunter,
  signiert es mit eigenem Werkzeug (z. B. qualifiziert) und lädt es hoch; Prüfung in
  `services.dokumente.signaturannahme`. Das Zertifikat muss für eine Person registriert sein, die
  für die Partei zeichnungsberechtigt ist (`konten.personenzertifikate`), oder das
  Organisationszertifikat der Partei sein – dann muss wer hochlädt zeichnungsberechtigt sein.
- Gilt im Land das Vier-Augen-Prinzip, zeichnet das Land erst nach einer Freigabe durch eine
  andere Person gegen (`dokumente.freigabe`).
- Vereinbarung BMAS ↔ Land (DOMAIN.md § 9): das Land unterzeichnet zuerst (an der Stelle des
  Trägers, Feld `Unterschrift_Land`), das BMAS zeichnet gegen (Feld `Unterschrift_BMAS`, mit
  dem Zertifikat des BMAS); das Vier-Augen-Prinzip des Landes gilt dort nicht.

Reihenfolge, Berechtigung und Zustand werden geprüft, bevor irgendetwas signiert oder
geschrieben wird; jeder Fehler ist eine deutsche Meldung ohne Zustandsänderung (die Datei in der
Ablage entsteht erst nach allen Prüfungen; zur Begründung siehe `services.ablage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ...documents import signatur
from ...documents.signatur import SignaturFehler
from ...documents.signaturpruefung import SignaturBefund, lade_anker
from ...documents.vereinbarung import FELD
from ...domain import verhandlung as vh
from ...domain import zeichnung as zeichnungsregeln
from ...domain.berechtigung import Akteur
from ...domain.vertragstexte import BMAS_ORT, LANDESHAUPTSTADT, land_vertragsname
from ...fehler import FachlicherFehler, Konflikt
from ...format import zeitpunkt
from ...mail import Nachricht
from ...models import Dokument, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..ablage import Ablage
from ..audit.anker import verankere_nach_commit
from ..audit.kette import protokolliere
from ..konten.personenzertifikate import zeichnende_mit_zertifikat
from ..konten.zeichnung import Zeichnende, verlange_zeichnende, zeichnende
from ..verhandlung.lesen import Vertragspartner, lade_vereinbarung, pruefe_partei
from ..verhandlung.zustaende import wechsle_zustand
from .dokument import DokumentVersion, ansicht, neueste
from .einstellungen import DokumentEinstellungen
from .freigabe import pruefe_gegenzeichnung
from .signaturannahme import Abgelehnt, pruefe_hochgeladen
from .zertifikate import BMAS, Organisation, aktive_und_fruehere, land_von, signierschluessel

# Partei → (Aktion, Signaturfeld, erwarteter Dokumentstatus vorher, Zustand vorher)
SCHRITT = {
    vh.TRAEGER: (vh.UNTERZEICHNEN, signatur.FELD_TRAEGER, "ausgestellt", vh.EINIGUNG),
    vh.LAND: (vh.GEGENZEICHNEN, signatur.FELD_LAND, "unterzeichnet_traeger",
              vh.UNTERZEICHNET_TRAEGER),
}  # fmt: skip


_WEG = {"extern": "extern signiertes Dokument angenommen", "intern": "elektronisch signiert"}


@dataclass(frozen=True)
class Unterzeichnungsergebnis:
    dokument: DokumentVersion
    zustand: str
    meldung: str
    benachrichtigungen: list[Nachricht]


def schritt(rolle: str, bund_land: bool) -> tuple[str, str, str, str]:
    """(Aktion, Signaturfeld, Dokumentstatus vorher, Zustand vorher) der Partei."""
    aktion, _, status, zustand = SCHRITT[vh.position(rolle, bund_land)]
    return aktion, FELD[rolle], status, zustand


def _name(partei: str, bund_land: bool) -> tuple[str, str]:
    """(Nominativ mit Artikel, Genitiv mit Artikel) der Partei: „der Träger“, „des Trägers“."""
    return {vh.TRAEGER: ("der Träger", "des Trägers"), vh.LAND: ("das Land", "des Landes"),
            vh.BUND: ("das BMAS", "des BMAS")}[partei]  # fmt: skip


def _gross(text: str) -> str:
    return text[:1].upper() + text[1:]


def organisation_der_partei(
    session: Session, rolle: str, traeger: Traeger | Vertragspartner
) -> Organisation:
    if rolle == vh.BUND:
        return BMAS
    if rolle == vh.LAND:
        land = land_von(session, traeger.land_code)
        return Organisation(land.code, None, land_vertragsname(land.code, land.name), land.name)
    return Organisation(None, traeger.ags, traeger.name, traeger.name)


def pruefe_reihenfolge(v: Zielvereinbarung, rolle: str, aktuell: Dokument | None) -> str:
    """Die Aktion der Partei; UnzulaessigerUebergang/FachlicherFehler mit Grund."""
    bund_land = v.ags is None
    aktion, _, status_vorher, _ = schritt(rolle, bund_land)
    pos = vh.position(rolle, bund_land)
    oben, unten = (_name(p, bund_land) for p in vh.parteien(bund_land))
    if pos == vh.TRAEGER and v.zustand in (vh.UNTERZEICHNET_TRAEGER, vh.UNTERZEICHNET,
                                           vh.ABGESCHLOSSEN):  # fmt: skip
        raise FachlicherFehler(f"{_gross(unten[0])} hat das Dokument bereits unterzeichnet.")
    if pos == vh.LAND and v.zustand in (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN):
        raise FachlicherFehler(f"{_gross(oben[0])} hat das Dokument bereits gegengezeichnet.")
    if pos == vh.LAND and v.zustand == vh.EINIGUNG:
        raise FachlicherFehler(
            f"Zuerst unterzeichnet {unten[0]}, danach zeichnet {oben[0]} gegen; die Unterschrift "
            f"{unten[1]} fehlt noch."
        )
    vh.uebergang(v.zustand, aktion, rolle, bund_land)  # übrige Zustände: Zustandstabelle
    if pos == vh.LAND and aktuell is None:
        raise FachlicherFehler(
            f"Es gibt kein {'vom Land' if bund_land else 'vom Träger'} unterzeichnetes Dokument "
            "zum Gegenzeichnen."
        )
    if aktuell is not None and aktuell.status != status_vorher:
        raise FachlicherFehler(
            f"Zustand der Vereinbarung und Dokument passen nicht zusammen (Dokument: "
            f"„{aktuell.status}“); bitte wenden Sie sich an die Administration."
        )
    return aktion


def unterzeichne(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    akteur: Akteur,
    jetzt: datetime,
    bestaetigt_sha256: str,
) -> Unterzeichnungsergebnis:
    """Mit dem Zertifikat der eigenen Organisation signieren (Regeln im Modulkopf)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    org = organisation_der_partei(session, rolle, traeger)
    person = verlange_zeichnende(session, akteur, rolle, org.name)
    aktuell = neueste(session, gespeicherte_id(v.id))
    aktion = pruefe_reihenfolge(v, rolle, aktuell)
    if aktuell is None:
        raise FachlicherFehler(
            "Bitte stellen Sie das Dokument zuerst aus: unterzeichnet wird genau die "
            "ausgestellte Version, deren SHA-256 Sie vorher bestätigen."
        )
    if aktuell.sha256 != bestaetigt_sha256:
        raise Konflikt(None, None, f"Das Dokument hat sich seit Ihrer Bestätigung geändert (jetzt "
                       f"Version {aktuell.version}); bitte prüfen Sie die neue Version. Es wurde "
                       "nichts unterzeichnet.")  # fmt: skip
    bund_land = v.ags is None
    gegen = vh.position(rolle, bund_land) == vh.LAND
    if gegen and not bund_land:
        pruefe_gegenzeichnung(session, traeger, aktuell, akteur.benutzername)
    zert, schluessel = signierschluessel(session, einst, org, jetzt)
    daten = Ablage(einst.ablage).lies(aktuell.pfad, aktuell.sha256)
    feld = schritt(rolle, bund_land)[1]
    art = "Gegenzeichnung" if gegen else "Unterzeichnung"
    ort = {vh.LAND: LANDESHAUPTSTADT.get(traeger.land_code), vh.BUND: BMAS_ORT}.get(rolle)
    titel = f"BMAS und {traeger.name}" if bund_land else traeger.name
    unterschrift = signatur.Unterschrift(
        organisation=f"für {'den' if rolle == vh.TRAEGER else 'das'} {org.name}",
        name=person.name, funktion=person.funktion, zeitpunkt=zeitpunkt(jetzt),
        ort=zert.ort or ort,
        grund=f"Zielvereinbarung {v.jahr} {titel}: {art} durch "
              f"{person.beschreibung} für {org.name}",
    )  # fmt: skip
    try:
        signiert = signatur.signiere(daten, feld, schluessel, unterschrift, einst.tsa_url,
                                     anker=lade_anker(einst.anker_dateien()))  # fmt: skip
    except SignaturFehler as fehler:
        raise FachlicherFehler(fehler.meldung) from None
    return _erfasse(session, einst, v, aktuell, signiert, aktion, akteur, jetzt, "intern",
                    schluessel.info.inhaber, schluessel.info.fingerabdruck, person)  # fmt: skip


def nimm_signiertes_dokument_an(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    daten: bytes,
    akteur: Akteur,
    jetzt: datetime,
) -> Unterzeichnungsergebnis:
    """Ein extern signiertes Dokument annehmen (Prüfung: `signaturannahme.pruefe_hochgeladen`)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    aktuell = neueste(session, gespeicherte_id(v.id))
    aktion = pruefe_reihenfolge(v, rolle, aktuell)
    if aktuell is None:
        raise FachlicherFehler(
            "Es ist noch kein Dokument ausgestellt. Bitte stellen Sie es aus, laden Sie es "
            "herunter, signieren Sie es und laden Sie es dann hoch."
        )
    basis = Ablage(einst.ablage).lies(aktuell.pfad, aktuell.sha256)
    org = organisation_der_partei(session, rolle, traeger)
    neu = pruefe_hochgeladen(
        session, einst, v, traeger, aktuell, basis, daten, schritt(rolle, v.ags is None)[1], org,
        jetzt,
    )  # fmt: skip
    person = _person_des_zertifikats(session, org, neu, akteur)
    if rolle == vh.LAND and v.ags is not None:
        pruefe_gegenzeichnung(session, traeger, aktuell, person.benutzername)
    return _erfasse(session, einst, v, aktuell, daten, aktion, akteur, jetzt, "extern",
                    neu.inhaber, neu.zertifikat_sha256, person)  # fmt: skip


def _person_des_zertifikats(
    session: Session, org: Organisation, neu: SignaturBefund, akteur: Akteur
) -> Zeichnende:
    """Wer extern unterzeichnet hat: die zeichnungsberechtigte Person, für die das Zertifikat
    registriert ist, oder – beim Organisationszertifikat – wer hochlädt (muss zeichnungsberechtigt
    sein)."""
    regel_org = zeichnungsregeln.Organisation(org.land_code, org.traeger_ags)
    person = zeichnende_mit_zertifikat(session, regel_org, neu.zertifikat_sha256)
    if person is not None:
        return person
    if neu.zertifikat_sha256 in {z.fingerabdruck for z in aktive_und_fruehere(session, org)}:
        selbst = zeichnende(session, akteur)
        if selbst is None:
            raise Abgelehnt(
                f"Das Dokument ist mit dem Organisationszertifikat von {org.name} signiert; "
                "hochladen darf es dann nur eine zeichnungsberechtigte Person."
            )
        return selbst
    raise Abgelehnt(
        f"Das Zertifikat von „{neu.unterzeichner}“ ist weder das Organisationszertifikat von "
        f"{org.name} noch für eine Person registriert, die für {org.name} zeichnungsberechtigt "
        "ist. Die Administration registriert persönliche Zertifikate in der Benutzerverwaltung."
    )


def _erfasse(
    session: Session,
    einst: DokumentEinstellungen,
    v: Zielvereinbarung,
    aktuell: Dokument,
    daten: bytes,
    aktion: str,
    akteur: Akteur,
    jetzt: datetime,
    herkunft: str,
    unterzeichner: str,
    zertifikat_sha256: str | None,
    person: Zeichnende,
) -> Unterzeichnungsergebnis:
    """Zustandswechsel, neue Version, Datei, Audit."""
    vid = gespeicherte_id(v.id)
    ergebnis = wechsle_zustand(session, vid, aktion, akteur, jetzt)
    abgelegt = Ablage(einst.ablage).schreibe(daten)
    d = Dokument(
        vereinbarung_id=vid, version=aktuell.version + 1, status=ergebnis.zustand,
        revision_id=aktuell.revision_id, sha256=abgelegt.sha256,
        inhalt_sha256=aktuell.inhalt_sha256, pfad=abgelegt.pfad, groesse=abgelegt.groesse,
        signaturen=aktuell.signaturen + 1, herkunft=herkunft, unterzeichner=unterzeichner[:300],
        zertifikat_sha256=zertifikat_sha256, person=person.beschreibung[:200],
        erstellt_am=jetzt, erstellt_von=akteur.benutzername, vorgaenger_id=aktuell.id,
    )  # fmt: skip
    session.add(d)
    try:
        session.flush()
    except IntegrityError:
        raise Konflikt(
            None, None, "Das Dokument wurde gerade von jemand anderem unterzeichnet."
        ) from None
    protokolliere(session, akteur.benutzername, "dokument_unterzeichnet", "zielvereinbarung",
                  v.id, {"version": d.version, "sha256": d.sha256, "herkunft": herkunft,
                         "unterzeichner": unterzeichner, "aktion": aktion,
                         "person": person.beschreibung, "person_konto": person.benutzername,
                         "befugnis_id": person.befugnis_id}, jetzt)  # fmt: skip
    verankere_nach_commit(session, "unterschrift", jetzt)  # Kopf außerhalb der DB festhalten
    oben, unten = (_name(p, v.ags is None)[0] for p in vh.parteien(v.ags is None))
    wer = (
        f"{_gross(oben)} hat gegengezeichnet"
        if aktion == vh.GEGENZEICHNEN
        else f"{_gross(unten)} hat unterzeichnet"
    )
    return Unterzeichnungsergebnis(
        ansicht(d, v), ergebnis.zustand,
        f"{wer} ({_WEG[herkunft]}, {person.beschreibung}); "
        f"Dokument Version {d.version}.",
        ergebnis.benachrichtigungen,
    )  # fmt: skip
