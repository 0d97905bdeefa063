"""Verhandlung: Planung (Orientierungswerte, Entwürfe), Angebot, Gegenvorschlag, Annahme,
Zustandswechsel, Vergleiche, Benachrichtigungen und Erinnerungen."""
