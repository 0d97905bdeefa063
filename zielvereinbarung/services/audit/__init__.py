"""Das Audit-Protokoll: eine mit HMAC-SHA-256 verkettete Ereignisliste (`kette`), ihre Anker
außerhalb der Datenbank (`anker`), die Prüfung (`pruefung`), die einmalige Umstellung alter
Ketten (`umstellung`) und die Suche (`suche`)."""

from .anker import Anker, lies_anker, verankere, verankere_nach_commit
from .kette import NULL_HASH, SYSTEM, Kopf, berechne_hmac, kopf, protokolliere
from .pruefung import Pruefergebnis, pruefe_kette
from .suche import Ereignisfilter, Ereignisseite, aktionen, suche_ereignisse

__all__ = [
    "NULL_HASH",
    "SYSTEM",
    "Anker",
    "Ereignisfilter",
    "Ereignisseite",
    "Kopf",
    "Pruefergebnis",
    "aktionen",
    "berechne_hmac",
    "kopf",
    "lies_anker",
    "protokolliere",
    "pruefe_kette",
    "suche_ereignisse",
    "verankere",
    "verankere_nach_commit",
]
