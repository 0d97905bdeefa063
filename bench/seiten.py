"""Benchmark: Serverzeit der wichtigsten Seiten in Bundesgröße.

Datenbank (frisch, siehe `gemeinsam.lade_welt`): alle 401 Jobcenter, 48 Monate Basiszahlen,
Orientierungswerte und Entwürfe für die 16 zkT in Niedersachsen; die Vereinbarung von 03157 hat
dazu ein Angebot und einen Gegenvorschlag (drei Revisionen).

Gemessen wird die Zeit der Anfrage durch die ganze Flask-Anwendung (Sitzung, Anmeldung,
Datenbank, Vorlagen) über den Flask-Test-Client – ohne Netz, also reine Serverzeit –, angemeldet
über das echte Anmeldeformular:
- Landesübersicht `/verhandlungen/NI/<jahr>` (land-ni),
- Kennzahlen eines Trägers `/kennzahlen/traeger/03157` (traeger-03157),
- Verhandlungsseite `/vereinbarungen/<id>` (traeger-03157).
Je Seite `--aufwaermen` Anfragen ohne Messung, dann `-n` gemessene; Ausgabe p50/p95/max in ms.

Ziel (SQLite, 2-Kern-Maschine): p95 ≤ 50 ms je Seite; sonst Exit-Status 1.

Aufruf:  .venv/bin/python bench/seiten.py [--datenbank URL] [-n 200] [--aufwaermen 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gemeinsam import DEMO_PASSWORT, csrf_aus, lade_welt, perzentile  # noqa: E402
from sqlmodel import Session  # noqa: E402

from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.domain.berechtigung import Akteur  # noqa: E402
from zielvereinbarung.services.verhandlung.lesen import revisionen  # noqa: E402
from zielvereinbarung.services.verhandlung.schritte import reiche_angebot_ein, sende_gegenvorschlag  # noqa: E402

ZIEL_P95_MS = 50.0


def verhandle_etwas(url: str, vereinbarung_id: int) -> None:
    """Angebot (03157) und Gegenvorschlag (Land) – damit die Seite eine Geschichte zeigt."""
    jetzt = datetime.now(UTC)
    with Session(engine_fuer(url), expire_on_commit=False) as s:
        rev = revisionen(s, vereinbarung_id)[-1]
        reiche_angebot_ein(
            s,
            vereinbarung_id,
            rev.nummer,
            rev.vorgaben(),
            "Angebot (Benchmark)",
            Akteur("traeger-03157", "traeger", traeger_ags="03157"),
            jetzt,
        )
        rev = revisionen(s, vereinbarung_id)[-1]
        sende_gegenvorschlag(
            s,
            vereinbarung_id,
            rev.nummer,
            rev.vorgaben(),
            "Gegenvorschlag (Benchmark)",
            Akteur("land-ni", "land", land_code="NI"),
            jetzt,
        )
        s.commit()


def angemeldeter_client(app, benutzername: str):
    client = app.test_client()
    token = csrf_aus(client.get("/anmelden").get_data(as_text=True))
    antwort = client.post(
        "/anmelden",
        data={"benutzername": benutzername, "passwort": DEMO_PASSWORT, "csrf_token": token},
    )
    if antwort.status_code != 302:
        raise SystemExit(f"Anmeldung als {benutzername} fehlgeschlagen ({antwort.status_code}).")
    return client


def miss(client, pfad: str, n: int, aufwaermen: int) -> list[float]:
    zeiten = []
    for i in range(aufwaermen + n):
        t0 = time.perf_counter()
        antwort = client.get(pfad)
        dauer = (time.perf_counter() - t0) * 1000
        if antwort.status_code != 200:
            raise SystemExit(f"{pfad}: Status {antwort.status_code}")
        if i >= aufwaermen:
            zeiten.append(dauer)
    return zeiten


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datenbank", help="SQLAlchemy-URL (Standard: neue SQLite-Datei)")
    parser.add_argument("-n", type=int, default=200, help="gemessene Anfragen je Seite")
    parser.add_argument("--aufwaermen", type=int, default=20)
    args = parser.parse_args()
    verzeichnis = tempfile.mkdtemp(prefix="zv-bench-seiten-")
    url = args.datenbank or f"sqlite:///{verzeichnis}/bench.sqlite3"
    sqlite = url.startswith("sqlite")

    welt = lade_welt(url, ["NI"])
    verhandle_etwas(url, welt.vereinbarungen["03157"])
    print(
        f"Datenbank: {url.split(':', 1)[0]}; {welt.zeilen} Basiszahl-Zeilen ({welt.von} bis "
        f"{welt.bis}), {len(welt.vereinbarungen)} Vereinbarungen {welt.jahr} "
        f"(vorbereitet in {welt.sekunden:.1f} s)"
    )

    from zielvereinbarung.web import create_app

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 58, "INSTANCE_PFAD": verzeichnis}
    )
    land = angemeldeter_client(app, "land-ni")
    traeger = angemeldeter_client(app, "traeger-03157")
    seiten = [
        ("Landesübersicht", land, f"/verhandlungen/NI/{welt.jahr}"),
        ("Kennzahlen Träger", traeger, "/kennzahlen/traeger/03157"),
        ("Verhandlungsseite", traeger, f"/vereinbarungen/{welt.vereinbarungen['03157']}"),
    ]
    verfehlt = False
    print(f"{'Seite':<20} {'Pfad':<32} {'p50':>8} {'p95':>8} {'max':>8}   (ms, n={args.n})")
    for name, client, pfad in seiten:
        p50, p95, hoechst = perzentile(miss(client, pfad, args.n, args.aufwaermen))
        zu_langsam = sqlite and p95 > ZIEL_P95_MS
        verfehlt |= zu_langsam
        print(
            f"{name:<20} {pfad:<32} {p50:8.1f} {p95:8.1f} {hoechst:8.1f}"
            f"{'   ZIEL VERFEHLT' if zu_langsam else ''}"
        )
    print(f"Ziel: p95 ≤ {ZIEL_P95_MS:.0f} ms je Seite (SQLite)")
    return 1 if verfehlt else 0


if __name__ == "__main__":
    raise SystemExit(main())
