"""Konten: Anmeldung über das Verzeichnis (LDAP/AD, OpenID Connect), Bereitstellung."""
