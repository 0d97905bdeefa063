"""Benutzerkonten: anlegen und ändern, Anmeldung (Passwort mit Sperre und Drosselung,
Verzeichnis über LDAP/AD und OpenID Connect), Bereitstellung, Passwort-Hashes."""
