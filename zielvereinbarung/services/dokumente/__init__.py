"""Das Vereinbarungsdokument: ausstellen, unterzeichnen, extern signierte Versionen annehmen,
prüfen, exportieren, Langzeitprüfbarkeit; Zertifikate der Organisationen."""
