"""Kennzahlen und Zielindikatoren aus den geltenden Basiszahlen berechnen und für Seiten lesen."""
