"""Basiszahlen: Import (CSV/XLSX), Datenstände, Stammdaten (Länder, Träger, Vergleichstypen),
Kennzahlenkatalog."""
