"""Die Uhr der Web-Schicht: nur Views lesen sie; Services bekommen die Zeit übergeben."""

from __future__ import annotations

from datetime import UTC, datetime


def jetzt() -> datetime:
    return datetime.now(UTC)
