"""Vorlagenfilter für die Anzeige: deutsche Zeitpunkte, Monate („September 2026“, nie „2026-09“)
und Zahlen (Tausenderpunkt), Namen mit Artikel, Rollennamen, JSON (nur Formatierung)."""

from __future__ import annotations

import json
from fractions import Fraction

from flask import Flask

from ...domain.berechtigung import ROLLEN_NAMEN
from ...domain.namen import dativ, genitiv
from ...format import euro, monat_lang, zahl, zeitpunkt


def rollenname(rolle: str | None) -> str:
    return ROLLEN_NAMEN.get(rolle or "", rolle or "")


HERKUNFT_NAMEN = {"lokal": "lokal", "ldap": "LDAP-Verzeichnis", "oidc": "OpenID Connect"}


def herkunftsname(herkunft: str | None) -> str:
    """Wie sich ein Konto anmeldet: „lokal“, „LDAP-Verzeichnis“, „OpenID Connect“."""
    return HERKUNFT_NAMEN.get(herkunft or "", herkunft or "")


def cent_euro(cent: int | None) -> str:
    """Ganze Cent → „1.234.567,89 €“ (exakt, ohne Gleitkomma)."""
    return euro(None if cent is None else Fraction(cent, 100))


def json_text(wert) -> str:
    """Kompaktes JSON mit Umlauten (für Details im Audit-Protokoll)."""
    return json.dumps(wert, ensure_ascii=False, sort_keys=True, default=str)


def register(app: Flask) -> None:
    app.add_template_filter(json_text, "json_text")
    app.add_template_filter(cent_euro, "cent_euro")
    app.add_template_filter(zeitpunkt, "zeitpunkt")
    app.add_template_filter(monat_lang, "monat_lang")  # "2026-09" → „September 2026“
    app.add_template_filter(zahl, "zahl")  # 12345 → „12.345“
    app.add_template_filter(dativ, "dativ")  # „dem Landkreis Peine“
    app.add_template_filter(genitiv, "genitiv")  # „des Landkreises Peine“
    app.add_template_filter(rollenname, "rollenname")
    app.add_template_filter(herkunftsname, "herkunftsname")
