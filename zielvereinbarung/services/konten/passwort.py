"""Passwort-Hashes mit Argon2id (argon2-cffi, Parameter der Bibliothek nach RFC 9106).

Ändern sich die Parameter, wird ein Hash bei der nächsten erfolgreichen Anmeldung erneuert
(`braucht_neuen_hash`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Für unbekannte Benutzernamen wird gegen diesen Hash geprüft, damit die Antwortzeit nicht verrät,
# ob es den Benutzernamen gibt.
_ATTRAPPE = _hasher.hash("attrappe-fuer-unbekannte-benutzer")


def hash_passwort(passwort: str) -> str:
    return _hasher.hash(passwort)


def passwort_stimmt(passwort_hash: str | None, passwort: str) -> bool:
    """Prüft das Passwort; ein fehlender oder kaputter Hash ergibt False (nie eine Ausnahme)."""
    try:
        return _hasher.verify(passwort_hash or _ATTRAPPE, passwort) and passwort_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def braucht_neuen_hash(passwort_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(passwort_hash)
    except InvalidHashError:
        return True
