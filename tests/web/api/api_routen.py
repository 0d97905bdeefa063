"""Die Tabelle aller API-Operationen für die Berechtigungstests (`test_api_berechtigung.py`).

Jeder Endpunkt `api.*` muss hier stehen, sonst scheitert
`tests/web/test_berechtigung_routen.py::test_jede_route_steht_in_der_tabelle`.

`ApiRoute.scope`: der nötige Scope; `rollen`: welche Rollen (außer Admin) die Operation
überhaupt nutzen dürfen; `fremde(welt, rolle)`: URL-Argumente mit Objekten, die der Rolle fremd
sind (jede Variante muss 403/404 ergeben); `eigene(welt, rolle)`: Argumente, mit denen die Rolle
Erfolg hat (der ehrliche Weg). Ohne Objektbezug ist `fremde` leer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ALLE = frozenset({"land", "traeger", "leser"})


def keine(_welt, _rolle: str) -> list[dict]:
    return []


def ohne(_welt, _rolle: str) -> list[dict]:
    return [{}]


@dataclass(frozen=True)
class ApiRoute:
    scope: str
    rollen: frozenset[str]
    fremde: Callable[[object, str], list[dict]] = keine
    eigene: Callable[[object, str], list[dict]] = ohne
    koerper: dict | None = None  # ein syntaktisch gültiger JSON-Körper (schreibende Operationen)


def fremde_traeger(name: str = "ags") -> Callable[[object, str], list[dict]]:
    return lambda welt, rolle: [{name: ags} for ags in welt.fremde_traeger(rolle)]


def eigener_traeger(name: str = "ags") -> Callable[[object, str], list[dict]]:
    return lambda welt, _rolle: [{name: welt.eigener_traeger}]


def fremde_laender(welt, rolle: str) -> list[dict]:
    return [{"code": land} for land in welt.fremde_laender(rolle)]


def eigenes_land(welt, _rolle: str) -> list[dict]:
    return [{"code": welt.eigenes_land}]


def fremde_vereinbarungen(**weitere) -> Callable[[object, str], list[dict]]:
    return lambda welt, rolle: [
        {"id": welt.vereinbarung(ags), **weitere} for ags in welt.fremde_traeger(rolle)
    ]


def eigene_vereinbarung(welt, _rolle: str) -> list[dict]:
    return [{"id": welt.vereinbarung(welt.eigener_traeger)}]


def fremde_berichte(welt, rolle: str) -> list[dict]:
    from tests.web.test_berechtigung_routen import bericht_argumente

    return bericht_argumente(welt, rolle)


def fremder_ring(welt, rolle: str) -> list[dict]:
    """Den Testring sieht nur der Träger 01054 (Mitglied); den Ländern erlaubt er nichts."""
    unbekannt = [{"ring_id": 999_999}]
    return unbekannt if rolle == "traeger" else [{"ring_id": welt.ring()}, *unbekannt]


def eigener_ring(welt, rolle: str) -> list[dict]:
    return [{"ring_id": welt.ring()}] if rolle == "traeger" else []


PARTEIEN = frozenset({"land", "traeger"})

API_ROUTEN: dict[str, ApiRoute] = {
    "api.laender": ApiRoute("lesen", ALLE),
    "api.traeger_liste": ApiRoute("lesen", ALLE),
    "api.traeger": ApiRoute("lesen", ALLE, fremde_traeger(), eigener_traeger()),
    "api.kennzahlen_traeger": ApiRoute("lesen", ALLE, fremde_traeger(), eigener_traeger()),
    "api.kennzahlen_land": ApiRoute(
        "lesen", frozenset({"land", "leser"}), fremde_laender, eigenes_land
    ),
    "api.kennzahlen_vergleichstyp": ApiRoute(
        "lesen",
        ALLE,
        lambda _welt, rolle: (
            [{"vt": "VT-NI"}] + ([{"vt": "VT-SH-2"}] if rolle == "traeger" else [])
        ),
        lambda _welt, _rolle: [{"vt": "VT-SH"}],
    ),
    "api.kennzahlen_bund": ApiRoute("lesen", ALLE),
    "api.zielindikatoren": ApiRoute("lesen", ALLE),
    "api.vereinbarungen": ApiRoute("lesen", ALLE),
    "api.vereinbarung": ApiRoute("lesen", ALLE, fremde_vereinbarungen(), eigene_vereinbarung),
    "api.revisionen": ApiRoute("lesen", ALLE, fremde_vereinbarungen(), eigene_vereinbarung),
    "api.zustand": ApiRoute("lesen", ALLE, fremde_vereinbarungen(), eigene_vereinbarung),
    "api.dokumente": ApiRoute("lesen", ALLE, fremde_vereinbarungen(), eigene_vereinbarung),
    # Ohne ausgestelltes Dokument bzw. vor der Unterzeichnung gibt es keinen eigenen Erfolgsweg
    # in dieser Welt; die Erfolgswege prüft test_api_vereinbarungen.py.
    "api.dokument": ApiRoute("lesen", ALLE, fremde_vereinbarungen(version=1), keine),
    "api.pruefung": ApiRoute("lesen", ALLE, fremde_vereinbarungen(version=1), keine),
    "api.nachhaltung": ApiRoute("lesen", ALLE, fremde_vereinbarungen(), keine),
    "api.revision_einreichen": ApiRoute(
        "verhandeln",
        PARTEIEN,
        fremde_vereinbarungen(),
        eigene_vereinbarung,
        {"zielwerte": [{"zielindikator": "IQ", "zieltyp": "monitoring"}]},
    ),
    "api.berichte": ApiRoute("lesen", ALLE),
    "api.bericht": ApiRoute("lesen", ALLE, fremde_berichte, keine),
    "api.importieren": ApiRoute("importieren", frozenset({"land"})),
    "api.ringe": ApiRoute("lesen", ALLE),
    "api.ringwerte": ApiRoute("lesen", ALLE, fremder_ring, eigener_ring),
}
