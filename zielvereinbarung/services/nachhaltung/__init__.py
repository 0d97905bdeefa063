"""Nachhaltung: Stand der Zielindikatoren mit Projektion und Rang, Zielnachhaltedialoge,
Jahresabschluss."""
