"""Formulareingaben von Zielvorgaben lesen (Feldnamen: `zielfelder`): deutsche Zahlen, Fehler je
Feld, Zuordnung der `Feldfehler` eines Services zu den Feldern. Die Regeln selbst stehen in
`domain.ziele` und werden hier nur angewandt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ...domain.ziele import (
    MAX_KOMMENTAR,
    QUALITATIV,
    Feldfehler,
    Zielvorgabe,
    bezeichnung_fuer_meldung,
    ist_qualitativ,
    lies_zielvorgabe,
)
from ...format import zahl
from .felder import (
    BESCHRIFTUNG,
    MAX_ZAHL_ZEICHEN,
    ZAHLENFELDER,
    Zielblock,
    felder_fuer,
    lies_stand,
    stand_text,
)


@dataclass
class Auswertung:
    vorgaben: list[Zielvorgabe] = field(default_factory=list)
    # Feldname ('' = allgemein) → Meldungen
    fehler: dict[str, list[str]] = field(default_factory=dict)

    def melde(self, feldname: str, meldung: str) -> None:
        self.fehler.setdefault(feldname, []).append(meldung)


def _text(form, name: str) -> str:
    return (form[name].data or "") if name in form else ""


def bereinige(form, b: Zielblock) -> None:
    """Zahlen, die beim gewählten Zieltyp nicht gelten, leeren: Felder eines anderen Zieltyps
    (ein vorbelegter Zielwert nach dem Wechsel zum Korridor) und nach einem Wechsel des Zieltyps
    unverändert gebliebene Zahlen des alten Typs („2,0“ als Veränderung ist kein Zielniveau von
    2,0 %). Danach steht in `<code>-vorher` der neue Stand."""
    typ = _text(form, b.feld("zieltyp"))
    vorher = lies_stand(_text(form, b.feld("vorher")))
    for n in ZAHLENFELDER:
        name = b.feld(n)
        if name not in form:
            continue
        text = form[name].data or ""
        veraltet = vorher is not None and vorher[0] != typ and text.strip() == vorher[1][n].strip()
        if n not in felder_fuer(typ) or veraltet:
            form[name].data = ""
    if b.feld("vorher") in form:
        form[b.feld("vorher")].data = stand_text(
            typ, {n: _text(form, b.feld(n)) for n in ZAHLENFELDER}
        )


def feldname(form, code: str, feld: str) -> str:
    """Das Formularfeld zu einem `Feldfehler.feld` eines Codes ('' wenn es keins gibt)."""
    name = f"{code}-{feld}"
    if name in form:
        return name
    ersatz = f"{code}-text" if ist_qualitativ(code) else f"{code}-zieltyp"
    return ersatz if ersatz in form else ""


def lies_formular(
    form,
    bloecke_: list[Zielblock],
    basiswerte: Mapping[str, Decimal | None],
    ohne_zieltyp_weglassen: bool = False,
) -> Auswertung:
    """Formular → Zielvorgaben und Fehler je Feld. `ohne_zieltyp_weglassen`: ein Zielindikator
    ohne Zieltyp fehlt in den Vorgaben (Orientierungswerte); gestrichene und leere neue
    qualitative Ziele fehlen immer."""
    a = Auswertung()
    for b in bloecke_:
        kommentar = _text(form, b.feld("kommentar"))
        if b.qualitativ:
            bez, text = _text(form, b.feld("bezeichnung")), _text(form, b.feld("text"))
            if b.feld("streichen") in form and form[b.feld("streichen")].data:
                continue
            if b.neu and not (bez.strip() or text.strip() or kommentar.strip()):
                continue
            vorgabe, fehler = lies_zielvorgabe(
                b.code, QUALITATIV, text=text, kommentar=kommentar, bezeichnung=bez
            )
        else:
            bereinige(form, b)
            typ = _text(form, b.feld("zieltyp"))
            if ohne_zieltyp_weglassen and not typ:
                continue
            roh = {n: _text(form, b.feld(n)) for n in ZAHLENFELDER}
            zu_lang = [n for n, w in roh.items() if len(w) > MAX_ZAHL_ZEICHEN]
            if zu_lang:
                vorgabe, fehler = (
                    None,
                    [
                        Feldfehler(
                            n,
                            f"{b.titel} – {BESCHRIFTUNG[n]}: zu lang (höchstens "
                            f"{MAX_ZAHL_ZEICHEN} Zeichen); bitte eine Zahl wie 2,5 eingeben.",
                        )
                        for n in zu_lang
                    ],
                )
            else:
                vorgabe, fehler = lies_zielvorgabe(
                    b.code,
                    typ,
                    roh["wert"],
                    roh["untere"],
                    roh["obere"],
                    kommentar=kommentar,
                    basiswert=basiswerte.get(b.code),
                )
        for f in fehler:
            a.melde(feldname(form, b.code, f.feld), str(f))
        if vorgabe is not None:
            a.vorgaben.append(vorgabe)
    if "kommentar" in form and len(form["kommentar"].data or "") > MAX_KOMMENTAR:
        a.melde(
            "kommentar",
            f"Kommentar zu dieser Revision: höchstens {zahl(MAX_KOMMENTAR)} Zeichen "
            f"(jetzt {zahl(len(form['kommentar'].data))}).",
        )
    return a


def dienstfehler(form, bloecke_: list[Zielblock], details: Iterable) -> Auswertung:
    """Die `Feldfehler` eines Services den Feldern zuordnen: über `.feld` und den Namen des
    Zielindikators am Anfang der Meldung („Integrationsquote … – Zielwert: …“)."""
    a = Auswertung()
    for f in details:
        feld = getattr(f, "feld", "")
        if feld == "revisionskommentar":
            a.melde("kommentar" if "kommentar" in form else "", str(f))
            continue
        ziel = ""
        for b in bloecke_:
            name = bezeichnung_fuer_meldung(b.code, _text(form, b.feld("bezeichnung")) or None)
            if str(f).startswith(f"{name} – ") or str(f).startswith(f"{name} "):
                ziel = feldname(form, b.code, feld)
                break
        a.melde(ziel, str(f))
    return a


def zeige_fehler(form, auswertung: Auswertung) -> None:
    """Die Meldungen an die Felder hängen; ohne Feld als Formularfehler."""
    for name, meldungen in auswertung.fehler.items():
        if name and name in form:
            form[name].errors = [*form[name].errors, *meldungen]
        else:
            form.form_errors.extend(meldungen)
