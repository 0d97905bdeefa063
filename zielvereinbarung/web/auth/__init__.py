"""Anmeldung und Abmeldung."""

from . import oidc  # noqa: E402  (Routen der Anmeldung über OpenID Connect)
from .routes import bp

__all__ = ["bp"]
