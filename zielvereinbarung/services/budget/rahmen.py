"""Der Budgetrahmen je Träger und Jahr: lesen und (als Land) erfassen.

- Es gilt die neueste Erfassung (`models.budget.Budgetrahmen`, nie überschrieben).
- Erfassen dürfen Administration und das Land des Trägers (nie Leser, nie der Träger, der ihn
  nur sieht). Gesperrt, sobald die Zielvereinbarung des Trägers für das Jahr geeinigt ist: der
  Budgetrahmen steht in den Rahmenbedingungen des Dokuments, das dann ausgestellt wird.
- Jede Änderung steht im Audit-Protokoll (Aktion `budgetrahmen`, alte und neue Werte in Cent).
Flush, nie Commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur, darf_land_aendern
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...models import Budgetrahmen, Traeger, Zielvereinbarung
from ..audit.kette import protokolliere

OFFEN = (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG)
QUELLEN = {"formular": "im Formular", "import": "per Import", "demo": "Demodaten"}
MAX_CENT = 10**15


@dataclass(frozen=True)
class Budgetwerte:
    eingliederung: int  # Cent
    verwaltung: int  # Cent


def geltende_budgets(session: Session, ags: Iterable[str], jahr: int) -> dict[str, Budgetrahmen]:
    """Je Träger der geltende (neueste) Budgetrahmen des Jahres."""
    liste = sorted(set(ags))
    if not liste:
        return {}
    ergebnis: dict[str, Budgetrahmen] = {}
    for b in session.scalars(
        select(Budgetrahmen)
        .where(col(Budgetrahmen.ags).in_(liste), col(Budgetrahmen.jahr) == jahr)
        .order_by(col(Budgetrahmen.id))
    ):
        ergebnis[b.ags] = b
    return ergebnis


def budget_json(b: Budgetrahmen | None) -> dict | None:
    """{"eingliederung": "1234.56", "verwaltung": "…"} in Euro, exakt als Text; sonst None."""
    if b is None:
        return None
    return {
        "eingliederung": format(Decimal(b.eingliederung).scaleb(-2), "f"),
        "verwaltung": format(Decimal(b.verwaltung).scaleb(-2), "f"),
    }


def geltendes_budget(session: Session, ags: str, jahr: int) -> Budgetrahmen | None:
    return geltende_budgets(session, [ags], jahr).get(ags)


def sperrgrund(session: Session, ags: str, jahr: int) -> str | None:
    """Warum der Budgetrahmen nicht mehr geändert werden kann (oder None)."""
    zustand = session.scalar(
        select(col(Zielvereinbarung.zustand)).where(
            col(Zielvereinbarung.ags) == ags,
            col(Zielvereinbarung.jahr) == jahr,
            col(Zielvereinbarung.aenderung_von_id).is_(None),
        )
    )
    if zustand is None or zustand in OFFEN:
        return None
    return (
        f"Die Zielvereinbarung {jahr} ist im Stand „{vh.zustand_bezeichnung(zustand)}“; der "
        "Budgetrahmen steht in ihren Rahmenbedingungen und lässt sich nicht mehr ändern."
    )


def pruefe_erfassen(akteur: Akteur | None, traeger: Traeger) -> None:
    """Administration und das Land des Trägers (Kommandozeile: akteur None)."""
    if akteur is not None and not darf_land_aendern(akteur, traeger.land_code):
        raise KeineBerechtigung(
            "Den Budgetrahmen erfasst das Land des Trägers; Ihre Rolle darf ihn nur sehen."
        )


def pruefe_werte(werte: Budgetwerte) -> None:
    for name, wert in (("Eingliederungsmittel", werte.eingliederung),
                       ("Verwaltungsmittel", werte.verwaltung)):  # fmt: skip
        if wert < 0 or wert > MAX_CENT:
            raise FachlicherFehler(f"{name}: der Betrag muss zwischen 0 und 10 Billionen € liegen.")


def schreibe(
    session: Session,
    ags: str,
    jahr: int,
    werte: Budgetwerte,
    benutzer: str,
    jetzt: datetime,
    quelle: str,
    import_id: int | None = None,
) -> bool:
    """Neue Fassung, wenn sie sich von der geltenden unterscheidet; True, wenn geschrieben.
    Ohne Rechteprüfung und Sperre (die prüfen die Aufrufer)."""
    alt = geltendes_budget(session, ags, jahr)
    if alt is not None and (alt.eingliederung, alt.verwaltung) == (
        werte.eingliederung,
        werte.verwaltung,
    ):
        return False
    neu = Budgetrahmen(
        ags=ags,
        jahr=jahr,
        eingliederung=werte.eingliederung,
        verwaltung=werte.verwaltung,
        quelle=quelle,
        import_id=import_id,
        benutzer=benutzer[:120],
        zeitpunkt=jetzt,
    )
    session.add(neu)
    session.flush()
    protokolliere(
        session,
        benutzer,
        "budgetrahmen",
        "traeger",
        ags,
        {
            "jahr": jahr,
            "quelle": quelle,
            "eingliederung_cent": werte.eingliederung,
            "verwaltung_cent": werte.verwaltung,
            "vorher": None
            if alt is None
            else {"eingliederung_cent": alt.eingliederung, "verwaltung_cent": alt.verwaltung},
        },
        jetzt,
    )
    return True


def vereinbarung_fuer_budget(
    session: Session, vereinbarung_id: int
) -> tuple[Zielvereinbarung, Traeger]:
    zeile = session.execute(
        select(Zielvereinbarung, Traeger)
        .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
        .where(col(Zielvereinbarung.id) == vereinbarung_id)
    ).first()
    if zeile is None:
        raise NichtGefunden(f"Die Zielvereinbarung {vereinbarung_id} gibt es nicht.")
    return zeile[0], zeile[1]


def setze_budget(
    session: Session, vereinbarung_id: int, werte: Budgetwerte, akteur: Akteur, jetzt: datetime
) -> bool:
    """Budgetrahmen einer Zielvereinbarung im Formular erfassen (Land); True, wenn geändert."""
    v, traeger, _ = budget_zum_bearbeiten(session, vereinbarung_id, akteur)
    pruefe_werte(werte)
    return schreibe(session, traeger.ags, v.jahr, werte, akteur.benutzername, jetzt, "formular")


@dataclass(frozen=True)
class BudgetAnsicht:
    """Der Budgetrahmen auf der Seite einer Zielvereinbarung (Land erfasst, Träger sieht)."""

    jahr: int
    eingliederung: int | None  # Cent
    verwaltung: int | None
    erfasst: str | None  # „von land-ni am …“
    darf_aendern: bool
    sperrgrund: str | None


def budget_ansicht(session: Session, vereinbarung_id: int, akteur: Akteur) -> BudgetAnsicht | None:
    """Für ursprüngliche Zielvereinbarungen; Änderungsvereinbarungen haben keinen eigenen. Das
    Leserecht prüft der Aufrufer (die Seite der Vereinbarung)."""
    v, traeger = vereinbarung_fuer_budget(session, vereinbarung_id)
    if v.aenderung_von_id is not None:
        return None
    b = geltendes_budget(session, traeger.ags, v.jahr)
    grund = sperrgrund(session, traeger.ags, v.jahr)
    return BudgetAnsicht(
        v.jahr,
        None if b is None else b.eingliederung,
        None if b is None else b.verwaltung,
        None if b is None else f"{b.benutzer} ({QUELLEN.get(b.quelle, b.quelle)})",
        grund is None and darf_land_aendern(akteur, traeger.land_code),
        grund,
    )


def budget_zum_bearbeiten(
    session: Session, vereinbarung_id: int, akteur: Akteur
) -> tuple[Zielvereinbarung, Traeger, Budgetrahmen | None]:
    """Für das Formular: Rechte und Sperre prüfen wie beim Speichern."""
    v, traeger = vereinbarung_fuer_budget(session, vereinbarung_id)
    pruefe_erfassen(akteur, traeger)
    if v.aenderung_von_id is not None:
        raise FachlicherFehler(
            "Der Budgetrahmen gehört zur ursprünglichen Zielvereinbarung, nicht zur "
            "Änderungsvereinbarung."
        )
    grund = sperrgrund(session, traeger.ags, v.jahr)
    if grund:
        raise FachlicherFehler(grund)
    return v, traeger, geltendes_budget(session, traeger.ags, v.jahr)
