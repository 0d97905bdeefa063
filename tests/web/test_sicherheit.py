"""CSRF, Sitzungscookie, Sicherheits-Header, Größenlimit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.web import create_app

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'"
)


def test_post_ohne_csrf_token_wird_mit_deutscher_seite_abgewiesen(welt, client_als):
    client = client_als("admin")
    antwort = client.post("/admin/benutzer/neu", data={"benutzername": "x-y-z", "name": "X"})
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 400
    assert "Sicherheitsprüfung fehlgeschlagen" in text and 'lang="de"' in text
    assert "Traceback" not in text and "CSRF token" not in text
    antwort = client.post("/admin/benutzer/neu", data={"csrf_token": "gefaelscht", "name": "X"})
    assert antwort.status_code == 400


def test_anmeldung_ohne_csrf_token_meldet_sich_nicht_an(app, welt):
    client = app.test_client()
    client.get("/anmelden")
    antwort = client.post("/anmelden", data={"benutzername": "admin", "passwort": DEMO_PASSWORT})
    assert antwort.status_code == 302 and antwort.headers["Location"].startswith("/anmelden")
    assert client.get("/").status_code == 302


def _sitzungscookie(antwort) -> str:
    cookies = [c for c in antwort.headers.getlist("Set-Cookie") if c.startswith("zv_sitzung=")]
    assert cookies, antwort.headers
    return cookies[-1]


def test_sitzungscookie_httponly_samesite_und_8_stunden(app, welt, csrf_token):
    client = app.test_client()
    antwort = client.post(
        "/anmelden",
        data={"benutzername": "admin", "passwort": DEMO_PASSWORT, "csrf_token": csrf_token(client)},
    )
    cookie = _sitzungscookie(antwort)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # Entwicklung: http://localhost
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=10)


def test_sitzungscookie_im_produktionsbetrieb_nur_ueber_https(db_url, monkeypatch):
    monkeypatch.setenv("ZV_ENV", "produktion")
    monkeypatch.setenv("ZV_SECRET_KEY", "x" * 64)
    monkeypatch.delenv("ZV_SCHLUESSEL", raising=False)
    with pytest.raises(Exception, match="ZV_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein"):
        create_app({"DATABASE_URL": db_url, "TESTING": True})
    from cryptography.fernet import Fernet

    monkeypatch.setenv("ZV_SCHLUESSEL", Fernet.generate_key().decode())
    # billige Passwort-Hashes (Profil der Tests) startet der Produktionsbetrieb nicht
    monkeypatch.setenv("ZV_ARGON2_PROFIL", "test")
    with pytest.raises(Exception, match="ZV_ARGON2_PROFIL=test .* nicht erlaubt"):
        create_app({"DATABASE_URL": db_url, "TESTING": True})
    monkeypatch.delenv("ZV_ARGON2_PROFIL")
    app = create_app({"DATABASE_URL": db_url, "TESTING": True})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    antwort = app.test_client().get("/anmelden", base_url="https://localhost")
    assert "Secure" in _sitzungscookie(antwort)


def test_sicherheitsheader_auf_jeder_antwort(app, welt, client_als):
    client = client_als("land")
    for url in ("/anmelden", "/", "/gibt-es-nicht", "/admin/benutzer", "/static/zv.css"):
        antwort = client.get(url)
        assert antwort.headers["Content-Security-Policy"] == CSP, url
        assert antwort.headers["X-Content-Type-Options"] == "nosniff", url
        assert antwort.headers["Referrer-Policy"] == "same-origin", url


def test_seiten_ohne_fremde_quellen_und_inline_code(app, welt, client_als):
    text = client_als("admin").get("/admin/benutzer/neu").get_data(as_text=True)
    assert "<script" not in text and "style=" not in text and "<style" not in text
    assert "http://" not in text and "https://" not in text


def test_zu_grosse_anfrage_ergibt_413(db_url, welt):
    klein = create_app({"DATABASE_URL": db_url, "TESTING": True, "MAX_CONTENT_LENGTH": 1000})
    antwort = klein.test_client().post("/anmelden", data={"benutzername": "x" * 5000})
    assert antwort.status_code == 413
    assert "Datei zu groß" in antwort.get_data(as_text=True)


def test_standardlimit_100_mb(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 100 * 1024 * 1024
