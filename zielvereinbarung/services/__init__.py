"""Anwendungsfälle: nehmen eine Session, einfache Werte und den Handelnden; flush(), nie commit()."""


class FachlicherFehler(Exception):
    """Ein Fehler, den der Benutzer verstehen und beheben kann (deutsche Meldung)."""

    def __init__(self, meldung: str, details: list | None = None):
        super().__init__(meldung)
        self.meldung = meldung
        self.details = details or []
