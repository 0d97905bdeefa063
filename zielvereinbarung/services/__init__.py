"""Anwendungsfälle: nehmen eine Session, einfache Werte und den Handelnden; flush(), nie commit().

Gruppiert nach Aggregaten (basiszahlen, kennzahlen, verhandlung, dokumente, nachhaltung, berichte,
konten); dazu das Audit-Protokoll (`audit`) und die Dateiablage (`ablage`). Fehler: `fehler`.
"""
