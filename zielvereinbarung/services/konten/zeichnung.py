"""Zeichnungsbefugnis erteilen, entziehen, abfragen (DOMAIN.md § 6a; Regeln: `domain.zeichnung`).

- Eine Befugnis gilt für die Organisation des Kontos (Träger-Konto: sein Träger, Land-Konto: sein
  Land) und nur, solange das Konto aktiv ist und zu dieser Organisation gehört. Ändert sich Rolle
  oder Bereich eines Kontos oder wird es deaktiviert, endet die Befugnis (`beende_befugnisse`).
- Erteilen und Entziehen stehen im Audit-Protokoll (`zeichnungsbefugnis_erteilt`,
  `zeichnungsbefugnis_entzogen`); Befugnisse werden nie gelöscht, damit nachprüfbar bleibt, wer
  zu einem Zeitpunkt unterzeichnen durfte (`war_zeichnungsberechtigt`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from ...domain import zeichnung as regeln
from ...domain.berechtigung import LAND, Akteur
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...models import Benutzer, Land, Traeger, Zeichnungsbefugnis
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere

MAX_FUNKTION = 120


@dataclass(frozen=True)
class Zeichnende:
    """Wer für eine Organisation unterzeichnet: Konto, Name, Funktion (für den Signaturblock)."""

    benutzername: str
    name: str
    funktion: str | None
    befugnis_id: int

    @property
    def beschreibung(self) -> str:
        """„Maria Muster, Landrätin“ (ohne Funktion nur der Name)."""
        return f"{self.name}, {self.funktion}" if self.funktion else self.name


def _bedingung(org: regeln.Organisation):
    if org.land_code:
        return Zeichnungsbefugnis.land_code == org.land_code
    if org.traeger_ags:
        return Zeichnungsbefugnis.traeger_ags == org.traeger_ags
    # BMAS: weder Land noch Träger
    return col(Zeichnungsbefugnis.land_code).is_(None) & col(Zeichnungsbefugnis.traeger_ags).is_(
        None
    )


def offene_befugnis(session: Session, benutzer: Benutzer) -> Zeichnungsbefugnis | None:
    """Die geltende Befugnis des Kontos für seine Organisation (None: keine)."""
    org = regeln.organisation_des_kontos(benutzer.rolle, benutzer.land_code, benutzer.traeger_ags)
    if org is None or not benutzer.aktiv:
        return None
    return session.exec(
        select(Zeichnungsbefugnis).where(
            Zeichnungsbefugnis.benutzer_id == benutzer.id,
            col(Zeichnungsbefugnis.entzogen_am).is_(None),
            _bedingung(org),
        )
    ).first()


def _konto(session: Session, benutzername: str) -> Benutzer | None:
    return session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first()


def zeichnende(session: Session, akteur: Akteur | None) -> Zeichnende | None:
    """Der handelnde Benutzer als zeichnungsberechtigte Person seiner Organisation, sonst None."""
    benutzer = _konto(session, akteur.benutzername) if akteur else None
    if benutzer is None:
        return None
    befugnis = offene_befugnis(session, benutzer)
    if befugnis is None:
        return None
    return Zeichnende(
        benutzer.benutzername, benutzer.name, befugnis.funktion, gespeicherte_id(befugnis.id)
    )


def verlange_zeichnende(
    session: Session, akteur: Akteur, partei: str, organisation_name: str
) -> Zeichnende:
    """Wie `zeichnende`, aber `KeineBerechtigung` (403), wenn der Akteur nicht für die Partei
    zeichnungsberechtigt ist."""
    person = zeichnende(session, akteur)
    if person is None or akteur.rolle != partei:
        raise KeineBerechtigung(
            f"Sie sind nicht zeichnungsberechtigt für {organisation_name}; unterzeichnen kann "
            "nur, wem die Administration (oder das Land) die Zeichnungsbefugnis erteilt hat."
        )
    return person


def hole_konto(session: Session, benutzer_id: int) -> Benutzer:
    benutzer = session.get(Benutzer, benutzer_id) if 0 < benutzer_id < 2**31 else None
    if benutzer is None:
        raise NichtGefunden(f"Benutzer {benutzer_id} gibt es nicht.")
    return benutzer


def darf_verwalten(session: Session, benutzer_id: int, akteur: Akteur) -> Benutzer:
    """Das Zielkonto, wenn `akteur` seine Befugnis verwalten darf (sonst 404/403)."""
    ziel = hole_konto(session, benutzer_id)
    pruefe_verwaltung(session, akteur, ziel)
    return ziel


def pruefe_verwaltung(session: Session, akteur: Akteur, ziel: Benutzer) -> None:
    """`KeineBerechtigung`, wenn `akteur` die Befugnis von `ziel` nicht verwalten darf."""
    grund = regeln.warum_nicht_verwalten(
        akteur, zeichnende(session, akteur) is not None and akteur.rolle == LAND,
        ziel.benutzername, ziel.rolle, ziel.land_code,
    )  # fmt: skip
    if grund:
        raise KeineBerechtigung(grund)


def organisationsname(session: Session, org: regeln.Organisation) -> str:
    if org == regeln.BMAS:
        return "das BMAS"
    if org.land_code:
        land = session.get(Land, org.land_code)
        return f"das Land {land.name if land else org.land_code}"
    traeger = session.get(Traeger, org.traeger_ags)
    return traeger.name if traeger else f"den Träger {org.traeger_ags}"


def erteile(
    session: Session, benutzer_id: int, funktion: str | None, akteur: Akteur,
    jetzt: datetime,
) -> Zeichnungsbefugnis:  # fmt: skip
    """Das Konto wird zeichnungsberechtigt für seine Organisation (`funktion` im Signaturblock)."""
    ziel = hole_konto(session, benutzer_id)
    pruefe_verwaltung(session, akteur, ziel)
    org = regeln.organisation_des_kontos(ziel.rolle, ziel.land_code, ziel.traeger_ags)
    if org is None:
        raise FachlicherFehler(
            f"{ziel.name} ({ziel.benutzername}) handelt für keine Vertragspartei; "
            "zeichnungsberechtigt sein können nur Konten mit der Rolle Land, Träger oder BMAS."
        )
    if not ziel.aktiv:
        raise FachlicherFehler(f"Das Konto {ziel.benutzername} ist deaktiviert.")
    funktion = " ".join((funktion or "").split()) or None
    if funktion and len(funktion) > MAX_FUNKTION:
        raise FachlicherFehler(f"Die Funktion darf höchstens {MAX_FUNKTION} Zeichen lang sein.")
    if offene_befugnis(session, ziel) is not None:
        raise FachlicherFehler(
            f"{ziel.name} ist bereits zeichnungsberechtigt für {organisationsname(session, org)}."
        )
    befugnis = Zeichnungsbefugnis(
        benutzer_id=gespeicherte_id(ziel.id), land_code=org.land_code, traeger_ags=org.traeger_ags,
        funktion=funktion, erteilt_am=jetzt, erteilt_von=akteur.benutzername,
    )  # fmt: skip
    session.add(befugnis)
    session.flush()
    protokolliere(session, akteur.benutzername, "zeichnungsbefugnis_erteilt", "benutzer", ziel.id,
                  {"benutzername": ziel.benutzername, "land_code": org.land_code,
                   "traeger_ags": org.traeger_ags, "funktion": funktion,
                   "befugnis_id": befugnis.id}, jetzt)  # fmt: skip
    return befugnis


def entziehe(
    session: Session, benutzer_id: int, akteur: Akteur, jetzt: datetime
) -> Zeichnungsbefugnis:
    """Die geltende Befugnis des Kontos endet jetzt."""
    ziel = hole_konto(session, benutzer_id)
    pruefe_verwaltung(session, akteur, ziel)
    befugnis = offene_befugnis(session, ziel)
    if befugnis is None:
        raise FachlicherFehler(f"{ziel.name} ist nicht zeichnungsberechtigt.")
    _beende(session, befugnis, ziel, akteur.benutzername, jetzt, "entzogen")
    return befugnis


def _beende(session, befugnis, ziel: Benutzer, akteur: str, jetzt: datetime, grund: str) -> None:
    befugnis.entzogen_am, befugnis.entzogen_von = jetzt, akteur
    session.add(befugnis)
    session.flush()
    protokolliere(session, akteur, "zeichnungsbefugnis_entzogen", "benutzer", ziel.id,
                  {"benutzername": ziel.benutzername, "land_code": befugnis.land_code,
                   "traeger_ags": befugnis.traeger_ags, "befugnis_id": befugnis.id,
                   "grund": grund}, jetzt)  # fmt: skip


def beende_befugnisse(
    session: Session, benutzer: Benutzer, akteur: str, jetzt: datetime, grund: str
) -> None:
    """Alle offenen Befugnisse des Kontos enden (Rolle/Bereich geändert, Konto deaktiviert)."""
    for befugnis in session.exec(
        select(Zeichnungsbefugnis).where(
            col(Zeichnungsbefugnis.benutzer_id) == benutzer.id,
            col(Zeichnungsbefugnis.entzogen_am).is_(None),
        )
    ).all():
        _beende(session, befugnis, benutzer, akteur, jetzt, grund)


def befugnisse_zum_zeitpunkt(
    session: Session, org: regeln.Organisation, zeitpunkt: datetime | None
) -> list[Zeichnungsbefugnis]:
    """Befugnisse für `org`, die zum `zeitpunkt` galten (None: jemals)."""
    abfrage = select(Zeichnungsbefugnis).where(_bedingung(org))
    if zeitpunkt is not None:
        abfrage = abfrage.where(
            Zeichnungsbefugnis.erteilt_am <= zeitpunkt,
            or_(
                col(Zeichnungsbefugnis.entzogen_am).is_(None),
                col(Zeichnungsbefugnis.entzogen_am) > zeitpunkt,
            ),
        )
    return list(session.exec(abfrage))


def zeichnungsberechtigte(session: Session, org: regeln.Organisation) -> list[Zeichnende]:
    """Alle, die jetzt für `org` unterzeichnen dürfen (aktive Konten derselben Organisation)."""
    zeilen = session.exec(
        select(Benutzer, Zeichnungsbefugnis)
        .join(Zeichnungsbefugnis, col(Zeichnungsbefugnis.benutzer_id) == col(Benutzer.id))
        .where(col(Zeichnungsbefugnis.entzogen_am).is_(None), _bedingung(org), col(Benutzer.aktiv))
        .order_by(Benutzer.name)
    ).all()
    return [
        Zeichnende(b.benutzername, b.name, z.funktion, gespeicherte_id(z.id))
        for b, z in zeilen
        if regeln.organisation_des_kontos(b.rolle, b.land_code, b.traeger_ags) == org
    ]
