"""Anmeldung, Abmeldung und das eigene Passwort."""

from . import (
    oidc,  # noqa: E402  (Routen der Anmeldung über OpenID Connect)
    passwort,  # noqa: F401  (registriert /konto/passwort)
)
from .routes import bp

__all__ = ["bp"]
