"""Passwort-Hashes mit Argon2id (argon2-cffi).

Parameter: das Profil `ZV_ARGON2_PROFIL` (`config.ARGON2_PROFILE`) – im Betrieb immer `standard`,
die Parameter der Bibliothek nach RFC 9106; `test` (billig) nur in Tests, im Produktionsbetrieb
verweigert. Ändern sich die Parameter, wird ein Hash bei der nächsten erfolgreichen Anmeldung
erneuert (`braucht_neuen_hash`).
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ...config import ARGON2_PROFILE, konfiguration


@cache
def _hasher_fuer(profil: str) -> tuple[PasswordHasher, str]:
    """(Hasher, Attrappe): gegen die Attrappe wird für unbekannte Benutzernamen geprüft, damit die
    Antwortzeit nicht verrät, ob es den Benutzernamen gibt."""
    hasher = PasswordHasher(**ARGON2_PROFILE[profil])
    return hasher, hasher.hash("attrappe-fuer-unbekannte-benutzer")


def _hasher() -> tuple[PasswordHasher, str]:
    k = konfiguration()
    k.pruefe_argon2_profil()
    return _hasher_fuer(k.argon2_profil)


def hash_passwort(passwort: str) -> str:
    return _hasher()[0].hash(passwort)


def passwort_stimmt(passwort_hash: str | None, passwort: str) -> bool:
    """Prüft das Passwort; ein fehlender oder kaputter Hash ergibt False (nie eine Ausnahme)."""
    hasher, attrappe = _hasher()
    try:
        return hasher.verify(passwort_hash or attrappe, passwort) and passwort_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def braucht_neuen_hash(passwort_hash: str) -> bool:
    try:
        return _hasher()[0].check_needs_rehash(passwort_hash)
    except InvalidHashError:
        return True
