"""Einstellungen: ZV_SCHLUESSEL (Pflicht in Produktion, Fernet oder abgeleitet), Ablage,
Vertrauensanker; Dokumentseiten ohne Schlüssel im Produktionsbetrieb antworten mit 503."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from zielvereinbarung.fehler import KonfigurationsFehler
from zielvereinbarung.services.dokumente.einstellungen import (
    DokumentEinstellungen,
    fernet_schluessel,
)


def test_schluessel(tmp_path):
    with pytest.raises(KonfigurationsFehler, match="Produktionsbetrieb"):
        DokumentEinstellungen.aus_umgebung(tmp_path, True, umgebung={})
    with pytest.raises(KonfigurationsFehler, match="zu kurz"):
        fernet_schluessel("kurz")
    schluessel = Fernet.generate_key()
    assert fernet_schluessel(schluessel.decode()) == schluessel
    abgeleitet = fernet_schluessel("ein langes Geheimnis mit mehr als 32 Zeichen!")
    assert abgeleitet == fernet_schluessel("ein langes Geheimnis mit mehr als 32 Zeichen!")
    Fernet(abgeleitet)  # gültiger Fernet-Schlüssel
    produktion = DokumentEinstellungen.aus_umgebung(
        tmp_path,
        True,
        umgebung={"ZV_SCHLUESSEL": schluessel.decode(), "ZV_DOKUMENTE_PATH": str(tmp_path / "a"),
                  "ZV_TSA_URL": "http://tsa.example/", "ZV_VERTRAUENSANKER": str(tmp_path)},
    )  # fmt: skip
    assert produktion.demo_pki is None and produktion.ablage == tmp_path / "a"
    assert produktion.tsa_url == "http://tsa.example/" and produktion.schluessel == schluessel
    assert not (tmp_path / "zv_schluessel.key").exists()
    entwicklung = DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={})
    datei = tmp_path / "zv_schluessel.key"
    assert (
        datei.read_bytes().strip() == entwicklung.schluessel and datei.stat().st_mode & 0o077 == 0
    )
    assert (
        DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={}).schluessel
        == entwicklung.schluessel
    )
