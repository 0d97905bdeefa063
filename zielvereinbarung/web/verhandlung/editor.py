"""Der Angebotseditor als Tabelle (Angebot, Gegenvorschlag, Konfliktseite): je Zielindikator eine
Zeile mit Basiswert (und worauf er beruht), Orientierungswert, Entwicklung, Median des
Vergleichstyps, der Eingabe und dem Zielniveau, das die Eingabe bedeutet.

Das Zielniveau rechnet nur der Server (`domain.zielniveau`): ohne JavaScript nach „Vorschau“,
mit JavaScript (`static/zieleditor.js`) beim Tippen über `POST …/vorschau` (JSON). Beide lesen
das Formular wie das Einreichen (`ziele.eingabe.lies_formular`, samt Bereinigung beim Wechsel des
Zieltyps), speichern aber nichts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...domain.katalog import PROZENT, zielindikator_definition
from ...domain.ziele import (
    KORRIDOR,
    MONITORING,
    NIVEAU,
    VERAENDERUNG,
    Zielvorgabe,
    einheit_text,
    lies_zahl,
)
from ...domain.zielniveau import Niveauanzeige, niveauanzeige, stellen_zielniveau
from ...services.verhandlung.lesen import RevisionAnsicht, ZielwertAnsicht
from ..ziele.felder import ZAHLENFELDER, Zielblock, wert_beschriftung
from .darstellung import basiswert_text, median_zeile, trend

ZIELTYPEN_MIT_NIVEAU = (VERAENDERUNG, NIVEAU, KORRIDOR, MONITORING)


@dataclass(frozen=True)
class Editorzeile:
    block: Zielblock
    basiswert: str
    basiswert_info: str
    vorlaeufig: bool
    orientierungswert: str
    trend: list[str]
    median: str  # „Median Typ IIc (23 Träger): −0,5 %“
    bisher: str  # „Revision 2 (Gegenvorschlag): +2,0 %“
    bisher_kommentar: str | None
    zieltyp: str
    wert_beschriftung: str
    beschriftungen: dict[str, str]  # Zieltyp → Beschriftung des Zielwerts (für das Skript)
    niveau: Niveauanzeige
    quote: bool  # Abstand in Prozentpunkten


def _text(form, name: str) -> str:
    return (form[name].data or "") if name in form else ""


def niveau_der_eingabe(form, b: Zielblock, z: ZielwertAnsicht | None) -> Niveauanzeige:
    """Das Zielniveau dessen, was im Formular steht (schon bereinigt); unlesbare Zahlen und ein
    fehlender Zieltyp werden als Hinweis gezeigt."""
    typ = _text(form, b.feld("zieltyp"))
    if typ not in ZIELTYPEN_MIT_NIVEAU:
        return Niveauanzeige("–", "Bitte einen Zieltyp wählen.")
    zahlen = {}
    for n in ZAHLENFELDER:
        try:
            zahlen[n] = lies_zahl(_text(form, b.feld(n)))
        except ValueError as fehler:
            return Niveauanzeige("–", str(fehler))
    vorgabe = Zielvorgabe(b.code, typ, zahlen["wert"], zahlen["untere"], zahlen["obere"])
    return niveauanzeige(vorgabe, z.basiswert if z else None)


def _zeile(form, b: Zielblock, z: ZielwertAnsicht | None, rev: RevisionAnsicht) -> Editorzeile:
    basis, info = basiswert_text(z) if z else ("–", "")
    if z is not None and z.basiswert is not None:
        # so genau wie das Zielniveau daneben („23,81 %“ neben „mindestens 24,29 %“)
        basis = einheit_text(b.code, z.basiswert, stellen_zielniveau(b.code, z.basiswert))
    typ = _text(form, b.feld("zieltyp"))
    return Editorzeile(
        block=b,
        basiswert=basis,
        basiswert_info=info,
        vorlaeufig=bool(z and z.basiswert_vorlaeufig and z.basiswert is not None),
        orientierungswert=(z.orientierungswert if z else None) or "–",
        trend=trend(z) if z else [],
        median=median_zeile(z) if z else "",
        bisher=f"Revision {rev.nummer} ({rev.art_bezeichnung}): {z.kurztext}" if z else "",
        bisher_kommentar=z.kommentar if z else None,
        zieltyp=typ,
        wert_beschriftung=wert_beschriftung(b.code, typ),
        beschriftungen={t: wert_beschriftung(b.code, t) for t in (VERAENDERUNG, NIVEAU)},
        niveau=niveau_der_eingabe(form, b, z),
        quote=zielindikator_definition(b.code).einheit == PROZENT,
    )


def editor(rev: RevisionAnsicht, bl: list[Zielblock], form) -> dict:
    """Was die Vorlage des Editors braucht: Zeilen je Ziel (Abschnitt) und die Blöcke der
    qualitativen Ziele (als Feldgruppen unter der Tabelle)."""
    je_code: Mapping[str, ZielwertAnsicht] = {z.zielindikator: z for z in rev.zielwerte}
    gruppen: list[tuple[str, list[Editorzeile]]] = []
    for b in bl:
        if b.qualitativ:
            continue
        if not gruppen or gruppen[-1][0] != b.ziel:
            gruppen.append((b.ziel, []))
        gruppen[-1][1].append(_zeile(form, b, je_code.get(b.code), rev))
    return {"gruppen": gruppen, "qualitative": [b for b in bl if b.qualitativ]}


def basiswerte(rev: RevisionAnsicht) -> dict:
    return {z.zielindikator: z.basiswert for z in rev.zielwerte}


def niveaus_json(rev: RevisionAnsicht, bl: list[Zielblock], form) -> dict:
    """{code: {text, erlaeuterung}} für das Skript."""
    je_code = {z.zielindikator: z for z in rev.zielwerte}
    ergebnis = {}
    for b in bl:
        if not b.qualitativ:
            n = niveau_der_eingabe(form, b, je_code.get(b.code))
            ergebnis[b.code] = {"text": n.text, "erlaeuterung": n.erlaeuterung}
    return ergebnis
