"""Cockpit der Nachhaltung (DOMAIN.md § 7): für ein Land – für die Administration auch alle
Länder – und ein Jahr je Träger und Zielindikator Wert, Ziel, Projektion und Status, dazu die
Landeszeile (Aggregat der Basiszahlen, § 3; Landesziel bottom-up aus den Zielen der Träger, § 9;
`domain.gruppenstand`).

Regeln:
- Zeilen: die zkT des Landes und jeder weitere Träger des Landes mit einer Vereinbarung des
  Jahres. Die Landeszeile umfasst immer alle Zeilen des Landes (Filter ändern sie nicht).
- Zahlen wie auf der Nachhaltungsseite des Trägers (`nachhaltung.daten.berechne`): Ziele aus
  der geltenden unterzeichneten Vereinbarung; ohne sie werden die Werte ohne Ziel gezeigt.
- Berichtsmonat: ohne Angabe der letzte Monat des Jahres, für den ein Träger der Auswahl Daten
  hat; ein Monat ohne Daten ist ein `FachlicherFehler` mit den wählbaren Monaten.
- Sehen: ein Land, wer es sehen darf (`darf_land_sehen`); alle Länder (`ALLE`) nur die
  Administration. Unbekanntes Land → `NichtGefunden`, fremdes → `KeineBerechtigung`.
- Abfragen: eine feste Zahl, unabhängig von der Zahl der Träger (Träger, Länder, Monate,
  Vereinbarungen, Schwellen und die sieben von `berechne`).
- Die Zeilen sind einfache Daten (ungerundete Werte und fertige deutsche Texte); Auswahl,
  Sortierung und Tabellenexport (`cockpit_tabelle`) brauchen keine weitere Abfrage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import ADMIN, Akteur, darf_land_sehen
from ...domain.gruppenstand import Gruppenstand, gruppenstand
from ...domain.katalog import zielindikator_definition
from ...domain.nachhaltung import Indikatorstand, Schwellen, reihe_fuer
from ...domain.ziele import MONITORING, VEREINBARUNGS_INDIKATOREN, einheit_text
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...format import LEER, datum, monat_lang, prozent
from ...models import Basiszahl, Land, Traeger, Zielvereinbarung
from .anzeige import STATUS_KLASSE, schwelle_text, vorgaben_je_code, ziel_kurztext
from .daten import GUELTIG, TraegerStand, berechne, schwellen_je_land

ALLE = "alle"  # statt eines Landeskürzels: alle Länder (nur Administration)
SYMBOL = {"gut": "✓", "mittel": "!", "schlecht": "✗", "neutral": ""}


@dataclass(frozen=True)
class Zelle:
    """Ein Zielindikator eines Trägers (oder der Landeszeile) im Berichtsmonat."""

    code: str
    wert: Decimal | None
    zielniveau: Decimal | None
    projektion: Decimal | None
    grad: Decimal | None
    status: str | None  # auf Kurs / gefährdet / kritisch (Dezember: erreicht / knapp / verfehlt)
    klasse: str  # gut / mittel / schlecht / neutral
    ziel: str  # „+2,5 %“, „Monitoring“, „kein Ziel“
    wert_text: str
    zielniveau_text: str
    projektion_text: str
    grad_text: str
    hinweis: str | None = None  # Grund, warum etwas fehlt; bei der Landeszeile die Abdeckung

    @property
    def symbol(self) -> str:
        return SYMBOL[self.klasse]

    @property
    def status_text(self) -> str:
        """Was an der Stelle des Status steht: der Status, sonst warum es keinen gibt."""
        if self.status:
            return self.status
        if self.zielniveau is None and self.ziel in ("kein Ziel", "Monitoring", "kein Landesziel"):
            return "ohne Ziel" if self.ziel == "kein Ziel" else self.ziel
        return "nicht bewertbar"


@dataclass(frozen=True)
class Zeile:
    ags: str
    name: str
    land_code: str
    vergleichstyp: str | None
    zustand: str  # „unterzeichnet“, „in Verhandlung (Angebot)“, „keine Vereinbarung“
    vereinbarung_id: int | None  # die ursprüngliche Vereinbarung des Jahres
    unterzeichnet: bool  # True: Drill-down auf die Nachhaltungsseite
    zellen: tuple[Zelle, ...]

    def anzahl(self, klasse: str) -> int:
        return sum(1 for z in self.zellen if z.klasse == klasse)


@dataclass(frozen=True)
class Landeszeile:
    land_code: str | None  # None: alle Länder zusammen
    name: str
    mitglieder: int
    zellen: tuple[Zelle, ...]


@dataclass(frozen=True)
class Cockpit:
    land_code: str  # Kürzel oder ALLE
    land_name: str  # „Niedersachsen“ oder „alle Länder“
    jahr: int
    monat: str | None  # 'YYYY-MM'; None: noch keine Daten im Jahr
    monate: tuple[str, ...]  # wählbare Berichtsmonate
    daten_bis: str  # „Daten bis September 2026“
    datenstand: str  # jüngster Datenstand der verwendeten Basiszahlen, „15.11.2026“
    indikatoren: tuple[tuple[str, str, str], ...]  # (Code, Name, Einheit)
    zeilen: tuple[Zeile, ...]
    landeszeilen: tuple[Landeszeile, ...]
    laender: tuple[tuple[str, str], ...]  # (Kürzel, Name) der Länder mit Zeilen
    demodaten: bool

    @property
    def unterjaehrig(self) -> bool:
        return self.monat is None or not self.monat.endswith("-12")

    @property
    def vergleichstypen(self) -> tuple[str, ...]:
        return tuple(sorted({z.vergleichstyp for z in self.zeilen if z.vergleichstyp}))


def _text(code: str, wert: Decimal | None) -> str:
    return LEER if wert is None else einheit_text(code, wert)


def traeger_zelle(s: Indikatorstand, vorgabe: dict | None, geaendert: str | None = None) -> Zelle:
    """Die Zelle aus dem Stand, den auch die Nachhaltungsseite zeigt (gleiche Texte); ein durch
    eine Änderungsvereinbarung geändertes Ziel sagt es im Hinweis."""
    if s.zieltyp == MONITORING:
        ziel = "Monitoring" if vorgabe is not None else "kein Ziel"
    else:
        v = vorgabe or {}
        ziel = ziel_kurztext(s, v.get("untere"), v.get("obere"), v.get("wert"))
    hinweis = "; ".join([*s.gruende.values(), *([geaendert] if geaendert else [])]) or None
    return _zelle(s, ziel, hinweis)


def landes_zelle(g: Gruppenstand) -> Zelle:
    abdeckung = f"{g.abdeckung} von {g.mitglieder} Trägern"
    gruende = [grund for schluessel, grund in g.gruende.items() if schluessel != "wert"]
    ziel = "aus den Trägerzielen" if g.hat_ziel else ("kein Landesziel" if g.mit_zielniveau
                                                       else "kein Ziel")  # fmt: skip
    return _zelle(g, ziel, "; ".join([abdeckung, *gruende]))


def _zelle(s: Indikatorstand | Gruppenstand, ziel: str, hinweis: str | None) -> Zelle:
    """Ungerundete Werte und deutsche Texte eines Träger- oder Gruppenstands."""
    code = s.zielindikator
    return Zelle(code, s.wert, s.zielniveau, s.projektion, s.grad, s.status,
                 STATUS_KLASSE.get(s.status or "", "neutral"), ziel, _text(code, s.wert),
                 schwelle_text(code, s.zielniveau, getattr(s, "basiswert", None)),
                 _text(code, s.projektion), prozent(s.grad),
                 hinweis)  # fmt: skip


def _zustand(zustand: str | None) -> str:
    """„unterzeichnet“, „in Verhandlung (Angebot)“ oder „keine Vereinbarung“."""
    if zustand is None:
        return "keine Vereinbarung"
    if zustand in GUELTIG:
        return vh.zustand_bezeichnung(zustand)
    return f"in Verhandlung ({vh.zustand_bezeichnung(zustand)})"


def _pruefe(session: Session, akteur: Akteur, land: str) -> tuple[str, list[Land]]:
    """(Name, Länder der Auswahl); Berechtigung und Existenz wie im Modulkopf."""
    if land == ALLE:
        if akteur.rolle != ADMIN:
            raise KeineBerechtigung(
                "Die Übersicht über alle Länder ist der Administration vorbehalten."
            )
        return "alle Länder", list(session.scalars(select(Land).order_by(Land.name)))
    gefunden = session.get(Land, land)
    if gefunden is None:
        raise NichtGefunden(f"Unbekanntes Land „{land}“.")
    if not darf_land_sehen(akteur, land):
        raise KeineBerechtigung(f"Die Nachhaltung von {gefunden.name} dürfen Sie nicht sehen.")
    return gefunden.name, [gefunden]


def _traeger(session: Session, laender: list[str], jahr: int) -> list[Traeger]:
    mit_vereinbarung = select(col(Zielvereinbarung.ags)).where(col(Zielvereinbarung.jahr) == jahr)
    return list(
        session.scalars(
            select(Traeger)
            .where(
                col(Traeger.land_code).in_(laender),
                or_(col(Traeger.traegerform) == "zkT", col(Traeger.ags).in_(mit_vereinbarung)),
            )
            .order_by(Traeger.ags)
        )
    )


def _monate(session: Session, ags_liste: list[str], jahr: int) -> tuple[str, ...]:
    if not ags_liste:
        return ()
    return tuple(
        session.scalars(
            select(col(Basiszahl.monat))
            .where(
                col(Basiszahl.ags).in_(ags_liste),
                col(Basiszahl.geschlecht) == "gesamt",
                col(Basiszahl.monat) >= f"{jahr}-01",
                col(Basiszahl.monat) <= f"{jahr}-12",
            )
            .group_by(Basiszahl.monat)
            .order_by(Basiszahl.monat)
        )
    )


def _offen(session: Session, ags_liste: list[str], jahr: int) -> dict[str, tuple[int, str]]:
    """AGS → (id, Zustand) der ursprünglichen Vereinbarung des Jahres."""
    return {
        ags: (vid, zustand)
        for ags, vid, zustand in session.execute(
            select(
                col(Zielvereinbarung.ags), col(Zielvereinbarung.id), col(Zielvereinbarung.zustand)
            ).where(
                col(Zielvereinbarung.ags).in_(ags_liste),
                col(Zielvereinbarung.jahr) == jahr,
                col(Zielvereinbarung.aenderung_von_id).is_(None),
            )
        ).tuples()
    }


def lade_cockpit(
    session: Session, akteur: Akteur, land: str, jahr: int, monat: str | None = None
) -> Cockpit:
    """Das Cockpit (Regeln im Modulkopf); `monat` 'YYYY-MM' im Jahr `jahr` oder None."""
    land_name, laender = _pruefe(session, akteur, land)
    traeger = _traeger(session, [x.code for x in laender], jahr)
    ags_liste = [t.ags for t in traeger]
    monate = _monate(session, ags_liste, jahr)
    if monat is not None and monat not in monate:
        raise FachlicherFehler(
            f"Für {monat_lang(monat) or monat} liegen keine Daten vor "
            f"(wählbar: {', '.join(monat_lang(m) for m in monate) or 'keine'})."
        )
    monat = monat or (monate[-1] if monate else None)
    namen = {x.code: x.name for x in laender}
    indikatoren = tuple(
        (c, zielindikator_definition(c).name, zielindikator_definition(c).einheit)
        for c in VEREINBARUNGS_INDIKATOREN
    )
    if monat is None:
        return Cockpit(land, land_name, jahr, None, (), f"noch keine Daten für {jahr}", LEER,
                       indikatoren, _ohne_daten(traeger, _offen(session, ags_liste, jahr)), (),
                       _laender(traeger, namen), False)  # fmt: skip
    daten = berechne(session, traeger, jahr, int(monat[5:]), verlaeufe=False)
    offen = _offen(session, ags_liste, jahr)
    zeilen = []
    for t in traeger:
        stand = daten.traeger[t.ags]
        vorgaben = vorgaben_je_code(stand)
        je_code = {s.zielindikator: s for s in stand.staende}
        v = stand.vereinbarung
        zeilen.append(
            Zeile(
                t.ags,
                t.name,
                t.land_code,
                t.vergleichstyp,
                _zustand(v.zustand if v else offen.get(t.ags, (0, None))[1]),
                v.vereinbarung_id if v else offen.get(t.ags, (None, None))[0],
                v is not None,
                tuple(
                    traeger_zelle(
                        je_code[c],
                        vorgaben.get(c) if v else None,
                        v.geaendert.get(c) if v else None,
                    )
                    for c in VEREINBARUNGS_INDIKATOREN
                ),
            )  # fmt: skip
        )
    staende = [d for t in daten.traeger.values() for d in t.datenstaende.values() if d]
    return Cockpit(
        land,
        land_name,
        jahr,
        monat,
        monate,
        f"Daten bis {monat_lang(monat)}",
        datum(max(staende)) if staende else LEER,
        indikatoren,
        tuple(zeilen),
        _landeszeilen(session, daten, laender, land == ALLE),
        _laender(traeger, namen),
        daten.demodaten,
    )


def _ohne_daten(traeger: list[Traeger], offen: dict[str, tuple[int, str]]) -> tuple[Zeile, ...]:
    """Zeilen ohne Zahlen (noch keine Daten im Jahr): nur Träger und Stand der Vereinbarung."""
    return tuple(
        Zeile(t.ags, t.name, t.land_code, t.vergleichstyp, _zustand(offen.get(t.ags, (0, None))[1]),
              offen.get(t.ags, (None, None))[0], False, ())
        for t in traeger
    )  # fmt: skip


def _laender(traeger: list[Traeger], namen: dict[str, str]) -> tuple[tuple[str, str], ...]:
    codes = {t.land_code for t in traeger}
    return tuple(sorted(((c, namen[c]) for c in codes), key=lambda x: x[1]))


def _landeszeilen(session, daten, laender: list[Land], mit_gesamt: bool) -> tuple[Landeszeile, ...]:
    """Je Land mit Trägern eine Landeszeile; für alle Länder dazu die Summe über alle."""
    schwellen = schwellen_je_land(session)
    jahr, monat = daten.jahr, daten.monat
    gruppen: list[tuple[str | None, str, list[TraegerStand], Schwellen]] = []
    for land in laender:
        mitglieder = [t for t in daten.traeger.values() if t.land_code == land.code]
        if mitglieder:
            gruppen.append(
                (land.code, land.name, mitglieder, schwellen.get(land.code, Schwellen()))
            )
    if mit_gesamt and len(gruppen) > 1:
        gruppen.append((None, "Alle Länder", list(daten.traeger.values()), Schwellen()))
    zeilen = []
    for code_land, name, mitglieder, s in gruppen:
        zellen = []
        for code in VEREINBARUNGS_INDIKATOREN:
            paare = [
                (reihe_fuer(code, {g: daten.reihen[g].get(t.ags, {}) for g in daten.reihen}),
                 next(x.zielniveau for x in t.staende if x.zielindikator == code))
                for t in mitglieder
            ]  # fmt: skip
            zellen.append(landes_zelle(gruppenstand(code, paare, jahr, monat, s)))
        zeilen.append(Landeszeile(code_land, name, len(mitglieder), tuple(zellen)))
    return tuple(zeilen)
