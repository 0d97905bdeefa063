"""Das Vereinbarungsdokument: ausstellen, unterzeichnen, extern signierte Fassungen annehmen,
prüfen, exportieren, Langzeitprüfbarkeit; Zertifikate der Organisationen."""
