"""Regeln für Korrektur und Bestätigung eines Zielnachhaltedialogs (rein, ohne Datenbank)."""

from __future__ import annotations

from zielvereinbarung.domain.dialoge import (
    DialogStand,
    bestaetigung_verweigert,
    korrektur_verweigert,
)

OFFEN = DialogStand(partei="land", version=2)
BESTAETIGT = DialogStand("land", 2, bestaetigt_von="traeger-nf", bestaetigt_am="12.05.2026")


def test_eigene_seite_korrigiert_bis_zur_bestaetigung():
    assert korrektur_verweigert(OFFEN, "land") is None
    assert korrektur_verweigert(OFFEN, "traeger") == (
        "Diesen Dialog hat das Land erfasst; nur diese Seite kann ihn korrigieren. Sie können "
        "ihn bestätigen."
    )
    assert korrektur_verweigert(BESTAETIGT, "land") == (
        "Der Dialog ist bestätigt von traeger-nf am 12.05.2026 und kann nicht mehr geändert "
        "werden. Erfassen Sie eine Korrektur als neuen Dialog."
    )


def test_nur_die_andere_seite_bestaetigt_die_gesehene_version():
    assert bestaetigung_verweigert(OFFEN, "traeger", 2) is None
    assert bestaetigung_verweigert(OFFEN, "land", 2) == (
        "Den Dialog hat Ihre Seite erfasst; bestätigen muss ihn der Träger."
    )
    assert bestaetigung_verweigert(OFFEN, "traeger", 1).startswith(
        "Der Dialog wurde inzwischen korrigiert."
    )
    assert bestaetigung_verweigert(OFFEN, "admin", 2) == "Bestätigen können nur Land und Träger."
    # schon bestätigt: kein Fehler, der Aufrufer zeigt die vorhandene Bestätigung
    assert bestaetigung_verweigert(BESTAETIGT, "traeger", 1) is None


def test_status():
    assert OFFEN.status == "wartet auf Bestätigung durch den Träger"
    assert DialogStand("traeger", 1).status == "wartet auf Bestätigung durch das Land"
    assert BESTAETIGT.status == "bestätigt von traeger-nf am 12.05.2026"
