"""Reiner Domänenkern: keine Datenbank, kein Flask, keine Uhr."""
