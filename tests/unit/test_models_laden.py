"""Die Tabellenmodule werden träge geladen (`zielvereinbarung.models`): jedes Modul muss die
Module der Tabellen mitladen, auf die seine Fremdschlüssel verweisen – sonst scheitert ein
`flush()` oder Join in einem Prozess, der nur dieses Modul geladen hat."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

import zielvereinbarung.models as models

PAKET = "zielvereinbarung.models."


def _tabellen(modul: ModuleType) -> set[str]:
    return {
        wert.__table__.name
        for wert in vars(modul).values()
        if isinstance(wert, type)
        and wert.__module__ == modul.__name__
        and hasattr(wert, "__table__")
    }


def _mit_abhaengigkeiten(modul: ModuleType) -> set[ModuleType]:
    gesehen: set[ModuleType] = set()
    offen = [modul]
    while offen:
        m = offen.pop()
        if m in gesehen:
            continue
        gesehen.add(m)
        offen.extend(
            wert
            for wert in vars(m).values()
            if isinstance(wert, ModuleType) and wert.__name__.startswith(PAKET)
        )
        offen.extend(
            import_module(wert.__module__)
            for wert in vars(m).values()
            if isinstance(wert, type) and wert.__module__.startswith(PAKET)
        )
    return gesehen


def test_jedes_modul_laedt_die_ziele_seiner_fremdschluessel():
    metadaten = models.alle_tabellen()
    for name in sorted(set(models._MODUL.values())):
        modul = import_module(PAKET + name)
        erreichbar = set().union(*(_tabellen(m) for m in _mit_abhaengigkeiten(modul)))
        for tabelle in _tabellen(modul):
            for fk in metadaten.tables[tabelle].foreign_keys:
                ziel = fk.target_fullname.split(".")[0]
                assert ziel in erreichbar, f"{name}: {tabelle} → {ziel} wird nicht mitgeladen"


def test_jede_klasse_kommt_aus_ihrem_modul():
    for klasse, modul in models._MODUL.items():
        assert getattr(models, klasse).__module__ == PAKET + modul
    assert set(models.__all__) == {*models._MODUL, "SQLModel", "alle_tabellen"}
    assert len(models.alle_tabellen().tables) == len(models._MODUL) + 1  # + apscheduler_jobs
