"""Anmeldung und Abmeldung."""

from .routes import bp

__all__ = ["bp"]
