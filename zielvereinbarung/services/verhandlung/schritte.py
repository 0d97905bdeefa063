"""Anwendungsfälle der Verhandlung (DOMAIN.md § 5): Angebot, Gegenvorschlag und Annahme. Die
Schritte ohne Werte (Unterschriften, Jahresabschluss) und das gemeinsame Schreiben eines
Zustandswechsels stehen in `zustaende`, das Lesen in `lesen`, Vergleiche in `vergleiche`.

Regeln:
- Nur die Parteien handeln (Land für Träger seines Landes, Träger für sich selbst), sonst
  `KeineBerechtigung`; welche Aktion im Zustand erlaubt ist, entscheidet
  `domain.verhandlung.uebergang` (`UnzulaessigerUebergang`).
- **Optimistisches Sperren**: jede Eingabe nennt `basis_nummer`, die neueste Revision, auf der
  das Formular beruhte. Ist die Vereinbarung weiter, folgt `Konflikt` mit der aktuellen Revision
  und der Eingabe – außer die neueste Revision stammt vom selben Benutzer mit identischen Werten
  (Doppelklick, Zurück-Taste): dann wird sie zurückgegeben und nichts angelegt (`neu=False`).
  Zusätzlich prüft der Versionszähler der Vereinbarung parallele Schreiber (→ `Konflikt`).
- Angebot und Gegenvorschlag legen eine **unveränderliche Revision** mit allen Zielwerten an;
  Basiswert, Orientierungswert und Kontext werden aus der Basisrevision übernommen (sie stammen
  aus dem Entwurf und bleiben eingefroren).
- **Annehmen** heißt: die neueste Revision der Gegenseite unverändert annehmen
  (`vereinbarte_revision_id`); ab `einigung` sind die Werte eingefroren.
- Jede Aktion schreibt einen `Zustandswechsel` und Audit-Ereignisse ('revision',
  'zustandswechsel') und gibt `benachrichtigungen` für die Gegenseite zurück (aktive Benutzer
  mit E-Mail); versendet werden sie vom Aufrufer nach dem Commit.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.texteingabe import texte_bereinigt
from ...domain.ziele import (
    MAX_KOMMENTAR,
    Feldfehler,
    Zielvorgabe,
    bezeichnung,
    normalisiert,
    pruefe_vorgabe,
    pruefe_vorgaben,
)
from ...fehler import FachlicherFehler, Konflikt
from ...format import zahl
from ...models import Revision, Zielwert
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from .lesen import (
    Akteur,
    Eingabe,
    RevisionAnsicht,
    lade_vereinbarung,
    letzte_revision,
    pruefe_partei,
)
from .zustaende import (
    Aktionsergebnis,
    letzter_wechsel,
    schliesse_ab,
    setze_zustand,
    wiederholung,
)

# aus der Basisrevision (dem Entwurf) unverändert in jede neue Revision übernommen
_UEBERNOMMEN = (
    "basiswert",
    "basiswert_vorlaeufig",
    "basiswert_monat",
    "basiswert_grund",
    "orientierungswert",
    "kontext",
)


class UngueltigeVorgaben(FachlicherFehler):
    """Die Eingabe enthält Fehler; `details` sind `Feldfehler` (str mit `.feld`)."""


def _gleich(rev: RevisionAnsicht, vorgaben: list[Zielvorgabe], kommentar: str | None) -> bool:
    return rev.kommentar == kommentar and rev.vorgaben() == vorgaben


def reiche_angebot_ein(
    session: Session,
    vereinbarung_id: int,
    basis_nummer: int,
    vorgaben: Iterable[Zielvorgabe],
    kommentar: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> Aktionsergebnis:
    """Träger: „Angebot einreichen“ (aus `entwurf`) bzw. „neues Angebot einreichen“ (aus
    `gegenvorschlag`)."""
    return _reiche_ein(
        session, vereinbarung_id, basis_nummer, vorgaben, kommentar, akteur, jetzt, "angebot"
    )


def sende_gegenvorschlag(
    session: Session,
    vereinbarung_id: int,
    basis_nummer: int,
    vorgaben: Iterable[Zielvorgabe],
    kommentar: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> Aktionsergebnis:
    """Land: „Gegenvorschlag senden“ (aus `angebot`)."""
    return _reiche_ein(
        session, vereinbarung_id, basis_nummer, vorgaben, kommentar, akteur, jetzt, "gegenvorschlag"
    )


@texte_bereinigt
def _reiche_ein(session, vereinbarung_id, basis_nummer, vorgaben, kommentar, akteur, jetzt, art):
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    letzte = letzte_revision(session, v)
    vorgaben = [normalisiert(x) for x in vorgaben]
    kommentar = (kommentar or "").strip() or None
    if basis_nummer != letzte.nummer:
        if (
            letzte.autor == akteur.benutzername
            and letzte.art == art
            and _gleich(letzte, vorgaben, kommentar)
        ):
            return wiederholung(
                v,
                letzte.nummer,
                f"{letzte.art_bezeichnung} (Revision {letzte.nummer}) war bereits eingereicht; "
                "nichts doppelt angelegt.",
            )
        raise Konflikt(letzte, Eingabe(vorgaben, kommentar, basis_nummer))
    if art == "angebot":
        code = (
            vh.NEUES_ANGEBOT_EINREICHEN if v.zustand == vh.GEGENVORSCHLAG else vh.ANGEBOT_EINREICHEN
        )
    else:
        code = vh.GEGENVORSCHLAG_SENDEN
    nach = vh.uebergang(v.zustand, code, rolle, v.ags is None)
    basis = {z.zielindikator: z for z in letzte.zielwerte}
    fehler = pruefe_vorgaben(vorgaben)
    for x in vorgaben:
        fehler += pruefe_vorgabe(
            x, basis[x.zielindikator].basiswert if x.zielindikator in basis else None
        )
    if kommentar and len(kommentar) > MAX_KOMMENTAR:
        fehler.append(
            Feldfehler("revisionskommentar", f"Kommentar: höchstens {zahl(MAX_KOMMENTAR)} Zeichen.")
        )
    if fehler:
        raise UngueltigeVorgaben("Die Eingabe enthält Fehler; es wurde nichts gespeichert.", fehler)

    rev = Revision(
        vereinbarung_id=gespeicherte_id(v.id),
        nummer=letzte.nummer + 1,
        art=art,
        rolle=rolle,
        autor=akteur.benutzername,
        zeitpunkt=jetzt,
        kommentar=kommentar,
        basis_nummer=basis_nummer,
    )
    von = setze_zustand(session, v, nach, jetzt, rev, Eingabe(vorgaben, kommentar, basis_nummer))
    rev_id = gespeicherte_id(rev.id)
    for i, x in enumerate(vorgaben, start=1):
        b = basis.get(x.zielindikator)  # fehlt nur bei neuen qualitativen Zielen
        kopie = {f: getattr(b, f) for f in _UEBERNOMMEN} if b else {}
        session.add(Zielwert(
            revision_id=rev_id, reihenfolge=i, zielindikator=x.zielindikator,
            bezeichnung=x.bezeichnung or bezeichnung(x.zielindikator), zieltyp=x.zieltyp,
            wert=x.wert, untere=x.untere, obere=x.obere, text=x.text, kommentar=x.kommentar,
            **kopie))  # fmt: skip
    protokolliere(
        session,
        akteur.benutzername,
        "revision",
        "zielvereinbarung",
        v.id,
        {
            "nummer": rev.nummer,
            "art": art,
            "basis_nummer": basis_nummer,
            "kommentar": kommentar,
            "werte": [_audit_wert(x) for x in vorgaben],
        },
        jetzt,
    )
    return schliesse_ab(session, v, traeger, von, code, rolle, akteur, jetzt, rev)


def nimm_an(
    session: Session, vereinbarung_id: int, basis_nummer: int, akteur: Akteur, jetzt: datetime
) -> Aktionsergebnis:
    """Land: „Angebot annehmen“, Träger: „Gegenvorschlag annehmen“ – die neueste Revision der
    Gegenseite (`basis_nummer`) unverändert; sie wird die vereinbarte Revision."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    letzte = letzte_revision(session, v)
    oben = vh.parteien(v.ags is None)[0]
    code = vh.ANGEBOT_ANNEHMEN if rolle == oben else vh.GEGENVORSCHLAG_ANNEHMEN
    if v.vereinbarte_revision_id == letzte.id and basis_nummer == letzte.nummer:
        wiederholt = letzter_wechsel(session, v)
        if wiederholt and wiederholt.aktion == code and wiederholt.akteur == akteur.benutzername:
            return wiederholung(
                v, letzte.nummer, f"Revision {letzte.nummer} war bereits angenommen."
            )
    if basis_nummer != letzte.nummer:
        raise Konflikt(
            letzte,
            None,
            f"Inzwischen liegt Revision {letzte.nummer} vor; bitte prüfen "
            "Sie diese Revision, bevor Sie annehmen.",
        )
    nach = vh.uebergang(v.zustand, code, rolle, v.ags is None)
    if letzte.rolle == rolle:  # durch die Zustandstabelle ausgeschlossen; Schutz gegen Datenfehler
        raise vh.UnzulaessigerUebergang("Angenommen werden kann nur eine Revision der Gegenseite.")
    v.vereinbarte_revision_id = letzte.id
    von = setze_zustand(session, v, nach, jetzt, None, None)
    return schliesse_ab(
        session, v, traeger, von, code, rolle, akteur, jetzt, session.get(Revision, letzte.id)
    )


def _audit_wert(x: Zielvorgabe) -> dict:
    return {
        "zielindikator": x.zielindikator,
        "zieltyp": x.zieltyp,
        **{
            k: (None if getattr(x, k) is None else str(getattr(x, k)))
            for k in ("wert", "untere", "obere", "text", "kommentar")
        },
    }
