"""Prüfung einer Basiszahlen-Datei nach DOMAIN.md § 2 – rein fachlich, ohne Datenbank und Uhr.

Eingabe ist eine Tabelle (`kopf`: klein geschriebene Spaltennamen; `zeilen`: Paare aus der
Zeilennummer, wie eine Tabellenkalkulation sie zeigt, und den Zelltexten; `dezimalkomma`: die
Datei ist `;`-getrennt), die Menge der bekannten Kreisschlüssel und der Importtag. Ergebnis sind
die gelesenen Datensätze oder die vollständige Fehlerliste: jeder Fehler mit Zeile, Spalte und
deutscher Meldung, z. B. „Zeile 7, Spalte elb: „12,5“ – eine Anzahl muss eine ganze Zahl sein.“

Regeln:
- Pflichtspalten `ags` und `monat` (JJJJ-MM, MM.JJJJ oder MM/JJJJ; im Datensatz immer JJJJ-MM);
  optional `geschlecht` (fehlt die Spalte oder ist die Zelle leer: `gesamt`; sonst `gesamt`,
  `frauen` oder `maenner`), optional `datenstand` (JJJJ-MM-TT oder TT.MM.JJJJ; fehlt oder leer:
  der Importtag; nicht nach dem Importtag, nicht vor dem Berichtsmonat) und mindestens eine der
  17 Wertspalten. Jede andere Spalte ist ein Fehler.
- Zelle leer: „nicht gemeldet“ (None), niemals 0. Fehlt eine Wertspalte ganz, ist die Datei eine
  Teilkorrektur (`Pruefergebnis.fehlende_spalten`): was dann gilt, entscheidet der Import
  (`datenstaende.plane_import` übernimmt die gespeicherten Werte).
- Meldungen nennen die Spalte mit Buchstabe und Kopf: „Zeile 7, Spalte E (elb): …“.
- Zellen (ags, monat, datenstand, Anzahl, Geld, Formeln „=…“): siehe `importzellen`.
- Nicht-leere Zellen rechts der letzten Kopfspalte sind ein Fehler; fehlende Zellen am
  Zeilenende gelten als leer.
- Derselbe Schlüssel (ags, monat, geschlecht) zweimal ist ein Fehler, der beide Zeilen nennt.

Zusatzspalten (`Zusatzspalten`, z. B. die eigenen Basiszahlen der Vergleichsringe): weitere
erlaubte Wertspalten. Eine gefüllte Zelle ist nur erlaubt, wo `zelle_erlaubt` nichts einwendet
(z. B. nur für Mitglieder des Rings in diesem Jahr); ihr Wert steht in `Datensatz.zusatz`
(None = leer, also „nicht gemeldet“). Mit `gesetzliche_spalten=False` sind nur Zusatzspalten
erlaubt (z. B. für Träger, die nur die Zahlen ihrer Vergleichsringe liefern).

Eine fehlerfreie Datei mit allen Wertspalten liest `spaltenpruefung` spaltenweise (schneller
Weg, gleiches Ergebnis); nur wenn dort etwas nicht glatt ist, läuft die Prüfung Zeile für Zeile.

Fehler werden vollständig gesammelt (bis MAX_FEHLER Meldungen, darüber hinaus nur gezählt).
Plausibilitätswarnungen innerhalb einer Zeile liefert diese Prüfung gleich mit (siehe
`plausibilitaet`); die Summenregel über Geschlechtergruppen braucht den Datenbestand und ist
Sache des Imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from functools import partial
from typing import Any, Protocol

from .basiszahlen import FELDNAMEN, GELDFELDER, GESCHLECHTER
from .importzellen import (
    ags_fehler,
    datenstand_vor_monat,
    geschlecht_fehler,
    lies_datenstand,
    lies_monat,
    lies_zahl,
    spalte_text,
    zeige,
)
from .importzusatz import Zusatzspalten, lies_zusatzzellen
from .plausibilitaet import zeilenhinweise, zeilenwarnung

PFLICHTSPALTEN = ("ags", "monat")
OPTIONALE_SPALTEN = ("geschlecht", "datenstand")
ERLAUBTE_SPALTEN = PFLICHTSPALTEN + OPTIONALE_SPALTEN + FELDNAMEN
MAX_FEHLER = 100_000


class TabelleArtig(Protocol):
    kopf: list[str]
    zeilen: list[tuple[int, list[str]]]
    dezimalkomma: bool


@dataclass(slots=True)
class Datensatz:
    """Eine geprüfte Zeile. `werte` in der Reihenfolge von FELDNAMEN, Geld in Cent, None = nicht
    gemeldet. `art` und `alt` setzt der Importplan: NEU, NEUER_DATENSTAND oder UNVERAENDERT und
    die Werte des bisher geltenden Stands (für die Vorschau „alt → neu“); ebenso je Zusatzspalte
    `zusatz_art` und `zusatz_alt` (nur Zellen mit gespeichertem Wert)."""

    zeile: int
    ags: str
    monat: str
    geschlecht: str
    datenstand: date
    werte: tuple[int | None, ...]
    hinweise: list[dict[str, Any]] = field(default_factory=list)
    zusatz: dict[str, int | None] = field(default_factory=dict)  # Zusatzspalten der Datei
    zusatz_hinweise: list[dict[str, Any]] = field(default_factory=list)
    art: str = ""
    alt: tuple[int | None, ...] | None = None
    zusatz_art: dict[str, str] = field(default_factory=dict)
    zusatz_alt: dict[str, int | None] = field(default_factory=dict)

    @property
    def schluessel(self) -> tuple[str, str, str]:
        return (self.ags, self.monat, self.geschlecht)

    @property
    def ort(self) -> str:
        return f"{self.ags}, {self.monat}, {self.geschlecht}"


@dataclass
class Pruefergebnis:
    datensaetze: list[Datensatz]
    fehler: list[str]
    warnungen: list[str]
    weitere_fehler: int = 0  # über MAX_FEHLER hinaus nur gezählt
    fehlende_spalten: tuple[str, ...] = ()  # Wertspalten, die nicht in der Datei stehen

    @property
    def fehleranzahl(self) -> int:
        return len(self.fehler) + self.weitere_fehler


class _Fehlerliste:
    def __init__(self, kopf: Sequence[str] = ()) -> None:
        self.meldungen: list[str] = []
        self.weitere = 0
        self.spalten = {name: spalte_text(nr, name) for nr, name in enumerate(kopf, start=1)}

    def __len__(self) -> int:
        return len(self.meldungen) + self.weitere

    def zelle(self, zeile: int, spalte: str, text: str) -> None:
        self.melde(f"Zeile {zeile}, Spalte {self.spalten.get(spalte, spalte)}: {text}")

    def melde(self, meldung: str) -> None:
        if len(self.meldungen) < MAX_FEHLER:
            self.meldungen.append(meldung)
        else:
            self.weitere += 1


def pruefe_kopf(
    kopf: Sequence[str], zusatz: Iterable[str] = (), gesetzliche_spalten: bool = True
) -> list[str]:
    """Fehler der Kopfzeile: fehlende Pflichtspalten, unbekannte Spalten (mit Vorschlag), keine
    einzige Wertspalte (gesetzliche oder Zusatzspalte)."""
    zusatz = tuple(zusatz)
    fehler = [f"Zeile 1: Pflichtspalte „{s}“ fehlt." for s in PFLICHTSPALTEN if s not in kopf]
    erlaubt = (ERLAUBTE_SPALTEN if gesetzliche_spalten else PFLICHTSPALTEN + OPTIONALE_SPALTEN) + (
        zusatz
    )
    for nr, name in enumerate(kopf, start=1):
        if not gesetzliche_spalten and name in FELDNAMEN:
            fehler.append(
                f"Zeile 1, Spalte {spalte_text(nr)}: {zeige(name)} – Sie dürfen nur die Spalten "
                "Ihrer Vergleichsringe importieren, keine gesetzlichen Basiszahlen."
            )
        elif name not in erlaubt:
            vorschlag = get_close_matches(name, erlaubt, n=1, cutoff=0.75)
            tipp = f" Gemeint ist vielleicht „{vorschlag[0]}“." if vorschlag else ""
            fehler.append(
                f"Zeile 1, Spalte {spalte_text(nr)}: unbekannte Spalte {zeige(name)}.{tipp}"
            )
    schluessel = PFLICHTSPALTEN + OPTIONALE_SPALTEN
    if not fehler and all(name in schluessel for name in kopf):
        wertspalten = (FELDNAMEN if gesetzliche_spalten else ()) + zusatz
        fehler.append(
            "Zeile 1: keine Wertspalte – die Datei braucht neben ags und monat mindestens eine "
            f"der Spalten {', '.join(wertspalten)}."
        )
    return fehler


def fremder_traeger_fehler(ags: str) -> str:
    return (
        f"{zeige(ags)} – dieser Träger gehört nicht zu Ihrem Land; Sie dürfen nur Basiszahlen "
        "für die Träger Ihres Landes importieren."
    )


def pruefe_basiszahlen(
    tabelle: TabelleArtig,
    bekannte_ags: Iterable[str],
    importdatum: date,
    fortschritt: Callable[[int, int], None] | None = None,
    erlaubte_ags: Iterable[str] | None = None,
    zusatz: Zusatzspalten | None = None,
    gesetzliche_spalten: bool = True,
    *,
    spaltenweise: bool = True,
) -> Pruefergebnis:
    """Prüft alle Zeilen und sammelt alle Fehler; siehe Moduldoku für die Regeln.

    `spaltenweise=False`: immer Zeile für Zeile (Tests vergleichen so beide Wege).

    `erlaubte_ags` (None = alle bekannten): eine Zeile für einen bekannten, aber nicht erlaubten
    Träger ist ein Fehler in der Spalte ags (z. B. ein Träger eines anderen Landes).
    """
    bekannt = frozenset(bekannte_ags)
    erlaubt = None if erlaubte_ags is None else frozenset(erlaubte_ags)

    def ags_meldung(ags: str) -> str | None:
        meldung = ags_fehler(ags, bekannt)
        if meldung is None and erlaubt is not None and ags not in erlaubt:
            return fremder_traeger_fehler(ags)
        return meldung

    kopf = list(tabelle.kopf)
    fehler = _Fehlerliste(kopf)
    zusatzspalten = dict(zusatz.spalten()) if zusatz is not None else {}
    for kopfmeldung in pruefe_kopf(kopf, zusatzspalten, gesetzliche_spalten):
        fehler.melde(kopfmeldung)
    # Der schnelle Weg kennt nur die gesetzlichen Spalten: mit Zusatzspalten Zeile für Zeile.
    if spaltenweise and not len(fehler) and not (set(zusatzspalten) & set(kopf)):
        from .spaltenpruefung import pruefe_spaltenweise  # importiert dieses Modul

        glatt = pruefe_spaltenweise(tabelle, bekannt, erlaubt, importdatum)
        if glatt is not None:
            if fortschritt is not None:
                fortschritt(len(tabelle.zeilen), len(tabelle.zeilen))
            return glatt
    spalte = {name: i for i, name in enumerate(kopf)}
    breite = len(kopf)
    i_ags, i_monat = spalte.get("ags"), spalte.get("monat")
    i_geschlecht, i_datenstand = spalte.get("geschlecht"), spalte.get("datenstand")
    wertspalten = [
        (pos, spalte[name], name, name in GELDFELDER)
        for pos, name in enumerate(FELDNAMEN)
        if name in spalte
    ]
    zusatz_i = [(spalte[name], name) for name in zusatzspalten if name in spalte]
    leer: tuple[int | None, ...] = (None,) * len(FELDNAMEN)
    dezimalkomma = tabelle.dezimalkomma
    ags_cache: dict[str, str | None] = {}
    monat_cache: dict[str, tuple[str | None, str | None]] = {}
    datum_cache: dict[str, date | str] = {}
    gesehen: dict[tuple[str, str, str], int] = {}
    datensaetze: list[Datensatz] = []
    warnungen: list[str] = []
    gesamt = len(tabelle.zeilen)

    for n, (nummer, zellen) in enumerate(tabelle.zeilen):
        if fortschritt is not None and n % 2000 == 0:
            fortschritt(n, gesamt)
        vorher = len(fehler)
        if len(zellen) != breite:
            if len(zellen) > breite:
                ueberzaehlig = [
                    (i, z) for i, z in enumerate(zellen[breite:], start=breite + 1) if z
                ]
                if ueberzaehlig:
                    i, z = ueberzaehlig[0]
                    fehler.melde(
                        f"Zeile {nummer}, Spalte {spalte_text(i)}: {len(zellen)} Zellen, aber nur "
                        f"{breite} Spalten in der Kopfzeile – die Zelle {zeige(z)} hat keinen "
                        "Spaltennamen. Trennzeichen oder Dezimalkomma in einer Zahl?"
                    )
                zellen = zellen[:breite]
            else:
                zellen = zellen + [""] * (breite - len(zellen))

        schluessel_ok = i_ags is not None and i_monat is not None
        ags = zellen[i_ags] if i_ags is not None else ""
        if i_ags is not None:
            meldung = (
                ags_cache[ags] if ags in ags_cache else ags_cache.setdefault(ags, ags_meldung(ags))
            )
            if meldung:
                fehler.zelle(nummer, "ags", meldung)
                schluessel_ok = False
        monat_zelle = zellen[i_monat] if i_monat is not None else ""
        monat = ""
        if i_monat is not None:
            gelesen = monat_cache.get(monat_zelle) or monat_cache.setdefault(
                monat_zelle, lies_monat(monat_zelle)
            )
            if gelesen[1]:
                fehler.zelle(nummer, "monat", gelesen[1])
                schluessel_ok = False
            else:
                monat = gelesen[0] or ""
        geschlecht = "gesamt"
        if i_geschlecht is not None and zellen[i_geschlecht]:
            text = zellen[i_geschlecht]
            geschlecht = text.lower()
            if geschlecht not in GESCHLECHTER:
                fehler.zelle(nummer, "geschlecht", geschlecht_fehler(text))
                schluessel_ok = False
        if schluessel_ok:
            erste = gesehen.setdefault((ags, monat, geschlecht), nummer)
            if erste != nummer:
                fehler.melde(
                    f"Zeile {nummer}: ags {ags}, monat {monat}, geschlecht {geschlecht} kommt "
                    f"doppelt vor (auch in Zeile {erste})."
                )
        datenstand: date | str = importdatum
        text = zellen[i_datenstand] if i_datenstand is not None else ""
        if text:
            datenstand = datum_cache.get(text) or datum_cache.setdefault(
                text, lies_datenstand(text, importdatum)
            )
            if isinstance(datenstand, str):
                fehler.zelle(nummer, "datenstand", datenstand)
        if monat and isinstance(datenstand, date):
            zu_frueh = datenstand_vor_monat(datenstand, monat, text)
            if zu_frueh:
                fehler.zelle(nummer, *zu_frueh)

        werte = list(leer)
        for pos, i, name, geld in wertspalten:
            z = zellen[i]
            if not z:
                continue
            if z.isdigit() and z.isascii() and len(z) < (14 if geld else 16):
                werte[pos] = int(z) * 100 if geld else int(z)
                continue
            wert, meldung = lies_zahl(z, geld, dezimalkomma)
            if meldung:
                fehler.zelle(nummer, name, meldung)
            else:
                werte[pos] = wert

        zusatzwerte = (
            lies_zusatzzellen(
                zusatz, zusatz_i, zellen, ags, monat, schluessel_ok, dezimalkomma,
                partial(fehler.zelle, nummer), geschlecht,
            )
            if zusatz is not None
            else {}
        )  # fmt: skip

        # Ein Datenstand als Text ist eine Fehlermeldung (oben gemeldet).
        if len(fehler) == vorher and isinstance(datenstand, date):
            satz = Datensatz(nummer, ags, monat, geschlecht, datenstand, tuple(werte))
            satz.hinweise = zeilenhinweise(satz.werte)
            for hinweis in satz.hinweise:
                warnungen.append(zeilenwarnung(nummer, hinweis, satz.werte, satz.ort))
            if zusatzwerte:
                assert zusatz is not None
                satz.zusatz = zusatzwerte
                gesetzlich = dict(zip(FELDNAMEN, satz.werte, strict=True))
                for hinweis, text in zusatz.zeilenhinweise(gesetzlich, zusatzwerte):
                    satz.zusatz_hinweise.append(hinweis)
                    warnungen.append(f"Zeile {nummer}: {text} bei {satz.ort} – bitte prüfen.")
            datensaetze.append(satz)

    if fortschritt is not None:
        fortschritt(gesamt, gesamt)
    return Pruefergebnis(
        datensaetze=datensaetze if not len(fehler) else [],
        fehler=fehler.meldungen,
        warnungen=warnungen,
        weitere_fehler=fehler.weitere,
        fehlende_spalten=tuple(name for name in FELDNAMEN if name not in spalte),
    )
