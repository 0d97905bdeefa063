"""Die Zustandstabelle der Verhandlung (DOMAIN.md § 5): jede Kombination aus Zustand, Aktion und
Rolle – erlaubte führen in den Zielzustand der Tabelle, alle anderen werden abgelehnt."""

import itertools

import pytest

from zielvereinbarung.domain import verhandlung as vh

# Die Tabelle aus DOMAIN.md § 5, unabhängig vom Code abgeschrieben: (von, Bezeichnung, wer, nach)
TABELLE = {
    ("entwurf", "Angebot einreichen", "traeger"): "angebot",
    ("angebot", "Gegenvorschlag senden", "land"): "gegenvorschlag",
    ("angebot", "Angebot annehmen", "land"): "einigung",
    ("gegenvorschlag", "neues Angebot einreichen", "traeger"): "angebot",
    ("gegenvorschlag", "Gegenvorschlag annehmen", "traeger"): "einigung",
    ("einigung", "unterzeichnen", "traeger"): "unterzeichnet_traeger",
    ("unterzeichnet_traeger", "gegenzeichnen", "land"): "unterzeichnet",
    ("unterzeichnet", "Jahresabschluss", "land"): "abgeschlossen",
}
ZUSTAENDE = [
    "entwurf",
    "angebot",
    "gegenvorschlag",
    "einigung",
    "unterzeichnet_traeger",
    "unterzeichnet",
    "abgeschlossen",
]
ROLLEN = ["land", "traeger", "admin", "leser"]


def test_zustaende_und_aktionen_sind_genau_die_der_tabelle():
    assert list(vh.ZUSTAENDE) == ZUSTAENDE
    assert {(a.von, a.bezeichnung, a.rolle): a.nach for a in vh.AKTIONEN} == TABELLE


@pytest.mark.parametrize(
    "zustand,aktion,rolle",
    list(itertools.product(ZUSTAENDE, [a.code for a in vh.AKTIONEN], ROLLEN)),
)
def test_jede_kombination(zustand, aktion, rolle):
    a = vh.AKTION[aktion]
    erwartet = TABELLE.get((zustand, a.bezeichnung, rolle))
    if erwartet is not None:
        assert vh.uebergang(zustand, aktion, rolle) == erwartet
        assert a in vh.erlaubte_aktionen(zustand, rolle)
    else:
        with pytest.raises(vh.UnzulaessigerUebergang) as info:
            vh.uebergang(zustand, aktion, rolle)
        assert info.value.meldung  # deutsche Meldung für die Anzeige
        assert a not in vh.erlaubte_aktionen(zustand, rolle)


def test_admin_und_leser_handeln_nie():
    for zustand, rolle in itertools.product(ZUSTAENDE, ["admin", "leser"]):
        assert vh.erlaubte_aktionen(zustand, rolle) == []


def test_meldungen_nennen_den_grund():
    with pytest.raises(vh.UnzulaessigerUebergang, match="Sache des Landes, nicht des Trägers"):
        vh.uebergang("angebot", vh.ANGEBOT_ANNEHMEN, "traeger")
    with pytest.raises(vh.UnzulaessigerUebergang, match="im Zustand „Entwurf“ nicht möglich"):
        vh.uebergang("entwurf", vh.ANGEBOT_ANNEHMEN, "land")
    with pytest.raises(vh.UnzulaessigerUebergang, match="nur den Vertragsparteien"):
        vh.uebergang("angebot", vh.ANGEBOT_ANNEHMEN, "admin")
    with pytest.raises(vh.UnzulaessigerUebergang, match="Unbekannte Aktion"):
        vh.uebergang("angebot", "loeschen", "land")
    with pytest.raises(vh.UnzulaessigerUebergang, match="Unbekannter Zustand"):
        vh.uebergang("verhandelt", vh.ANGEBOT_ANNEHMEN, "land")


@pytest.mark.parametrize(
    "zustand,partei",
    [
        ("entwurf", "traeger"),
        ("angebot", "land"),
        ("gegenvorschlag", "traeger"),
        ("einigung", "traeger"),
        ("unterzeichnet_traeger", "land"),
        ("unterzeichnet", "land"),
        ("abgeschlossen", None),
    ],
)
def test_am_zug(zustand, partei):
    assert vh.am_zug(zustand) == partei


def test_bezeichnungen_fuer_die_oberflaeche():
    assert [vh.zustand_bezeichnung(z) for z in ZUSTAENDE] == [
        "Entwurf",
        "Angebot eingereicht",
        "Gegenvorschlag des Landes",
        "Einigung erzielt",
        "vom Träger unterzeichnet",
        "unterzeichnet",
        "abgeschlossen",
    ]
    assert vh.zustand_bezeichnung(None) == "keine Vereinbarung"
    assert vh.am_zug_bezeichnung("angebot") == "Land"
    assert vh.am_zug_bezeichnung("abgeschlossen") == "–"
    # unterzeichnet: der Jahresabschluss wartet auf die Dezemberdaten, kein Schritt ist offen
    assert vh.am_zug_bezeichnung("unterzeichnet") == "–"
    assert [a.bezeichnung for a in vh.erlaubte_aktionen("angebot", "land")] == [
        "Gegenvorschlag senden",
        "Angebot annehmen",
    ]


def test_nur_das_land_erzeugt_entwuerfe_und_werte_frieren_ab_einigung_ein():
    assert vh.darf_entwuerfe_erzeugen("land")
    assert not any(vh.darf_entwuerfe_erzeugen(r) for r in ("traeger", "admin", "leser"))
    assert [z for z in ZUSTAENDE if vh.verhandelbar(z)] == ["entwurf", "angebot", "gegenvorschlag"]
