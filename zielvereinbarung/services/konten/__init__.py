"""Benutzerkonten: anlegen und ändern, Anmeldung mit Sperre und Drosselung, Passwort-Hashes."""
