"""SQLModel-Tabellen, ein Modul je Aggregat.

Die Module werden erst geladen, wenn eine ihrer Klassen gebraucht wird (`from
zielvereinbarung.models import Basiszahl` lädt nur `basiszahlen` und die Module, auf deren
Tabellen es verweist): ein Befehl wie `flask zv kennzahlen` baut so nicht alle Tabellenklassen
auf. Wer alle Tabellen in `SQLModel.metadata` braucht (Alembic, Sicherung, Schema in Tests),
ruft `alle_tabellen()`. Verweist eine Tabelle per Fremdschlüssel auf eine andere, lädt ihr Modul
deren Modul mit (`from . import stammdaten  # noqa: F401`), sonst scheiterten `flush()` und Joins
in einem Prozess, der nur dieses Modul kennt (tests/unit/test_models_laden.py prüft das).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from sqlalchemy import MetaData
from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

if TYPE_CHECKING:
    from .audit import AuditEreignis
    from .basiszahlen import Basiszahl, ImportProtokoll
    from .benutzer import Benutzer, DrosselEintrag
    from .bericht import Abonnement, Bericht, BerichtAuftrag
    from .budget import Ausgabe, Budgetrahmen
    from .dokument import Anlage, Dokument
    from .hinweise import Hinweis, StartBesuch
    from .jobs import Erinnerung, JobLauf, JobMerker, JobSperre
    from .katalog import KennzahlDefinition
    from .nachhaltung import (
        DialogBestaetigung,
        DialogVersion,
        Jahresergebnis,
        NachhaltungBesuch,
        Zielnachhaltedialog,
    )
    from .ring import Ring, RingBasiszahl, RingBericht, RingKennzahl, RingMitglied, RingWert
    from .stammdaten import Land, Traeger
    from .token import ZugriffsToken
    from .vereinbarung import (
        LandEinstellung,
        Orientierungswert,
        Revision,
        Zielvereinbarung,
        Zielwert,
        Zustandswechsel,
    )
    from .zeichnung import Freigabe, Personenzertifikat, Zeichnungsbefugnis
    from .zeitplan import LandZeitplan
    from .zertifikat import Zertifikat

# Klasse → Modul dieses Pakets, das sie definiert
_MODUL: dict[str, str] = {
    "AuditEreignis": "audit",
    "Basiszahl": "basiszahlen",
    "ImportProtokoll": "basiszahlen",
    "Benutzer": "benutzer",
    "DrosselEintrag": "benutzer",
    "Abonnement": "bericht",
    "Bericht": "bericht",
    "BerichtAuftrag": "bericht",
    "Ausgabe": "budget",
    "Budgetrahmen": "budget",
    "Anlage": "dokument",
    "Dokument": "dokument",
    "Hinweis": "hinweise",
    "StartBesuch": "hinweise",
    "Erinnerung": "jobs",
    "JobLauf": "jobs",
    "JobMerker": "jobs",
    "JobSperre": "jobs",
    "KennzahlDefinition": "katalog",
    "DialogBestaetigung": "nachhaltung",
    "DialogVersion": "nachhaltung",
    "Jahresergebnis": "nachhaltung",
    "NachhaltungBesuch": "nachhaltung",
    "Zielnachhaltedialog": "nachhaltung",
    "Ring": "ring",
    "RingBasiszahl": "ring",
    "RingBericht": "ring",
    "RingKennzahl": "ring",
    "RingMitglied": "ring",
    "RingWert": "ring",
    "Land": "stammdaten",
    "Traeger": "stammdaten",
    "ZugriffsToken": "token",
    "LandEinstellung": "vereinbarung",
    "Orientierungswert": "vereinbarung",
    "Revision": "vereinbarung",
    "Zielvereinbarung": "vereinbarung",
    "Zielwert": "vereinbarung",
    "Zustandswechsel": "vereinbarung",
    "Freigabe": "zeichnung",
    "Personenzertifikat": "zeichnung",
    "Zeichnungsbefugnis": "zeichnung",
    "LandZeitplan": "zeitplan",
    "Zertifikat": "zertifikat",
}

__all__ = [
    "Land",
    "Traeger",
    "Basiszahl",
    "ImportProtokoll",
    "KennzahlDefinition",
    "Benutzer",
    "Budgetrahmen",
    "Ausgabe",
    "DrosselEintrag",
    "AuditEreignis",
    "SQLModel",
    "alle_tabellen",
    "LandEinstellung",
    "Orientierungswert",
    "Revision",
    "Zielvereinbarung",
    "Zielwert",
    "Zustandswechsel",
    "Jahresergebnis",
    "NachhaltungBesuch",
    "Zielnachhaltedialog",
    "DialogBestaetigung",
    "DialogVersion",
    "Abonnement",
    "Bericht",
    "BerichtAuftrag",
    "Erinnerung",
    "JobLauf",
    "JobMerker",
    "JobSperre",
    "Anlage",
    "Dokument",
    "Zertifikat",
    "Hinweis",
    "StartBesuch",
    "LandZeitplan",
    "Freigabe",
    "Personenzertifikat",
    "Ring",
    "RingBasiszahl",
    "RingBericht",
    "RingKennzahl",
    "RingMitglied",
    "RingWert",
    "Zeichnungsbefugnis",
    "ZugriffsToken",
]


def __getattr__(name: str) -> object:
    """Lädt das Modul einer Tabellenklasse beim ersten Zugriff (PEP 562)."""
    modul = _MODUL.get(name)
    if modul is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{modul}"), name)


def alle_tabellen() -> MetaData:
    """`SQLModel.metadata` mit allen Tabellen der Anwendung."""
    for modul in sorted(set(_MODUL.values())):
        import_module(f"{__name__}.{modul}")
    return SQLModel.metadata
