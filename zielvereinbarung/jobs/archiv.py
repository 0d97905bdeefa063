"""Job `archivzeitstempel`: Archivzeitstempel (PAdES B-LTA) anbringen und erneuern, bevor das
Zertifikat des letzten Zeitstempels abläuft (`services.dokumente.archivzeitstempel`). Vorlauf:
`ZV_ARCHIVZEITSTEMPEL_VORLAUF_TAGE` (Standard 90). Ohne `ZV_TSA_URL` tut der Job nichts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..fehler import FachlicherFehler
from ..services.dokumente.archivzeitstempel import archiviere, faellige
from ..services.dokumente.einstellungen import DokumentEinstellungen


def archivzeitstempel_erneuern(url: str) -> str:
    k = konfiguration()
    einst = DokumentEinstellungen.aus_umgebung(k.instanz, k.produktion)
    if not einst.tsa_url:
        return "Kein Zeitstempeldienst eingestellt (ZV_TSA_URL); nichts zu tun."
    tage = k.archivzeitstempel_vorlauf_tage
    jetzt = datetime.now(UTC)
    with sitzung(url) as session:
        ids = faellige(session, einst, jetzt, timedelta(days=tage))
    erledigt, fehler = 0, []
    for vid in ids:  # je Dokument eine Transaktion: ein Fehler hält die anderen nicht auf
        try:
            with transaktion(url) as session:
                archiviere(session, einst, vid, "scheduler", jetzt)
            erledigt += 1
        except FachlicherFehler as f:
            fehler.append(f.meldung)
    text = f"{erledigt} von {len(ids)} Dokument(en) mit neuem Archivzeitstempel."
    return text + (" Fehler: " + " ".join(fehler) if fehler else "")
