"""Dokumente und Grafiken ohne Flask: SVG-Diagramme, HTML/PDF-Darstellungen."""
