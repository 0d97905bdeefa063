"""Der Audit-Schlüssel: Pflicht im Produktionsbetrieb, Entwicklungsschlüssel mit Warnung."""

from __future__ import annotations

import logging
import stat

import pytest

from zielvereinbarung.config import audit_schluessel


def test_produktion_ohne_schluessel_startet_nicht(db_url, monkeypatch):
    from cryptography.fernet import Fernet

    from zielvereinbarung.web import create_app

    monkeypatch.setenv("ZV_ENV", "produktion")
    monkeypatch.setenv("ZV_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ZV_SCHLUESSEL", Fernet.generate_key().decode())
    monkeypatch.setenv("ZV_ARGON2_PROFIL", "standard")  # das Testprofil startet in Produktion nicht
    monkeypatch.delenv("ZV_AUDIT_SCHLUESSEL")
    with pytest.raises(RuntimeError, match="ZV_AUDIT_SCHLUESSEL muss im Produktionsbetrieb"):
        create_app({"DATABASE_URL": db_url, "TESTING": True})
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "kurz")
    with pytest.raises(RuntimeError, match="ZV_AUDIT_SCHLUESSEL ist zu kurz"):
        create_app({"DATABASE_URL": db_url, "TESTING": True})
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "p" * 40)
    assert create_app({"DATABASE_URL": db_url, "TESTING": True})


def test_entwicklung_erzeugt_einen_schluessel_im_instanzverzeichnis(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("ZV_AUDIT_SCHLUESSEL")
    monkeypatch.setenv("ZV_INSTANCE_PATH", str(tmp_path))
    with caplog.at_level(logging.WARNING):
        erster = audit_schluessel()
    datei = tmp_path / "audit_schluessel.key"
    assert erster.entwicklung and datei.exists()
    assert stat.S_IMODE(datei.stat().st_mode) == 0o600
    assert "ZV_AUDIT_SCHLUESSEL ist nicht gesetzt" in caplog.text
    from zielvereinbarung import config

    config._audit_schluessel.cache_clear()
    assert audit_schluessel() == erster  # derselbe Schlüssel beim nächsten Start
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "p" * 40)
    assert audit_schluessel().kennung != erster.kennung
