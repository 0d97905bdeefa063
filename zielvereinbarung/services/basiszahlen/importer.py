"""Anwendungsfall: Basiszahlen aus einer CSV- oder XLSX-Datei importieren (DOMAIN.md § 2).

Alles oder nichts: Jeder Lese- oder Prüffehler führt zu `ImportAbgelehnt` mit allen Fehlern,
geschrieben wird dann nichts (der Aufrufer rollt zurück und kann die Ablehnung mit
`protokolliere_ablehnung` in einer neuen Transaktion festhalten). Sonst entstehen ein
`ImportProtokoll` und je geänderter Zeile eine neue `Basiszahl` mit ihrem Datenstand; gespeicherte
Stände werden nie überschrieben (Regeln in `domain.datenstaende`). Ein Import, der nichts ändert,
hat das Ergebnis
„unveraendert“ und wird ebenfalls protokolliert.

Der Service ruft nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import bindparam, select, text, update
from sqlmodel import Session, col

from ...domain.basiszahlen import FELDNAMEN
from ...domain.datenstaende import Basiszahlstand, plane_import
from ...domain.importpruefung import Datensatz, pruefe_basiszahlen
from ...fehler import FachlicherFehler
from ...format import ZEITZONE, zahl
from ...models import Basiszahl, ImportProtokoll, Traeger
from ...models.ids import gespeicherte_id
from ...models.tabellen import tabelle
from ..sammelpause import sammelpause
from .importergebnis import ImportErgebnis, anzahl_text
from .importerweiterung import Importerweiterung, Zusatzzahlen
from .speichern import speichere_staende
from .tabellen import lese_tabelle
from .xlsx_archiv import STANDARDGRENZEN, Grenzen
from .zusatzverbund import RINGWERTE

MAX_PROTOKOLLFEHLER = 1_000
_SPERRSCHLUESSEL = 48_482_002  # pg_advisory_xact_lock „Basiszahlen-Import“

Fortschritt = Callable[[int, int], None]


def _zeitpunkt(jetzt: datetime) -> tuple[datetime, date]:
    """(Zeitpunkt mit Zeitzone, Importtag). Ohne Zeitzone gilt `jetzt` als Ortszeit der Maschine;
    der Importtag ist der Kalendertag in Deutschland (Europe/Berlin)."""
    if jetzt.utcoffset() is None:
        return jetzt.astimezone(), jetzt.date()
    return jetzt, jetzt.astimezone(ZEITZONE).date()


class ImportAbgelehnt(FachlicherFehler):
    """Die Datei `dateiname` (SHA-256 `sha256`) wurde nicht importiert; `details` enthält jede
    Fehlerzeile."""

    def __init__(
        self,
        dateiname: str,
        sha256: str,
        fehler: list[str],
        zeilen_gelesen: int = 0,
        weitere: int = 0,
    ):
        self.dateiname, self.sha256 = dateiname, sha256
        self.anzahl = len(fehler) + weitere
        self.zeilen_gelesen = zeilen_gelesen
        details = list(fehler)
        if weitere:
            details.append(f"… und {zahl(weitere)} weitere Fehler (nicht einzeln aufgeführt).")
        super().__init__(
            f"{dateiname} wurde nicht importiert ({anzahl_text(self.anzahl, 'Fehler', 'Fehler')}):",
            details,
        )


@sammelpause()  # Hunderttausende Zellen, Datensätze und Zeilen (siehe `sammelpause`)
def importiere_basiszahlen(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    benutzer: str,
    jetzt: datetime,
    demodaten: bool = False,
    fortschritt: Fortschritt | None = None,
    erlaubte_ags: Iterable[str] | None = None,
    probelauf: bool = False,
    grenzen: Grenzen = STANDARDGRENZEN,
    zusatz: Importerweiterung | None = None,
    gesetzliche_spalten: bool = True,
) -> ImportErgebnis:
    """Liest, prüft und speichert eine Basiszahlen-Datei; `ImportAbgelehnt` bei jedem Fehler.

    `fortschritt(erledigt, gesamt)` wird während Prüfung (erste Hälfte) und Speichern (zweite
    Hälfte) aufgerufen; `gesamt` ist doppelt so groß wie die Zeilenzahl.
    `erlaubte_ags`: nur Zeilen dieser Träger sind erlaubt (z. B. die Träger eines Landes); andere
    bekannte Träger sind Fehler. `probelauf=True`: dieselbe Prüfung und Planung, aber nichts wird
    geschrieben (Vorschau; `protokoll_id` ist dann None). `grenzen`: Obergrenzen für das
    Entpacken einer XLSX-Datei (Einstellungen, siehe `xlsx_archiv`).
    `zusatz`: weitere erlaubte Wertspalten mit eigener Ablage (die eigenen Basiszahlen der
    Vergleichsringe, `services.ringe.ringspalten`); `gesetzliche_spalten=False` erlaubt nur
    diese (z. B. für Träger). Wertspalten, die nicht in der Datei stehen, behalten ihre
    gespeicherten Werte (Teilkorrektur, `importergebnis`); eine Datei ohne gesetzliche
    Wertspalten schreibt keine gesetzlichen Basiszahlen.

    Gleichzeitige Importe werden serialisiert (PostgreSQL: Advisory-Lock bis zum Transaktionsende;
    SQLite: das Protokoll wird zuerst eingefügt und nimmt so die Schreibsperre), damit zwei
    gleiche Importe nicht beide „neu“ planen – der zweite sieht den ersten und ist „unveraendert“.
    """
    sha256 = hashlib.sha256(inhalt).hexdigest()
    zeitpunkt, importtag = _zeitpunkt(jetzt)
    try:
        tabelle = lese_tabelle(dateiname, inhalt, frozenset({"monat"}), grenzen)
    except FachlicherFehler as fehler:
        raise ImportAbgelehnt(
            dateiname, sha256, [fehler.meldung, *map(str, fehler.details)]
        ) from None
    zeilen = len(tabelle.zeilen)
    melde = (lambda erledigt, _: fortschritt(erledigt, 2 * zeilen)) if fortschritt else None

    bekannte_ags = session.scalars(select(col(Traeger.ags))).all()
    pruefung = pruefe_basiszahlen(
        tabelle, bekannte_ags, importtag, melde, erlaubte_ags, zusatz, gesetzliche_spalten
    )
    if pruefung.fehler or pruefung.weitere_fehler:
        raise ImportAbgelehnt(dateiname, sha256, pruefung.fehler, zeilen, pruefung.weitere_fehler)

    protokoll = None
    if not probelauf:
        _importsperre(session)
        protokoll = ImportProtokoll(
            zeitpunkt=zeitpunkt,
            benutzer=benutzer[:120],
            dateiname=dateiname[:255],
            sha256=sha256,
            zeilen_gelesen=zeilen,
            ergebnis="unveraendert",
            demodaten=demodaten,
        )
        session.add(protokoll)
        session.flush()  # INSERT vor dem Lesen des Bestands: nimmt auf SQLite die Schreibsperre
    # Teilkorrektur: fehlende Spalten behalten ihre Werte; eine Datei nur mit Ringspalten
    # (keine gesetzliche Wertspalte) berührt keinen gesetzlichen Datenstand.
    ringspalten = sorted(zusatz.spalten()) if zusatz is not None else []
    mit_gesetzlichen = len(pruefung.fehlende_spalten) < len(FELDNAMEN)
    saetze = pruefung.datensaetze if mit_gesetzlichen else []
    plan = plane_import(saetze, _lade_bestand(session, saetze), pruefung.fehlende_spalten)
    zplan = zusatz.plane(session, pruefung.datensaetze) if zusatz is not None else None
    warnungen = pruefung.warnungen + plan.warnungen + (zplan.warnungen if zplan else [])
    geaendert = bool(plan.einfuegen) or bool(zplan and zplan.einfuegen)
    ergebnis = ImportErgebnis(
        protokoll_id=None,
        ergebnis="importiert" if geaendert else "unveraendert",
        zeilen_gelesen=zeilen,
        neu=plan.neu,
        neuer_datenstand=plan.neuer_datenstand,
        unveraendert=plan.unveraendert,
        warnungen=warnungen,
        sha256=sha256,
        fehlende_spalten=pruefung.fehlende_spalten,
        ergaenzt=plan.ergaenzt,
        zusatz=Zusatzzahlen(
            zplan.neu,
            zplan.neuer_datenstand,
            zplan.unveraendert,
            getattr(zplan, "bezeichnung", RINGWERTE),
        )
        if zplan is not None and any(s.zusatz for s in pruefung.datensaetze)
        else None,
        ringspalten_datei=tuple(n for n in ringspalten if n in tabelle.kopf),
        ringspalten_fehlend=tuple(n for n in ringspalten if n not in tabelle.kopf),
    )
    if protokoll is None:
        ergebnis.zeilen, ergebnis.erweiterung = pruefung.datensaetze, zusatz
        return ergebnis
    protokoll.zeilen_neu = plan.neu
    protokoll.zeilen_revision = plan.neuer_datenstand  # Spaltenname aus dem ersten Schema
    protokoll.zeilen_unveraendert = plan.unveraendert
    protokoll.warnungen = len(warnungen)
    protokoll.ergebnis = ergebnis.ergebnis
    session.flush()
    protokoll_id = ergebnis.protokoll_id = gespeicherte_id(protokoll.id)
    if geaendert:
        speichere_staende(session, plan.einfuegen, protokoll_id, melde, zeilen)
        _fuehre_hinweise_nach(session, plan.hinweise_nachfuehren)
    if zusatz is not None and zplan is not None:
        zusatz.speichere(session, zplan, protokoll_id)
    if melde:
        melde(2 * zeilen, 2 * zeilen)
    return ergebnis


def _importsperre(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SPERRSCHLUESSEL})


def protokolliere_ablehnung(
    session: Session, benutzer: str, jetzt: datetime, fehler: ImportAbgelehnt
) -> int:
    """Hält einen abgelehnten Import fest (die ersten 1.000 Fehler); liefert die Protokoll-ID."""
    protokoll = ImportProtokoll(
        zeitpunkt=_zeitpunkt(jetzt)[0],
        benutzer=benutzer[:120],
        dateiname=fehler.dateiname[:255],
        sha256=fehler.sha256,
        zeilen_gelesen=fehler.zeilen_gelesen,
        warnungen=0,
        ergebnis="abgelehnt",
        fehler=[str(d) for d in fehler.details[:MAX_PROTOKOLLFEHLER]],
    )
    session.add(protokoll)
    session.flush()
    return gespeicherte_id(protokoll.id)


def _lade_bestand(session: Session, datensaetze: list[Datensatz]) -> list[Basiszahlstand]:
    """Alle gespeicherten Stände zu den Trägern und Monaten der Datei – in einer Abfrage."""
    if not datensaetze:
        return []
    gruppen = {(s.ags, s.monat) for s in datensaetze}
    ags = sorted({g[0] for g in gruppen})
    monate = [g[1] for g in gruppen]
    t = tabelle(Basiszahl)
    abfrage = select(
        t.c.id,
        t.c.ags,
        t.c.monat,
        t.c.geschlecht,
        t.c.datenstand,
        t.c.import_id,
        t.c.hinweise,
        *(t.c[name] for name in FELDNAMEN),
    ).where(t.c.ags.in_(ags), t.c.monat.between(min(monate), max(monate)))
    bestand = []
    for id_, ags_, monat, geschlecht, datenstand, import_id, hinweise, *werte in session.execute(
        abfrage
    ).tuples():
        if (ags_, monat) in gruppen:
            bestand.append(
                Basiszahlstand(
                    id_, ags_, monat, geschlecht, datenstand, import_id, tuple(werte),
                    list(hinweise or []),
                )
            )  # fmt: skip
    return bestand


def _fuehre_hinweise_nach(session: Session, aenderungen: list[tuple[int, list[dict]]]) -> None:
    """Setzt die Summenhinweise gespeicherter, weiter geltender Stände (nur die Markierung)."""
    if not aenderungen:
        return
    basiszahl = tabelle(Basiszahl)
    session.execute(
        update(basiszahl)
        .where(basiszahl.c.id == bindparam("_id"))
        .values(hinweise=bindparam("_hinweise")),
        [{"_id": id_, "_hinweise": hinweise} for id_, hinweise in aenderungen],
    )
