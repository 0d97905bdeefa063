"""Ringe verwalten (DOMAIN.md § 11): anlegen (Administration), Einstellungen, Mitglieder je Jahr,
eigene Basiszahlen und Kennzahlen, Freigabe (Koordination des Rings oder Administration).

Jede Änderung steht im Audit-Protokoll (Objekt `ring`). Fachliche Fehler sind `FachlicherFehler`
mit deutscher Meldung; bei Formularfehlern `Eingabefehler` mit einer Meldung je Feld. Flush, nie
Commit. Werte eigener Basiszahlen werden nie gelöscht: Code und Einheit einer Basiszahl mit
Werten sind fest; die Formel einer Kennzahl-Version ist fest (eine Änderung ist eine neue Version).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from ...domain.basiszahlen import monat_index
from ...domain.berechtigung import Akteur, darf_ring_verwalten
from ...domain.ringe import (
    BASISZAHL_EINHEITEN,
    Zeitraum,
    pruefe_basiszahl_code,
    pruefe_kennzahl,
    pruefe_obergrenze,
    ueberschneiden,
)
from ...fehler import FachlicherFehler, KeineBerechtigung
from ...models import Traeger
from ...models.ring import Ring, RingBasiszahl, RingKennzahl, RingMitglied, RingWert
from ..audit.kette import protokolliere
from .daten import basiszahlen, lade_ring, namensraum

OBJEKT = "ring"


class Eingabefehler(FachlicherFehler):
    """Ungültige Formulareingaben: `felder` bildet Feldname → deutsche Meldung ab."""

    def __init__(self, felder: dict[str, str]):
        super().__init__("Bitte die markierten Angaben prüfen.", list(felder.values()))
        self.felder = felder


def _darf(akteur: Akteur, ring_id: int) -> None:
    if not darf_ring_verwalten(akteur, ring_id):
        raise KeineBerechtigung("Nur die Koordination des Rings darf ihn verwalten.")


def lege_ring_an(
    session: Session,
    name: str,
    beschreibung: str,
    laender_sehen: bool,
    akteur: Akteur,
    jetzt: datetime,
    demodaten: bool = False,
) -> Ring:
    if akteur.rolle != "admin":
        raise KeineBerechtigung("Vergleichsringe legt die Administration an.")
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise Eingabefehler({"name": "Bitte einen Namen mit höchstens 120 Zeichen angeben."})
    if session.execute(select(Ring.id).where(Ring.name == name)).first():
        raise Eingabefehler({"name": f"Einen Ring „{name}“ gibt es schon."})
    ring = Ring(
        name=name,
        beschreibung=(beschreibung or "").strip(),
        laender_sehen=laender_sehen,
        demodaten=demodaten,
        erstellt_am=jetzt,
    )
    session.add(ring)
    session.flush()
    protokolliere(
        session, akteur.benutzername, "ring_anlegen", OBJEKT, ring.id, {"name": name}, jetzt
    )
    return ring


def aendere_einstellungen(
    session: Session,
    ring_id: int,
    beschreibung: str,
    laender_sehen: bool,
    freigegeben_bis: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> Ring:
    """Beschreibung, Sichtbarkeit für die Länder und Freigabe (bis Monat JJJJ-MM, leer: keine)."""
    _darf(akteur, ring_id)
    ring = lade_ring(session, ring_id)
    freigabe = (freigegeben_bis or "").strip() or None
    if freigabe is not None:
        try:
            monat_index(freigabe)
        except ValueError:
            raise Eingabefehler(
                {"freigegeben_bis": f"„{freigabe}“ ist kein Monat (JJJJ-MM, z. B. 2024-12)."}
            ) from None
    alt = {"laender_sehen": ring.laender_sehen, "freigegeben_bis": ring.freigegeben_bis}
    ring.beschreibung = (beschreibung or "").strip()
    ring.laender_sehen = laender_sehen
    ring.freigegeben_bis = freigabe
    session.flush()
    neu = {"laender_sehen": laender_sehen, "freigegeben_bis": freigabe}
    protokolliere(
        session,
        akteur.benutzername,
        "ring_einstellungen",
        OBJEKT,
        ring_id,
        {"vorher": alt, **neu},
        jetzt,
    )
    return ring


def setze_mitglieder(
    session: Session,
    ring_id: int,
    jahr: int,
    ags_liste: list[str],
    akteur: Akteur,
    jetzt: datetime,
) -> tuple[list[str], list[str]]:
    """Die Mitglieder eines Jahres festlegen; Ergebnis: (aufgenommen, entfernt)."""
    _darf(akteur, ring_id)
    lade_ring(session, ring_id)
    if not 2000 <= jahr <= 2100:
        raise Eingabefehler({"jahr": "Bitte ein Jahr zwischen 2000 und 2100 angeben."})
    gewuenscht = sorted({a.strip() for a in ags_liste if a.strip()})
    bekannt = set(session.execute(select(Traeger.ags).where(Traeger.ags.in_(gewuenscht))).scalars())
    unbekannt = [a for a in gewuenscht if a not in bekannt]
    if unbekannt:
        raise Eingabefehler(
            {"ags": "Unbekannte Kreisschlüssel: " + ", ".join(unbekannt[:10]) + "."}
        )
    bisher = {
        m.ags: m
        for m in session.execute(
            select(RingMitglied).where(RingMitglied.ring_id == ring_id, RingMitglied.jahr == jahr)
        ).scalars()
    }
    neu = [a for a in gewuenscht if a not in bisher]
    weg = sorted(a for a in bisher if a not in gewuenscht)
    for ags in neu:
        session.add(RingMitglied(ring_id=ring_id, jahr=jahr, ags=ags))
    for ags in weg:
        session.delete(bisher[ags])
    session.flush()
    if neu or weg:
        protokolliere(
            session,
            akteur.benutzername,
            "ring_mitglieder",
            OBJEKT,
            ring_id,
            {"jahr": jahr, "aufgenommen": neu, "entfernt": weg},
            jetzt,
        )
    return neu, weg


def speichere_basiszahl(
    session: Session,
    ring_id: int,
    code: str,
    name: str,
    einheit: str,
    kategorie: str,
    beschreibung: str,
    obergrenze: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> RingBasiszahl:
    """Neue eigene Basiszahl anlegen oder eine bestehende (gleicher Code im Ring) ändern."""
    _darf(akteur, ring_id)
    lade_ring(session, ring_id)
    code = (code or "").strip()
    obergrenze = (obergrenze or "").strip() or None
    eigene = basiszahlen(session, ring_id)
    bestehend = next((b for b in eigene if b.code == code), None)
    fehler: dict[str, str] = {}
    if bestehend is None:
        if meldung := pruefe_basiszahl_code(code):
            fehler["code"] = meldung
        elif (
            anderer := session.execute(
                select(Ring.name)
                .join(RingBasiszahl, RingBasiszahl.ring_id == Ring.id)
                .where(RingBasiszahl.code == code)
            ).scalar()
        ) is not None:
            fehler["code"] = (
                f"Den Code „{code}“ verwendet schon der Ring „{anderer}“ (Codes sind "
                "Importspalten und deshalb über alle Ringe eindeutig)."
            )
    if not (name or "").strip() or len(name) > 120:
        fehler["name"] = "Bitte einen Namen mit höchstens 120 Zeichen angeben."
    if einheit not in BASISZAHL_EINHEITEN:
        fehler["einheit"] = "Bitte eine Einheit wählen (Anzahl, Euro, Anteil)."
    elif bestehend is not None and einheit != bestehend.einheit and _hat_werte(session, bestehend):
        fehler["einheit"] = "Die Einheit einer Basiszahl mit Werten lässt sich nicht mehr ändern."
    if meldung := pruefe_obergrenze(code, obergrenze, [b.code for b in eigene]):
        fehler["obergrenze"] = meldung
    if len(kategorie or "") > 60:
        fehler["kategorie"] = "Die Kategorie darf höchstens 60 Zeichen haben."
    if fehler:
        raise Eingabefehler(fehler)
    basiszahl = bestehend or RingBasiszahl(ring_id=ring_id, code=code, name="", einheit=einheit)
    basiszahl.name, basiszahl.einheit = name.strip(), einheit
    basiszahl.kategorie, basiszahl.beschreibung = (kategorie or "").strip(), beschreibung or ""
    basiszahl.obergrenze = obergrenze
    session.add(basiszahl)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_basiszahl",
        OBJEKT,
        ring_id,
        {"code": code, "einheit": einheit, "neu": bestehend is None},
        jetzt,
    )
    return basiszahl


def _hat_werte(session: Session, basiszahl: RingBasiszahl) -> bool:
    return bool(
        session.execute(
            select(func.count()).select_from(RingWert).where(RingWert.basiszahl_id == basiszahl.id)
        ).scalar()
    )


def speichere_kennzahl(
    session: Session,
    ring_id: int,
    werte: dict,
    akteur: Akteur,
    jetzt: datetime,
) -> RingKennzahl:
    """Eine neue Kennzahl (Version 1) oder eine neue Version einer bestehenden anlegen.

    `werte`: code, name, kategorie, einheit, richtung, formel, gueltig_ab, gueltig_bis (date |
    None), ba_unterschied. Die Formel wird geparst und gegen den Namensraum des Rings geprüft.
    """
    _darf(akteur, ring_id)
    lade_ring(session, ring_id)
    code = (werte.get("code") or "").strip()
    versionen = list(
        session.execute(
            select(RingKennzahl).where(RingKennzahl.ring_id == ring_id, RingKennzahl.code == code)
        ).scalars()
    )
    version = max((k.version for k in versionen), default=0) + 1
    fehler, _ = pruefe_kennzahl(
        code,
        werte.get("name") or "",
        werte.get("kategorie") or "",
        werte.get("einheit") or "",
        werte.get("richtung") or "",
        werte.get("formel") or "",
        werte.get("gueltig_ab"),
        werte.get("gueltig_bis"),
        namensraum(basiszahlen(session, ring_id)),
        [Zeitraum(k.version, k.gueltig_ab, k.gueltig_bis) for k in versionen],
        version,
    )
    if fehler:
        raise Eingabefehler(fehler)
    kennzahl = RingKennzahl(
        ring_id=ring_id,
        code=code,
        version=version,
        name=werte["name"].strip(),
        kategorie=werte["kategorie"],
        einheit=werte["einheit"],
        richtung=werte["richtung"],
        formel=werte["formel"].strip(),
        gueltig_ab=werte["gueltig_ab"],
        gueltig_bis=werte.get("gueltig_bis"),
        ba_unterschied=(werte.get("ba_unterschied") or "").strip(),
    )
    session.add(kennzahl)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_kennzahl",
        OBJEKT,
        ring_id,
        {"code": code, "version": version, "formel": kennzahl.formel},
        jetzt,
    )
    return kennzahl


def beende_kennzahl(
    session: Session,
    ring_id: int,
    kennzahl_id: int,
    gueltig_bis: date | None,
    ba_unterschied: str,
    akteur: Akteur,
    jetzt: datetime,
) -> RingKennzahl:
    """„Gültig bis“ und den Hinweis zur BA-Definition einer Version ändern (die Formel nie)."""
    _darf(akteur, ring_id)
    kennzahl = session.get(RingKennzahl, kennzahl_id)
    if kennzahl is None or kennzahl.ring_id != ring_id:
        raise Eingabefehler({"kennzahl": "Diese Kennzahl gehört nicht zu diesem Ring."})
    if gueltig_bis is not None and gueltig_bis < kennzahl.gueltig_ab:
        raise Eingabefehler({"gueltig_bis": "„Gültig bis“ liegt vor „gültig ab“."})
    andere = session.execute(
        select(RingKennzahl).where(
            RingKennzahl.ring_id == ring_id,
            RingKennzahl.code == kennzahl.code,
            RingKennzahl.id != kennzahl.id,
        )
    ).scalars()
    neu = Zeitraum(kennzahl.version, kennzahl.gueltig_ab, gueltig_bis)
    for anderer in andere:
        if ueberschneiden(neu, Zeitraum(anderer.version, anderer.gueltig_ab, anderer.gueltig_bis)):
            raise Eingabefehler(
                {
                    "gueltig_bis": "Der Zeitraum überschneidet sich dann mit Version "
                    f"{anderer.version}."
                }
            )
    kennzahl.gueltig_bis = gueltig_bis
    kennzahl.ba_unterschied = (ba_unterschied or "").strip()
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_kennzahl_aendern",
        OBJEKT,
        ring_id,
        {"code": kennzahl.code, "version": kennzahl.version, "gueltig_bis": str(gueltig_bis)},
        jetzt,
    )
    return kennzahl
