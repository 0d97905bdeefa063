"""Der Stand des Budgetrahmens für Nachhaltung, Fortschrittsbericht und Zielnachhaltedialog
(DOMAIN.md § 10): je Topf Budget, ausgegeben Januar bis Monat, Anteil, Projektion auf Dezember
mit Methode. Fertig formatiert (`documents.berichtsmodell.BudgetStand`); nur lesend.

Der Monat ist der letzte Monat bis `bis_monat` (Standard: Dezember), für den Ausgaben gemeldet
sind – Ausgaben und Basiszahlen kommen nicht immer gleichzeitig.
"""

from __future__ import annotations

from fractions import Fraction

from sqlmodel import Session

from ...documents.berichtsmodell import BudgetStand, BudgetZeile
from ...domain.budget import LINEAR, METHODEN, SAISONAL, TOEPFE, TOPF_NAMEN, topfstand
from ...format import LEER, MONATSNAMEN, datum, euro, prozent
from .ausgaben import geltende_ausgaben
from .rahmen import geltendes_budget

METHODE_KURZ = {SAISONAL: "Saisonmuster des Vorjahres", LINEAR: "linear"}


def _euro(cent: int | None) -> str:
    return LEER if cent is None else euro(Fraction(cent, 100))


def _monate(ausgaben: dict, ags: str, jahr: int, topf: str) -> dict[int, int | None]:
    werte: dict[int, int | None] = {}
    for m in range(1, 13):
        a = ausgaben.get((ags, f"{jahr}-{m:02d}"))
        werte[m] = None if a is None else getattr(a, topf)
    return werte


def budget_stand(
    session: Session, ags: str, jahr: int, bis_monat: int | None = None
) -> BudgetStand | None:
    """None, wenn weder ein Budgetrahmen noch Ausgaben des Jahres vorliegen."""
    budget = geltendes_budget(session, ags, jahr)
    ausgaben = geltende_ausgaben(session, [ags], f"{jahr - 1}-01", f"{jahr}-12")
    grenze = bis_monat or 12
    gemeldet = [m for m in range(1, grenze + 1) if (ags, f"{jahr}-{m:02d}") in ausgaben]
    if budget is None and not gemeldet:
        return None
    m = max(gemeldet) if gemeldet else None
    zeilen, methoden = [], []
    for topf in TOEPFE:
        geplant = None if budget is None else getattr(budget, topf)
        if m is None:
            zeilen.append(
                BudgetZeile(TOPF_NAMEN[topf], _euro(geplant), LEER, LEER, LEER, LEER, LEER)
            )
            continue
        stand = topfstand(
            topf,
            geplant,
            _monate(ausgaben, ags, jahr, topf),
            m,
            _monate(ausgaben, ags, jahr - 1, topf),
        )
        hinweis = None
        if stand.fehlende_monate:
            namen = ", ".join(MONATSNAMEN[i - 1] for i in stand.fehlende_monate)
            hinweis = f"Ausgaben für {namen} nicht gemeldet: keine Projektion"
        elif stand.ausgegeben is None:
            hinweis = "nicht gemeldet"
        methode = stand.projektion.methode
        if methode and METHODEN[methode] not in methoden:
            methoden.append(METHODEN[methode])
        zeilen.append(
            BudgetZeile(
                TOPF_NAMEN[topf],
                _euro(geplant),
                _euro(stand.ausgegeben),
                prozent(stand.anteil),
                _euro(stand.projektion.cent),
                prozent(stand.anteil_projektion),
                METHODE_KURZ.get(methode or "", LEER),
                hinweis,
            )
        )
    if m is None:
        bis = "noch keine Ausgaben gemeldet"
        datenstand = LEER
    else:
        bis = f"Januar bis {MONATSNAMEN[m - 1]} {jahr}" if m > 1 else f"Januar {jahr}"
        staende = [
            a.datenstand
            for (_, monat), a in ausgaben.items()
            if monat.startswith(f"{jahr}-") and int(monat[5:]) <= m
        ]
        datenstand = datum(max(staende))
    return BudgetStand(jahr, bis, tuple(zeilen), tuple(methoden), datenstand, budget is None)


def budget_zum_datenstand(
    session: Session, ags: str, jahr: int, monat: str | None
) -> BudgetStand | None:
    """Für den Zielnachhaltedialog: der Stand bis zum Monat des Dialogs („JJJJ-MM“ im Jahr der
    Vereinbarung; sonst bis zum letzten gemeldeten Monat)."""
    text = (monat or "").strip()
    bis = None
    if len(text) == 7 and text[:4] == str(jahr) and text[4] == "-" and text[5:].isdigit():
        bis = int(text[5:]) if 1 <= int(text[5:]) <= 12 else None
    return budget_stand(session, ags, jahr, bis)


def budget_kurztext(stand: BudgetStand | None) -> str | None:
    """Eine Zeile für einen Zielnachhaltedialog: „Budget (Januar bis Juni 2026):
    Eingliederungsmittel 48,2 % ausgegeben, projiziert 101,3 % (Saisonmuster des Vorjahres); …“."""
    if stand is None or stand.bis == "noch keine Ausgaben gemeldet":
        return None
    teile = []
    for z in stand.zeilen:
        if stand.ohne_budget:
            teile.append(f"{z.topf} {z.ausgegeben} ausgegeben, projiziert {z.projektion}")
        else:
            teile.append(
                f"{z.topf} {z.anteil} ausgegeben, projiziert {z.anteil_projektion} ({z.methode})"
            )
    return f"Budget ({stand.bis}): " + "; ".join(teile)


def dialog_budgets(session: Session, ags: str, jahr: int, dialoge) -> dict[int, str]:
    """Je Zielnachhaltedialog (id) der Budgetstand zu seinem Datenstand (`budget_kurztext`)."""
    texte = {}
    for d in dialoge:
        text = budget_kurztext(budget_zum_datenstand(session, ags, jahr, d.datenstand))
        if text:
            texte[d.id] = text
    return texte
