"""Der Kern der Web-Schicht, den jede Seite braucht: Sitzung je Anfrage (`datenbank`), Konto und
Anmeldedrosselung, Sicherheit (CSRF, Kopfzeilen), Sitzungsdauer und erneute Anmeldung,
Berechtigungen, Fehlerseiten, Navigation, Vorlagenfilter, Formular-Basisklasse, Tabellen-Downloads,
die Uhr. Die Fachseiten liegen je Bereich in einem eigenen Paket neben `kern/`."""
