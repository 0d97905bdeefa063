"""SQLModel-Tabellen, ein Modul je Aggregat. Der Import hier registriert alle Tabellen in den
Metadaten."""

from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from .audit import AuditEreignis  # noqa: E402
from .basiszahlen import Basiszahl, ImportProtokoll  # noqa: E402
from .benutzer import Benutzer, DrosselEintrag  # noqa: E402
from .bericht import Abonnement, Bericht, BerichtAuftrag  # noqa: E402
from .budget import Ausgabe, Budgetrahmen  # noqa: E402
from .dokument import Anlage, Dokument  # noqa: E402
from .hinweise import Hinweis, StartBesuch  # noqa: E402
from .jobs import Erinnerung, JobLauf, JobMerker, JobSperre  # noqa: E402
from .katalog import KennzahlDefinition  # noqa: E402
from .nachhaltung import (  # noqa: E402
    DialogBestaetigung,
    DialogVersion,
    Jahresergebnis,
    NachhaltungBesuch,
    Zielnachhaltedialog,
)
from .ring import Ring, RingBasiszahl, RingBericht, RingKennzahl, RingMitglied, RingWert  # noqa: E402
from .stammdaten import Land, Traeger  # noqa: E402
from .token import ZugriffsToken  # noqa: E402
from .vereinbarung import (  # noqa: E402
    LandEinstellung,
    Orientierungswert,
    Revision,
    Zielvereinbarung,
    Zielwert,
    Zustandswechsel,
)
from .zeichnung import Freigabe, Personenzertifikat, Zeichnungsbefugnis  # noqa: E402
from .zeitplan import LandZeitplan  # noqa: E402
from .zertifikat import Zertifikat  # noqa: E402

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
