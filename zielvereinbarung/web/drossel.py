"""Anmeldedrosselung mit Flask-Limiter: Fehlversuche bremsen je Konto und je IP-Adresse.

Regeln (die Grenzen sind Einstellungen in Flask-Limiter-Schreibweise, mehrere mit „;“):
- **Je Konto** (`ANMELDUNG_LIMIT_KONTO`, Standard „5 per 5 minutes; 30 per day“): gezählt wird
  jeder fehlgeschlagene Versuch für einen Benutzernamen – ob es ihn gibt oder nicht (so verrät
  die Drosselung nichts). Ist die Grenze erreicht, wird bis zum Freiwerden eines Platzes im
  gleitenden Fenster gar nicht geprüft (HTTP 429, dieselbe Meldung für jeden Namen). Es gibt keine
  Sperre: nach der Wartezeit gilt das richtige Passwort wieder; ein Admin kann die Wartezeit
  aufheben (`services.konten.sitzungen.hebe_drosselung_auf`).
- **Bekannte Geräte**: nach einer erfolgreichen Anmeldung trägt der Browser ein signiertes
  Cookie `zv_geraet` (180 Tage) für dieses Konto. Mit ihm zählen Fehlversuche in einem eigenen
  Topf (`ANMELDUNG_LIMIT_GERAET`) und die Drosselung je IP entfällt – so kann ein Fremder, der
  falsche Passwörter für `admin` schickt, die rechtmäßige Inhaberin am eigenen Rechner nicht
  aussperren.
- **Je IP-Adresse** (`ANMELDUNG_LIMIT_IP`, Standard „20 per 15 minutes; 200 per day“) über alle
  Namen: bremst das Durchprobieren vieler Konten (hinter einem Proxy: `ZV_PROXY_HOPS`).

Speicher: die eigene Datenbank (Tabelle `drossel_eintrag`, Strategie „moving-window“). Gunicorn
startet mehrere Worker-Prozesse; ein Speicher im Arbeitsspeicher zählte in jedem für sich (mit
N Workern N-fache Versuche, nach jedem Neustart von vorn), und Redis oder Memcached bräuchte die
Anwendung sonst nirgends. Die Datenbank teilen alle Worker ohnehin. Gelesen wird vor der
Anmeldung (eine Abfrage je Grenze), geschrieben nur nach einem Fehlversuch – und zwar erst nach
dem Commit der Anfrage (auf SQLite hielte die Anfrage sonst selbst die Schreibsperre).
Die Uhr ist `app.config["UHR"]` (Tests stellen sie vor, statt zu schlafen).
"""

from __future__ import annotations

import math
import secrets
import time
import zlib
from datetime import timedelta

from flask import Flask, current_app, g, has_app_context, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..db import sitzung
from ..models import DrosselEintrag

GERAET_COOKIE = "zv_geraet"
GERAET_DAUER = timedelta(days=180)
SCOPE_KONTO = "anmeldung-konto"
SCOPE_IP = "anmeldung-ip"
FEHLVERSUCH = "zv_anmeldung_fehlgeschlagen"  # in g: diese Anfrage war ein Fehlversuch

limiter = Limiter(
    key_func=get_remote_address,
    strategy="moving-window",
    storage_uri="zvdb://",
    headers_enabled=False,
)


class DatenbankSpeicher(Storage, MovingWindowSupport):
    """Ein `limits`-Speicher in der Datenbank der Anwendung (Einträge mit Zeitpunkt und Ablauf)."""

    STORAGE_SCHEME = ["zvdb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    @staticmethod
    def _sitzung():
        """Eine eigene Session (nicht die der Anfrage): gezählt wird auch, wenn die Anfrage
        zurückrollt; in Tests an die Testverbindung gebunden (`db.sitzung`)."""
        return sitzung(current_app.config["DATABASE_URL"])

    @staticmethod
    def _jetzt() -> float:
        if has_app_context():
            return current_app.config["UHR"]().timestamp()
        return time.time()

    def _fenster(self, s, key: str, expiry: int) -> tuple[int, float | None]:
        jetzt = self._jetzt()
        anzahl, aeltester = s.execute(
            select(func.count(), func.min(DrosselEintrag.zeitpunkt)).where(
                DrosselEintrag.schluessel == key, DrosselEintrag.zeitpunkt > jetzt - expiry
            )
        ).one()
        return anzahl, aeltester

    def _trage_ein(self, s, key: str, expiry: int, amount: int) -> None:
        jetzt = self._jetzt()
        eintrag = {"schluessel": key, "zeitpunkt": jetzt, "ablauf": jetzt + expiry}
        s.execute(insert(DrosselEintrag), [eintrag] * amount)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        with self._sitzung() as s:
            if s.get_bind().dialect.name == "postgresql":
                # gleichzeitige Worker: je Schlüssel der Reihe nach
                sperre = zlib.crc32(key.encode()) + 48_482_100
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": sperre})
            # Abgelaufenes löschen – auf SQLite nimmt diese Schreibanweisung auch die Sperre.
            s.execute(delete(DrosselEintrag).where(DrosselEintrag.ablauf <= self._jetzt()))
            anzahl, _ = self._fenster(s, key, expiry)
            frei = anzahl + amount <= limit
            if frei:
                self._trage_ein(s, key, expiry, amount)
            s.commit()
        return frei

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        with self._sitzung() as s:
            anzahl, aeltester = self._fenster(s, key, expiry)
        return (aeltester if anzahl else self._jetzt()), anzahl

    # Für die Strategie „moving-window“ genügen die beiden Methoden oben; die übrigen verlangt
    # die Basisklasse (feste Fenster über dieselben Einträge).
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._sitzung() as s:
            self._trage_ein(s, key, expiry, amount)
            s.commit()
        return self.get(key)

    def get(self, key: str) -> int:
        with self._sitzung() as s:
            return s.execute(
                select(func.count()).where(
                    DrosselEintrag.schluessel == key, DrosselEintrag.ablauf > self._jetzt()
                )
            ).scalar()

    def get_expiry(self, key: str) -> float:
        with self._sitzung() as s:
            ablauf = s.execute(
                select(func.max(DrosselEintrag.ablauf)).where(DrosselEintrag.schluessel == key)
            ).scalar()
        return ablauf or self._jetzt()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._sitzung() as s:
            anzahl = s.execute(delete(DrosselEintrag)).rowcount
            s.commit()
        return anzahl

    def clear(self, key: str) -> None:
        with self._sitzung() as s:
            s.execute(delete(DrosselEintrag).where(DrosselEintrag.schluessel == key))
            s.commit()


# ---------------------------------------------------------------- bekannte Geräte


def benutzername_aus_formular() -> str:
    return (request.form.get("benutzername") or "").strip().lower()[:120]


def _signierer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="zv-bekanntes-geraet")


def bekanntes_geraet(name: str) -> str | None:
    """Die Kennung dieses Browsers, wenn er sich schon als `name` angemeldet hat."""
    wert = request.cookies.get(GERAET_COOKIE)
    if not wert or not name:
        return None
    try:
        daten = _signierer().loads(wert, max_age=int(GERAET_DAUER.total_seconds()))
    except BadSignature:
        return None
    return daten.get("t") if isinstance(daten, dict) and daten.get("n") == name else None


def merke_geraet(response, name: str) -> None:
    """Nach einer erfolgreichen Anmeldung: dieser Browser gilt für `name` als bekannt."""
    token = bekanntes_geraet(name) or secrets.token_hex(8)
    response.set_cookie(
        GERAET_COOKIE,
        _signierer().dumps({"n": name, "t": token}),
        max_age=int(GERAET_DAUER.total_seconds()),
        httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        samesite="Lax",
    )


# ---------------------------------------------------------------- die beiden Grenzen


def _konto_schluessel() -> str:
    name = benutzername_aus_formular()
    if not name:
        return ""  # leeres Formular: Flask-Limiter überspringt die Grenze (es wird nichts geprüft)
    geraet = bekanntes_geraet(name)
    return f"geraet:{name}:{geraet}" if geraet else f"konto:{name}"


def _konto_grenze() -> str:
    schluessel = (
        "ANMELDUNG_LIMIT_GERAET"
        if bekanntes_geraet(benutzername_aus_formular())
        else ("ANMELDUNG_LIMIT_KONTO")
    )
    return current_app.config[schluessel]


def _fehlversuch(_response) -> bool:
    return bool(g.get(FEHLVERSUCH))


def wartezeit_s(grenze: RequestLimit) -> float:
    """Sekunden, bis im Topf wieder ein Versuch frei ist."""
    return max(0.0, grenze.window[0] - DatenbankSpeicher._jetzt())


def wartezeit_text(grenze: RequestLimit) -> str:
    """„etwa 4 Minuten“ bis wieder ein Versuch möglich ist."""
    sekunden = wartezeit_s(grenze)
    if sekunden >= 5400:
        return f"etwa {math.ceil(sekunden / 3600)} Stunden"
    minuten = max(1, math.ceil(sekunden / 60))
    return "etwa 1 Minute" if minuten == 1 else f"etwa {minuten} Minuten"


def drossele_anmeldung(bei_ueberschreitung):
    """Decorator für Anmelde-Views (POST): beide Grenzen, gezählt werden nur Fehlversuche (die
    View setzt `g.zv_anmeldung_fehlgeschlagen`). `bei_ueberschreitung(RequestLimit)` liefert die
    Antwort (429). Gemeinsame Scopes: weitere Anmeldewege (LDAP …) teilen dieselben Töpfe."""

    def decorator(view):
        view = limiter.shared_limit(
            lambda: current_app.config["ANMELDUNG_LIMIT_IP"],
            SCOPE_IP,
            key_func=get_remote_address,
            methods=["POST"],
            deduct_when=_fehlversuch,
            exempt_when=lambda: bekanntes_geraet(benutzername_aus_formular()) is not None,
            on_breach=bei_ueberschreitung,
        )(view)
        return limiter.shared_limit(
            _konto_grenze,
            SCOPE_KONTO,
            key_func=_konto_schluessel,
            methods=["POST"],
            deduct_when=_fehlversuch,
            on_breach=bei_ueberschreitung,
        )(view)

    return decorator


def konfiguration() -> dict:
    """Flask-Limiter-Einstellungen; die Grenzen selbst (`ANMELDUNG_LIMIT_*`) kommen aus
    `config.Einstellungen`."""
    return {
        "RATELIMIT_STORAGE_URI": "zvdb://",
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": False,
    }


def register(app: Flask) -> None:
    """Vor `datenbank.register` aufrufen: Flask führt after_request-Funktionen in umgekehrter
    Reihenfolge aus, so zählt Flask-Limiter einen Fehlversuch erst nach dem Commit der Anfrage."""
    limiter.init_app(app)
