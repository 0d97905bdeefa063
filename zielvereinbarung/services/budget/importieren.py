"""Budgetrahmen aus einer CSV- oder XLSX-Datei importieren (DOMAIN.md § 10; Format in
docs/importformat.md): eine Zeile je Träger und Jahr mit `ags`, `jahr`, `eingliederungsmittel`,
`verwaltungsmittel` (Euro, höchstens 2 Nachkommastellen).

Dieselben Regeln und Bausteine wie der Basiszahlen-Import: Datei lesen mit denselben Grenzen
(`tabellen.lese_tabelle`, Schutz vor XLSX-Bomben), Zellen lesen (`domain.importzellen`), alles oder
nichts mit jedem Fehler samt Zeile und Spalte (`ImportAbgelehnt`), Importprotokoll und
Audit-Ereignis `import`. Eine Zeile mit anderen Werten ist eine neue Fassung (die alte bleibt),
gleiche Werte sind „unverändert“. Ist die Zielvereinbarung des Trägers für das Jahr schon geeinigt,
ist eine geänderte Zeile ein Fehler (der Budgetrahmen steht dann im Dokument).
Flush, nie Commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from difflib import get_close_matches

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.importpruefung import fremder_traeger_fehler
from ...domain.importzellen import ags_fehler, lies_zahl, spalte_text, zeige
from ...fehler import FachlicherFehler
from ...models import ImportProtokoll, Traeger
from ..audit.kette import protokolliere
from ..basiszahlen.importer import ImportAbgelehnt
from ..basiszahlen.importergebnis import ImportErgebnis
from ..basiszahlen.tabellen import lese_tabelle
from ..basiszahlen.xlsx_archiv import STANDARDGRENZEN, Grenzen
from .rahmen import Budgetwerte, geltende_budgets, schreibe, sperrgrund

SPALTEN = ("ags", "jahr", "eingliederungsmittel", "verwaltungsmittel")


def _kopf_fehler(kopf: list[str]) -> list[str]:
    fehler = [f"Zeile 1: Pflichtspalte „{s}“ fehlt." for s in SPALTEN if s not in kopf]
    for nr, name in enumerate(kopf, start=1):
        if name not in SPALTEN:
            vorschlag = get_close_matches(name, SPALTEN, n=1, cutoff=0.75)
            tipp = f" Gemeint ist vielleicht „{vorschlag[0]}“." if vorschlag else ""
            fehler.append(
                f"Zeile 1, Spalte {spalte_text(nr)}: unbekannte Spalte {zeige(name)}.{tipp}"
            )
    return fehler


def _jahr(text: str) -> tuple[int | None, str | None]:
    if not text:
        return None, "das Jahr fehlt."
    if text.isascii() and text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100:
        return int(text), None
    return None, f"{zeige(text)} – kein gültiges Jahr; erwartet JJJJ, z. B. 2026."


def pruefe_datei(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    erlaubte_ags: Iterable[str] | None,
    grenzen: Grenzen,
) -> tuple[int, list[tuple[int, str, int, Budgetwerte]]]:
    """(gelesene Zeilen, [(Zeile, ags, jahr, Werte)]) oder `ImportAbgelehnt` mit allen Fehlern."""
    sha256 = hashlib.sha256(inhalt).hexdigest()
    try:
        tabelle = lese_tabelle(dateiname, inhalt, frozenset(), grenzen)
    except FachlicherFehler as lesefehler:
        raise ImportAbgelehnt(
            dateiname, sha256, [lesefehler.meldung, *map(str, lesefehler.details)]
        ) from None
    kopf = tabelle.kopf
    fehler = _kopf_fehler(kopf)
    if fehler:
        raise ImportAbgelehnt(dateiname, sha256, fehler, len(tabelle.zeilen))
    i = {name: n for n, name in enumerate(kopf)}
    ort = {name: spalte_text(n + 1, name) for name, n in i.items()}
    bekannt = frozenset(session.scalars(select(col(Traeger.ags))))
    erlaubt = None if erlaubte_ags is None else frozenset(erlaubte_ags)
    gesehen: dict[tuple[str, int], int] = {}
    zeilen = []
    for nummer, zellen in tabelle.zeilen:
        zellen = (zellen + [""] * len(kopf))[: len(kopf)]
        vorher = len(fehler)

        def melde(spalte: str, text: str, nummer: int = nummer) -> None:
            fehler.append(f"Zeile {nummer}, Spalte {ort[spalte]}: {text}")

        ags = zellen[i["ags"]]
        meldung = ags_fehler(ags, bekannt)
        if meldung is None and erlaubt is not None and ags not in erlaubt:
            meldung = fremder_traeger_fehler(ags)
        if meldung:
            melde("ags", meldung)
        jahr, meldung = _jahr(zellen[i["jahr"]])
        if meldung:
            melde("jahr", meldung)
        betraege = []
        for spalte in ("eingliederungsmittel", "verwaltungsmittel"):
            text = zellen[i[spalte]]
            wert, meldung = (
                (None, "der Betrag fehlt.")
                if not text
                else lies_zahl(text, True, tabelle.dezimalkomma)
            )
            if meldung:
                melde(spalte, meldung)
            betraege.append(wert)
        if len(fehler) > vorher or jahr is None:
            continue
        erste = gesehen.setdefault((ags, jahr), nummer)
        if erste != nummer:
            fehler.append(
                f"Zeile {nummer}: ags {ags}, jahr {jahr} kommt doppelt vor (auch in Zeile {erste})."
            )
            continue
        zeilen.append((nummer, ags, jahr, Budgetwerte(betraege[0] or 0, betraege[1] or 0)))
    if fehler:
        raise ImportAbgelehnt(dateiname, sha256, fehler, len(tabelle.zeilen))
    return len(tabelle.zeilen), zeilen


def importiere_budget(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    benutzer: str,
    jetzt: datetime,
    erlaubte_ags: Iterable[str] | None = None,
    probelauf: bool = False,
    grenzen: Grenzen = STANDARDGRENZEN,
) -> ImportErgebnis:
    """Budgetrahmen importieren (Regeln im Modulkopf); `probelauf`: prüfen, nichts schreiben."""
    sha256 = hashlib.sha256(inhalt).hexdigest()
    gelesen, zeilen = pruefe_datei(session, dateiname, inhalt, erlaubte_ags, grenzen)
    neu = revision = unveraendert = 0
    aendern = []
    gesperrt = []
    for jahr in sorted({z[2] for z in zeilen}):
        geltend = geltende_budgets(session, [z[1] for z in zeilen if z[2] == jahr], jahr)
        for nummer, ags, _, werte in (z for z in zeilen if z[2] == jahr):
            alt = geltend.get(ags)
            if alt is not None and (alt.eingliederung, alt.verwaltung) == (
                werte.eingliederung,
                werte.verwaltung,
            ):
                unveraendert += 1
                continue
            grund = sperrgrund(session, ags, jahr)
            if grund:
                gesperrt.append(f"Zeile {nummer}, Spalte {spalte_text(2, 'jahr')}: {ags}: {grund}")
                continue
            neu, revision = (neu + 1, revision) if alt is None else (neu, revision + 1)
            aendern.append((ags, jahr, werte))
    if gesperrt:
        raise ImportAbgelehnt(dateiname, sha256, gesperrt, gelesen)
    ergebnis = ImportErgebnis(
        None, "importiert" if aendern else "unveraendert", gelesen, neu, revision, unveraendert,
        [], sha256,
    )  # fmt: skip
    if probelauf:
        return ergebnis
    protokoll = ImportProtokoll(
        zeitpunkt=jetzt, benutzer=benutzer[:120], dateiname=dateiname[:255], sha256=sha256,
        zeilen_gelesen=gelesen, zeilen_neu=neu, zeilen_revision=revision,
        zeilen_unveraendert=unveraendert, ergebnis=ergebnis.ergebnis,
    )  # fmt: skip
    session.add(protokoll)
    session.flush()
    for ags, jahr, werte in aendern:
        schreibe(session, ags, jahr, werte, benutzer, jetzt, "import", protokoll.id)
    ergebnis.protokoll_id = protokoll.id
    protokolliere(
        session, benutzer, "import", "import_protokoll", protokoll.id,
        {"art": "budgetrahmen", "dateiname": dateiname, "sha256": sha256,
         "ergebnis": ergebnis.ergebnis, "zeilen": gelesen, "neu": neu,
         "neuer_datenstand": revision, "unveraendert": unveraendert},
        jetzt,
    )  # fmt: skip
    return ergebnis
