"""Ein PDF prüfen (für `flask zv verify` und die Seite „Dokument prüfen“, DOMAIN.md § 6a).

„Gültig“ heißt: dies ist die Zielvereinbarung, die beide Parteien unterzeichnet haben. Dazu muss
alles Folgende gelten; jede Abweichung ist ein Mangel mit deutscher Meldung:
1. jede Signatur und jeder Dokumentzeitstempel ist intakt, vertrauenswürdig (Kette zu einem
   Anker der Installation, zum Signaturzeitpunkt gültig, nicht gesperrt) und nach ihr kam nur,
   was ihre Stellung erlaubt (`documents.signaturpruefung`); nichts hinter dem Dateiende;
2. die Vereinbarung (eingebettete `zielvereinbarung.json`: AGS, Jahr) ist in der Datenbank
   bekannt – eine unbekannte wird als unbekannt gemeldet, nie als „stimmt überein“;
3. die eingebetteten Daten sind genau die der Datenbank (SHA-256 des vereinbarten Inhalts der
   ausgestellten Version; bei einer Änderungsvereinbarung auch der SHA-256 des unterzeichneten
   Originaldokuments, DOMAIN.md § 8), die Datei beginnt Byte für Byte mit dem ausgestellten Dokument
   (Version 1), und seit dem Ausstellen kamen laut Änderungsanalyse nur Signaturen, Prüfdaten
   und Zeitstempel hinzu: ein vor oder mit einer Signatur eingefügter Stempel fällt auf;
4. genau zwei Signaturen, zuerst im Feld des Trägers, dann im Feld des Landes; das Zertifikat im
   Trägerfeld ist eines, das für diesen Träger registriert ist (sein Organisationszertifikat oder
   das persönliche Zertifikat einer Person, die damals für ihn zeichnungsberechtigt war), das im
   Landesfeld eines des Landes. Ein vertrauenswürdiges Zertifikat einer anderen Organisation
   genügt nicht. Bei einer Vereinbarung BMAS ↔ Land (DOMAIN.md § 9) zuerst das Feld des Landes,
   dann das des BMAS (`Unterschrift_BMAS`, Zertifikate des BMAS).
Signaturzeitpunkt ohne Zeitstempel: der Zeitpunkt der Version laut Datenbank.

Angaben aus der Datenbank (Version, Zustand, Nr.) sieht nur, wer die Vereinbarung auch sonst
sehen darf. Abgewiesene Dateien (zu groß, Entpackgrenzen) stehen im Audit-Protokoll.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents.signatur import FELD_BUND, FELD_LAND, FELD_TRAEGER
from ...documents.signaturpruefung import (
    JSON_NAME,
    MAX_JSON,
    PdfFehler,
    SignaturBefund,
    anzahl_pdf_revisionen,
    eingebettete_datei,
    lade_anker,
    lies_pdf,
    nur_signaturen_hinzugefuegt,
    pruefe_signaturen,
)
from ...domain.berechtigung import Akteur, darf_bund_land_sehen, darf_traeger_sehen
from ...domain.verhandlung import zustand_bezeichnung
from ...domain.zeichnung import BMAS, Organisation
from ...fehler import NichtGefunden
from ...models import Dokument, Traeger, Zertifikat, Zielvereinbarung
from ..audit.kette import protokolliere
from ..konten.personenzertifikate import zertifikate_der_partei
from .einstellungen import DokumentEinstellungen
from .pruefbericht import Pruefbericht, Zeile, Zuordnung
from .zertifikate import zertifikat_bedingung

MAX_PRUEFDATEI = 100 * 1024 * 1024
PARTEI = {FELD_TRAEGER: "Träger", FELD_LAND: "Land", FELD_BUND: "BMAS"}


def pruefe_datei(
    session: Session,
    einst: DokumentEinstellungen,
    daten: bytes,
    jetzt: datetime,
    akteur: Akteur | None = None,
) -> Pruefbericht:
    """Die Datei prüfen (Regeln im Modulkopf); `akteur` None heißt Kommandozeile."""
    sha = hashlib.sha256(daten).hexdigest()
    try:
        if len(daten) > MAX_PRUEFDATEI:
            raise PdfFehler(f"Die Datei ist zu groß (höchstens {MAX_PRUEFDATEI // 2**20} MB).")
        roh = eingebettete_datei(lies_pdf(daten), JSON_NAME, MAX_JSON)
        v = _vereinbarung(session, sha, _json(roh))
        versionen = _versionen(session, v)
        befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), jetzt,
                                   _zeitpunkte(versionen))  # fmt: skip
    except PdfFehler as fehler:
        if "größer als erlaubt" in fehler.meldung or "zu groß" in fehler.meldung:
            protokolliere(session, akteur.benutzername if akteur else "kommandozeile",
                          "pdf_abgewiesen", "datei", None,
                          {"sha256": sha, "groesse": len(daten), "grund": fehler.meldung},
                          jetzt)  # fmt: skip
        return Pruefbericht(len(daten), sha, fehler=fehler.meldung)
    maengel = list(befund.maengel)
    maengel += [f"Signatur {i} ({s.unterzeichner}): {m}"
                for i, s in enumerate(befund.signaturen, 1) for m in s.maengel]  # fmt: skip
    inhalt = _json(befund.inhalt_json)
    zuordnung = _zuordnung(session, v, inhalt, befund.inhalt_json, versionen, sha, akteur)
    zeilen = _zeilen(session, v, befund.signaturen, versionen)
    maengel += _vertragsmaengel(session, v, inhalt, zuordnung, daten, zeilen, versionen)
    return Pruefbericht(len(daten), sha, tuple(zeilen), zuordnung, None, tuple(maengel))


def _json(roh: bytes | None) -> dict | None:
    if roh is None:
        return None
    try:
        wert = json.loads(roh)
    except ValueError:
        return None
    return wert if isinstance(wert, dict) else None


def _vereinbarung(session: Session, sha: str, inhalt: dict | None) -> Zielvereinbarung | None:
    gespeichert = session.scalars(
        select(Dokument).where(col(Dokument.sha256) == sha).order_by(col(Dokument.id))
    ).first()
    if gespeichert is not None:
        return session.get(Zielvereinbarung, gespeichert.vereinbarung_id)
    if inhalt is None:
        return None
    try:
        ags = None if inhalt["ags"] is None else str(inhalt["ags"])  # null: BMAS ↔ Land
        jahr = int(inhalt["jahr"])
        nummer = int(inhalt.get("vereinbarung_id") or 0)
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    v = session.get(Zielvereinbarung, nummer) if 0 < nummer < 2**31 else None
    if v is not None and (v.ags, v.jahr) == (ags, jahr):
        return v
    return None


def _versionen(session: Session, v: Zielvereinbarung | None) -> list[Dokument]:
    if v is None:
        return []
    return list(session.scalars(
        select(Dokument).where(col(Dokument.vereinbarung_id) == v.id)
        .order_by(col(Dokument.version))
    ))  # fmt: skip


def _zeitpunkte(versionen: list[Dokument]) -> dict[int, datetime]:
    """n-te Signatur → Zeitpunkt der Version, die sie hinzugefügt hat."""
    zeiten: dict[int, datetime] = {}
    for d in versionen:
        if d.herkunft in ("intern", "extern") and d.signaturen not in zeiten:
            zeiten[d.signaturen] = _utc(d.erstellt_am)
    return zeiten


def _utc(wert: datetime) -> datetime:
    from datetime import UTC

    return wert if wert.tzinfo else wert.replace(tzinfo=UTC)


def _darf(akteur: Akteur | None, v: Zielvereinbarung, land_code: str) -> bool:
    if akteur is None:
        return True
    if v.ags is None:
        return darf_bund_land_sehen(akteur, land_code)
    return darf_traeger_sehen(akteur, v.ags, land_code)


def _zuordnung(
    session: Session, v: Zielvereinbarung | None, inhalt: dict | None, roh: bytes | None,
    versionen: list[Dokument], sha: str, akteur: Akteur | None,
) -> Zuordnung | None:  # fmt: skip
    nummer = ((inhalt or {}).get("revision") or {}).get("nummer")
    inhalt_sha = hashlib.sha256(roh).hexdigest() if roh else None
    if v is None:
        if inhalt is None:
            return None
        art = (f"Änderungsvereinbarung Nr. {_zahl(inhalt.get('aenderung_nr'))}"
               if inhalt.get("aenderung_von_id") else "Zielvereinbarung")  # fmt: skip
        ags = str(inhalt.get("ags") or "–")  # null: BMAS ↔ Land
        return Zuordnung(ags, str(inhalt.get("traeger") or ags),
                         _zahl(inhalt.get("jahr")), nummer, inhalt_sha, art=art)  # fmt: skip
    traeger = session.get(Traeger, v.ags) if v.ags else None
    land_code = _land_code(v, traeger)
    darf = _darf(akteur, v, land_code)
    basis = versionen[0] if versionen else None
    version = next((d.version for d in versionen if d.sha256 == sha), None)
    name = traeger.name if traeger else f"BMAS und Land {land_code}"
    art = (
        f"Änderungsvereinbarung Nr. {v.aenderung_nr}" if v.aenderung_von_id else "Zielvereinbarung"
    )
    return Zuordnung(
        v.ags or "–", name, v.jahr, nummer, inhalt_sha, v.id if darf else None,
        version if darf else None, zustand_bezeichnung(v.zustand) if darf else None,
        bool(basis and inhalt_sha == basis.inhalt_sha256), True, art,
        v.aenderung_von_id if darf else None,
    )  # fmt: skip


def _land_code(v: Zielvereinbarung, traeger: Traeger | None) -> str:
    """Das Land der Vereinbarung: das des Trägers, bei BMAS ↔ Land ihr eigenes."""
    land_code = traeger.land_code if traeger else v.land_code
    if land_code is None:  # Träger oder Land ist Pflicht (Modell)
        raise NichtGefunden(f"Zur Zielvereinbarung {v.id} gibt es weder Träger noch Land.")
    return land_code


def _zahl(wert: object) -> int:
    """Eine Zahl aus dem eingebetteten JSON; 0, wenn es keine ist (auch „1e400“, NaN)."""
    if not isinstance(wert, int | float | str):
        return 0
    try:
        return int(wert)
    except (ValueError, OverflowError):
        return 0


def _registriert(
    session: Session, v: Zielvereinbarung, feld: str, zeitpunkt: datetime | None
) -> dict[str, str]:
    """Zertifikate (SHA-256 → für wen), die für die Partei des Feldes gelten (Modulkopf,
    Punkt 4): die Organisationszertifikate der Partei (auch abgelöste) und die persönlichen
    Zertifikate der Personen, die zum `zeitpunkt` für die Partei zeichnungsberechtigt waren."""
    if feld == FELD_TRAEGER and v.ags:
        org = Organisation(None, v.ags)
    elif feld == FELD_LAND:
        traeger = session.get(Traeger, v.ags) if v.ags else None
        org = Organisation(_land_code(v, traeger), None)
    elif feld == FELD_BUND and v.ags is None:
        org = BMAS
    else:  # ein Feld, das es in dieser Art Vereinbarung nicht gibt
        return {}
    bedingung = zertifikat_bedingung(org.land_code, org.traeger_ags)
    erlaubt = zertifikate_der_partei(session, org, zeitpunkt)
    for fingerabdruck in session.scalars(select(col(Zertifikat.fingerabdruck)).where(bedingung)):
        erlaubt[fingerabdruck] = "Organisationszertifikat"
    return erlaubt


def _zeilen(
    session: Session, v: Zielvereinbarung | None, befunde: tuple[SignaturBefund, ...],
    versionen: list[Dokument],
) -> list[Zeile]:  # fmt: skip
    """Je Signatur die Partei und ob ihr Zertifikat für sie registriert ist. Bezugszeitpunkt der
    Zeichnungsbefugnis: wann die Version mit dieser Signatur angenommen wurde (Datenbank), sonst
    der Signaturzeitpunkt."""
    zeilen: list[Zeile] = []
    nummer, angenommen = 0, _zeitpunkte(versionen)
    for b in befunde:
        if b.art != "signatur":
            zeilen.append(Zeile(b, "Archivzeitstempel", None))
            continue
        nummer += 1
        if b.feld not in PARTEI:
            zeilen.append(Zeile(b, "keine Vertragspartei", False))
        elif v is None:
            zeilen.append(Zeile(b, PARTEI[b.feld], None))
        else:
            erlaubt = _registriert(session, v, b.feld, angenommen.get(nummer) or b.zeitpunkt)
            fuer = erlaubt.get(b.zertifikat_sha256 or "")
            zeilen.append(Zeile(b, PARTEI[b.feld], fuer is not None, fuer))
    return zeilen


def _vertragsmaengel(
    session: Session, v: Zielvereinbarung | None, inhalt: dict | None,
    zuordnung: Zuordnung | None, daten: bytes, zeilen: list[Zeile], versionen: list[Dokument],
) -> list[str]:  # fmt: skip
    maengel = []
    if inhalt is None:
        maengel.append("Das Dokument enthält keine lesbaren Vereinbarungsdaten "
                       f"({JSON_NAME}); es ist kein Dokument dieser Anwendung.")  # fmt: skip
    elif v is None:
        maengel.append("Diese Zielvereinbarung ist in der Datenbank nicht bekannt; ob Inhalt "
                       "und Zertifikate zu den Vertragsparteien gehören, lässt sich nicht "
                       "prüfen.")  # fmt: skip
    elif not versionen:
        maengel.append("Für diese Zielvereinbarung wurde noch kein Dokument ausgestellt.")
    else:
        basis = versionen[0]
        if zuordnung is None or not zuordnung.bestaetigt:  # mit Inhalt gibt es sie
            maengel.append("Die eingebetteten Vereinbarungsdaten stimmen nicht mit der "
                           "vereinbarten Version in der Datenbank überein.")  # fmt: skip
        if hashlib.sha256(daten[: basis.groesse]).hexdigest() != basis.sha256:
            maengel.append("Die Datei beginnt nicht mit dem ausgestellten Dokument (Version 1): "
                           "Inhalt oder Aussehen wurden vor einer Signatur verändert.")  # fmt: skip
        elif not nur_signaturen_hinzugefuegt(daten, anzahl_pdf_revisionen(daten[: basis.groesse]))[
            0
        ]:
            maengel.append("Seit dem Ausstellen wurde das Dokument nicht nur unterzeichnet, "
                           "sondern auch verändert (z. B. ein Stempel, Text oder eine "
                           "Anmerkung vor oder mit einer Signatur).")  # fmt: skip
    if v is not None and v.aenderung_von_id is not None and inhalt is not None:
        from .aenderungsmodell import originalmaengel

        maengel += originalmaengel(session, v, inhalt)
    unterschriften = [z for z in zeilen if z.befund.art == "signatur"]
    felder = [z.befund.feld for z in unterschriften]
    if not unterschriften:
        maengel.append("Das Dokument enthält keine Signatur.")
    elif v is not None and v.ags is None:  # BMAS ↔ Land
        if felder == [FELD_LAND]:
            maengel.append("Das Dokument ist nur vom Land unterzeichnet; die Gegenzeichnung des "
                           "BMAS fehlt.")  # fmt: skip
        elif felder != [FELD_LAND, FELD_BUND]:
            maengel.append("Erwartet werden genau zwei Signaturen, zuerst im Feld des Landes, "
                           f"dann im Feld des BMAS; das Dokument enthält {len(felder)} "
                           f"({', '.join(felder)}).")  # fmt: skip
    elif felder == [FELD_TRAEGER]:
        maengel.append("Das Dokument ist nur vom Träger unterzeichnet; die Gegenzeichnung des "
                       "Landes fehlt.")  # fmt: skip
    elif felder != [FELD_TRAEGER, FELD_LAND]:
        maengel.append("Erwartet werden genau zwei Signaturen, zuerst im Feld des Trägers, dann "
                       f"im Feld des Landes; das Dokument enthält {len(felder)} "
                       f"({', '.join(felder)}).")  # fmt: skip
    for z in unterschriften:
        if z.registriert is False:
            wer = z.befund.organisation or z.befund.inhaber
            partei = {"Träger": "den Träger", "Land": "das Land", "BMAS": "das BMAS"}.get(z.partei)
            grund = (f"stammt nicht von einem für {partei} registrierten Zertifikat."
                     if partei else "gehört keiner Vertragspartei.")  # fmt: skip
            maengel.append(
                f"Die Signatur im Feld „{z.befund.feld}“ ({z.befund.unterzeichner}, {wer}) {grund}"
            )
    return maengel
