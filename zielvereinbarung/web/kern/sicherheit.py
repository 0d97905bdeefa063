"""Sicherheitseinstellungen: Sitzungscookie, Größenlimit, CSRF-Laufzeit, Sicherheits-Header.

- Sitzungscookie: HttpOnly, SameSite=Lax, Secure im Produktionsbetrieb (`ZV_ENV=produktion`);
  der Browser behält es so lange, wie eine Anmeldung höchstens gilt (`SITZUNG_HOECHSTDAUER`);
  Leerlauf und Höchstdauer prüft der Server (`web.kern.sitzungsdauer`).
- CSRF-Schutz (Flask-WTF) für jedes POST; das Token gilt so lange wie die Sitzung.
- Uploads höchstens 100 MB (`MAX_CONTENT_LENGTH`, sonst Fehlerseite 413).
- Jede Antwort trägt eine Content-Security-Policy ohne Inline-Skripte/-Styles und ohne fremde
  Quellen, `X-Content-Type-Options: nosniff`, `Referrer-Policy` und Rahmenverbot.
- Im Produktionsbetrieb `Strict-Transport-Security: max-age=…` (`HSTS_MAX_AGE`, Einstellung
  `ZV_HSTS_MAX_AGE`, Standard ein Jahr): der Browser spricht die Anwendung nur noch über HTTPS an.
- `Cache-Control: no-store` auf jeder Antwort außer den statischen Dateien (CSS): Seiten, PDFs,
  Berichte und Fehlerseiten enthalten Personen- oder Vereinbarungsdaten und dürfen weder im
  Browser-Cache noch in einem Proxy liegen bleiben (auch nicht nach der Abmeldung für „Zurück“).
  Statische Dateien sind eine Stunde cachebar (`SEND_FILE_MAX_AGE_DEFAULT`).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()  # prüft jedes POST/PUT/PATCH/DELETE; `csrf_token()` in Vorlagen

MAX_UPLOAD = 100 * 1024 * 1024
HSTS_STANDARD = 365 * 24 * 3600  # Sekunden
STATISCH = frozenset({"static", "dokumente.stil"})  # Endpunkte ohne Personen- oder Vertragsdaten

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'"
)
HEADER = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def konfiguration(produktion: bool, dauer: timedelta) -> dict:
    """Flask-Einstellungen (vor den Overrides angewandt, Tests dürfen sie überschreiben);
    `dauer`: wie lange eine Anmeldung höchstens gilt."""
    return {
        "SESSION_COOKIE_NAME": "zv_sitzung",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": produktion,
        "PERMANENT_SESSION_LIFETIME": dauer,
        "MAX_CONTENT_LENGTH": MAX_UPLOAD,
        # Das CSRF-Token gilt so lange wie die Sitzung (sonst verfiele ein langes Formular).
        "WTF_CSRF_TIME_LIMIT": int(dauer.total_seconds()),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": produktion,
        "HSTS_MAX_AGE": HSTS_STANDARD,
        "SEND_FILE_MAX_AGE_DEFAULT": timedelta(hours=1),
    }


def _header_setzen(response: Response) -> Response:
    for name, wert in HEADER.items():
        response.headers.setdefault(name, wert)
    if current_app.config.get("PRODUKTION"):
        alter = int(current_app.config.get("HSTS_MAX_AGE", HSTS_STANDARD))
        response.headers["Strict-Transport-Security"] = f"max-age={alter}"
    if request.endpoint not in STATISCH:
        transform = "no-transform" in (response.headers.get("Cache-Control") or "")
        response.headers["Cache-Control"] = "no-store, no-transform" if transform else "no-store"
        response.headers.pop("Expires", None)
    return response


def register(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(_header_setzen)
    _proxy_vertrauen(app)


def _proxy_vertrauen(app: Flask) -> None:
    """Hinter N Reverse-Proxys (`ZV_PROXY_HOPS`, Standard 0) gelten deren `X-Forwarded-*`-Angaben:
    so sieht die Anmeldedrosselung je IP die Adresse des Browsers, nicht die des Proxys. Ohne
    Proxy bleibt es bei 0 – sonst könnte jeder Client seine Adresse per Header fälschen."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
