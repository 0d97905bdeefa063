"""Anmeldedrosselung mit `limits`: Fehlversuche bremsen je Konto und je IP-Adresse.

Regeln (die Grenzen sind Einstellungen in `limits`-Schreibweise, mehrere mit „;“):
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

Warum `limits` direkt und nicht Flask-Limiter (wie früher): `limits` (dieselbe Bibliothek, auf
der Flask-Limiter aufsetzt, und die das Anfragelimit der API schon nutzte) zählt die gleitenden
Fenster und spricht mit dem Speicher; hier bleibt nur das Anbinden an die eine Anmelde-View.
Flask-Limiter meldet dagegen einen Befehl `flask limiter` an, den `flask` vor *jedem* Befehl lädt –
mit `limits.aio`, asyncio und rich kostete das jeden `flask zv …`-Aufruf rund 0,1 s.
"""

from __future__ import annotations

import functools
import math
import secrets
import time
import zlib
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, abort, current_app, g, has_app_context, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many
from limits.storage import MovingWindowSupport, Storage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ...db import sitzung
from ...models import DrosselEintrag

GERAET_COOKIE = "zv_geraet"
GERAET_DAUER = timedelta(days=180)
SCOPE_KONTO = "anmeldung-konto"
SCOPE_IP = "anmeldung-ip"
FEHLVERSUCH = "zv_anmeldung_fehlgeschlagen"  # in g: diese Anfrage war ein Fehlversuch
_TOEPFE = "zv_drossel_toepfe"  # in g: die Töpfe dieser Anmeldung, gezählt nach dem Commit
_ERWEITERUNG = "zv_drossel"  # app.extensions: die Strategie „moving-window“ über dem Speicher


class DatenbankSpeicher(Storage, MovingWindowSupport):
    """Ein `limits`-Speicher in der Datenbank der Anwendung (Einträge mit Zeitpunkt und Ablauf)."""

    def __init__(self) -> None:
        super().__init__()

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


@dataclass(frozen=True)
class Grenze:
    """Eine erreichte Grenze: ihr Schlüssel im Speicher und der Zeitpunkt (Unix-Sekunden), zu dem
    im gleitenden Fenster wieder ein Versuch frei ist."""

    key: str
    frei_ab: float


@dataclass(frozen=True)
class Topf:
    """Grenzen (z. B. „5 per 5 minutes“ und „30 per day“), die derselbe Schlüssel teilt."""

    grenzen: list[RateLimitItem]
    schluessel: str
    scope: str


def _toepfe() -> list[Topf]:
    """Die Töpfe dieser Anmeldung: je IP-Adresse (entfällt für ein bekanntes Gerät) und je Konto
    bzw. bekanntem Gerät (entfällt für ein leeres Formular – da wird nichts geprüft)."""
    name = benutzername_aus_formular()
    geraet = bekanntes_geraet(name)
    toepfe = []
    if geraet is None:
        ip = request.remote_addr or "127.0.0.1"
        toepfe.append(Topf(parse_many(current_app.config["ANMELDUNG_LIMIT_IP"]), ip, SCOPE_IP))
    if geraet is not None:
        grenzen = parse_many(current_app.config["ANMELDUNG_LIMIT_GERAET"])
        toepfe.append(Topf(grenzen, f"geraet:{name}:{geraet}", SCOPE_KONTO))
    elif name:
        grenzen = parse_many(current_app.config["ANMELDUNG_LIMIT_KONTO"])
        toepfe.append(Topf(grenzen, f"konto:{name}", SCOPE_KONTO))
    return toepfe


def _strategie() -> MovingWindowRateLimiter:
    return current_app.extensions[_ERWEITERUNG]


def wartezeit_s(grenze: Grenze) -> float:
    """Sekunden, bis im Topf wieder ein Versuch frei ist."""
    return max(0.0, grenze.frei_ab - DatenbankSpeicher._jetzt())


def wartezeit_text(grenze: Grenze) -> str:
    """„etwa 4 Minuten“ bis wieder ein Versuch möglich ist."""
    sekunden = wartezeit_s(grenze)
    if sekunden >= 5400:
        return f"etwa {math.ceil(sekunden / 3600)} Stunden"
    minuten = max(1, math.ceil(sekunden / 60))
    return "etwa 1 Minute" if minuten == 1 else f"etwa {minuten} Minuten"


def drossele_anmeldung(bei_ueberschreitung):
    """Decorator für Anmelde-Views: ein POST wird nur geprüft, wenn in keinem Topf eine Grenze
    erreicht ist; sonst bricht `bei_ueberschreitung(Grenze)` mit ihrer Antwort (429) ab. Gezählt
    wird nur ein Fehlversuch (die View setzt `g.zv_anmeldung_fehlgeschlagen`), nach dem Commit.
    Gemeinsame Scopes: weitere Anmeldewege (LDAP …) teilen dieselben Töpfe."""

    def decorator(view):
        @functools.wraps(view)
        def gedrosselt(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            strategie = _strategie()
            toepfe = _toepfe()
            for topf in toepfe:
                for grenze in topf.grenzen:
                    if not strategie.test(grenze, topf.schluessel, topf.scope):
                        stand = strategie.get_window_stats(grenze, topf.schluessel, topf.scope)
                        schluessel = grenze.key_for(topf.schluessel, topf.scope)
                        abort(bei_ueberschreitung(Grenze(schluessel, stand.reset_time)))
            setattr(g, _TOEPFE, toepfe)
            return view(*args, **kwargs)

        return gedrosselt

    return decorator


def _zaehle_fehlversuch(response):
    """Nach der Anfrage (und nach ihrem Commit, s. `register`): ein Fehlversuch zählt in jedem
    Topf der Anmeldung."""
    toepfe = g.pop(_TOEPFE, None)
    if toepfe and g.get(FEHLVERSUCH):
        strategie = _strategie()
        for topf in toepfe:
            for grenze in topf.grenzen:
                strategie.hit(grenze, topf.schluessel, topf.scope)
    return response


def register(app: Flask) -> None:
    """Vor `datenbank.register` aufrufen: Flask führt after_request-Funktionen in umgekehrter
    Reihenfolge aus, so zählt ein Fehlversuch erst nach dem Commit der Anfrage."""
    app.extensions[_ERWEITERUNG] = MovingWindowRateLimiter(DatenbankSpeicher())
    app.after_request(_zaehle_fehlversuch)
