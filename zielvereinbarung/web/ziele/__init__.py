"""Formularfelder für Zielvorgaben (`felder`) und das Einlesen der Eingaben (`eingabe`), gemeinsam
für Orientierungswerte (Planung), Angebote (Verhandlung) und die Vereinbarung BMAS ↔ Land."""
