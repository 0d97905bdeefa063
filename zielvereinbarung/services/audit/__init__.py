"""Das Audit-Protokoll: eine mit HMAC-SHA-256 verkettete Ereignisliste (`kette`), ihre Anker
außerhalb der Datenbank (`anker`), die Prüfung (`pruefung`), die einmalige Umstellung alter
Ketten (`umstellung`) und die Suche (`suche`)."""
