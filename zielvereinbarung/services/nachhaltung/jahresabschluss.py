"""Jahresabschluss (DOMAIN.md §§ 1 Nr. 5, 5): das Land schließt das Jahr ab, sobald die Daten für
Dezember vorliegen; das Ergebnis jedes Ziels wird eingefroren (`Jahresergebnis`) und die
Vereinbarung geht über `wechsle_zustand` („Jahresabschluss“) nach `abgeschlossen`.

Eingefroren wird, was die Nachhaltung im Dezember zeigt: Wert, Vorjahr, Veränderung, Basiswert,
Zielniveau, Zielerreichungsgrad, Status (erreicht/knapp/verfehlt), beim Korridor die Lage,
dazu der Datenstand, auf dem es beruht, und – für geänderte Ziele – die Änderungsvereinbarung.
Spätere Datenstände ändern es nicht.
Nur `flush()`; der Aufrufer schreibt fest und versendet die Benachrichtigungen danach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.ziele import QUALITATIV, einheit_text
from ...format import LEER, prozent, veraenderung
from ...models import Jahresergebnis, Traeger
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..verhandlung.lesen import lade_vereinbarung
from ..verhandlung.zustaende import Aktionsergebnis, wechsle_zustand
from .anzeige import STATUS_KLASSE, datum_text
from .daten import berechne


@dataclass(frozen=True)
class JahresergebnisZeile:
    bezeichnung: str
    wert: str
    veraenderung: str
    zielniveau: str
    grad: str
    status: str
    status_klasse: str
    datenstand: str
    festgestellt: str
    zielindikator: str = ""
    roh: dict = field(default_factory=dict)  # ungerundet: wert, veraenderung, zielniveau, grad
    aenderung: str | None = None  # „geändert durch Änderungsvereinbarung Nr. 1 vom …“


def schliesse_jahr_ab(
    session: Session, vereinbarung_id: int, akteur: Akteur, jetzt: datetime
) -> tuple[Aktionsergebnis, list[Jahresergebnis]]:
    """Zustand `unterzeichnet` → `abgeschlossen` (nur das Land, nur mit Dezemberdaten) und die
    Jahresergebnisse einfrieren. Ein wiederholter Aufruf legt nichts doppelt an."""
    ergebnis = wechsle_zustand(session, vereinbarung_id, vh.JAHRESABSCHLUSS, akteur, jetzt)
    if not ergebnis.neu:
        return ergebnis, []
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    assert isinstance(traeger, Traeger)  # Jahresabschluss nur zwischen Land und Träger
    daten = berechne(session, [traeger], v.jahr, 12)
    stand = daten.traeger[traeger.ags]
    zeilen = []
    for s in stand.staende:
        if stand.vereinbarung is None:
            break
        z = Jahresergebnis(
            vereinbarung_id=gespeicherte_id(v.id),
            zielindikator=s.zielindikator,
            bezeichnung=s.bezeichnung,
            zieltyp=s.zieltyp,
            wert=s.wert,
            vorjahr=s.vorjahr,
            veraenderung=s.veraenderung,
            basiswert=s.basiswert,
            zielniveau=s.zielniveau,
            grad=s.grad,
            status=s.status,
            korridor_lage=s.korridor_lage,
            grund="; ".join(s.gruende.values()) or None,
            datenstand=None if s.zieltyp == QUALITATIV else stand.datenstand(s.zielindikator),
            aenderung=stand.vereinbarung.geaendert.get(s.zielindikator),
            festgestellt_am=jetzt,
            festgestellt_von=akteur.benutzername,
        )
        session.add(z)
        zeilen.append(z)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "jahresergebnis",
        "zielvereinbarung",
        v.id,
        {
            z.zielindikator: {"wert": z.wert, "grad": z.grad, "status": z.status}
            | ({"aenderung": z.aenderung} if z.aenderung else {})
            for z in zeilen
        },
        jetzt,
    )
    return ergebnis, zeilen


def jahresergebnis_zeilen(ergebnisse: list[Jahresergebnis]) -> tuple[JahresergebnisZeile, ...]:
    def einheit(z: Jahresergebnis, wert) -> str:
        if z.zieltyp == QUALITATIV or wert is None:
            return LEER
        return einheit_text(z.zielindikator, wert)

    return tuple(
        JahresergebnisZeile(
            z.bezeichnung,
            einheit(z, z.wert),
            veraenderung(z.veraenderung),
            einheit(z, z.zielniveau),
            prozent(z.grad),
            z.status or ("Feststellung der Parteien" if z.zieltyp == QUALITATIV else "ohne Ziel"),
            STATUS_KLASSE.get(z.status or "", "neutral"),
            datum_text(z.datenstand),
            f"{datum_text(z.festgestellt_am)} von {z.festgestellt_von}",
            z.zielindikator,
            {}
            if z.zieltyp == QUALITATIV
            else {
                "wert": z.wert,
                "veraenderung": z.veraenderung,
                "zielniveau": z.zielniveau,
                "grad": z.grad,
            },
            z.aenderung,
        )
        for z in ergebnisse
    )
