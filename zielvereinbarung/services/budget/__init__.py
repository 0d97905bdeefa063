"""Budgetrahmen und Ausgaben (DOMAIN.md § 10): erfassen, importieren, Stand für die Nachhaltung."""
