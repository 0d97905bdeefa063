"""Anzeige der Zielnachhaltedialoge (Nachhaltungsseite und Berichte): Bestätigung, Version und
frühere Versionen, die Verweise zwischen einem bestätigten Dialog und seiner Korrektur
(„Korrektur von …“, „korrigiert durch …“) und was der Betrachter tun kann. Dieselbe Anzeige für
die Sitzungen des Kooperationsausschusses einer Vereinbarung BMAS ↔ Land (`bund_land`, DOMAIN.md
§ 9): dort sind BMAS und Land die Parteien."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...documents.berichtsmodell import DialogZeile
from ...domain import verhandlung as vh
from ...format import LEER, datum, monat_lang, zeitpunkt
from ...models import DialogBestaetigung, DialogVersion, Zielnachhaltedialog
from ...models.ids import gespeicherte_id

_AKKUSATIV = {vh.LAND: "das Land", vh.TRAEGER: "den Träger", vh.BUND: "das BMAS"}


def dialog_name(bund_land: bool) -> str:
    """Wie der Dialog heißt: zwischen BMAS und Land der Kooperationsausschuss (§ 18b SGB II)."""
    return "Sitzung des Kooperationsausschusses" if bund_land else "Zielnachhaltedialog"


def bestaetigende_partei(dialog: Zielnachhaltedialog, bund_land: bool = False) -> str | None:
    """Die Gegenseite der erfassenden Partei (None: unbekannt)."""
    if dialog.partei in vh.parteien(bund_land):
        return vh.gegenseite(dialog.partei, bund_land)
    return None


def _bestaetigung(d: Zielnachhaltedialog, b: DialogBestaetigung | None, bund_land: bool) -> str:
    if b is not None:
        version = f" (Version {b.version})" if d.version > 1 else ""
        return (
            f"Bestätigt am {datum(b.zeitpunkt)} von {b.benutzername} "
            f"({vh.PARTEI_BEZEICHNUNG.get(b.partei, b.partei)}){version}"
        )
    an = bestaetigende_partei(d, bund_land)
    if an is None:
        return "Noch nicht bestätigt"
    return f"Wartet auf die Bestätigung durch {_AKKUSATIV[an]}"


def _verlauf(d: Zielnachhaltedialog) -> str:
    if d.version <= 1 or d.geaendert_am is None:
        return ""
    return (
        f"Version {d.version}, zuletzt korrigiert am {zeitpunkt(d.geaendert_am)} "
        f"von {d.geaendert_von}"
    )


def _inhalt(v: DialogVersion, namen: Mapping[str, str]) -> str:
    teile = [
        f"Datum {datum(v.datum)}",
        f"Teilnehmende: {v.teilnehmende}",
        f"Daten bis {monat_lang(v.datenstand)}",
    ]
    teile += [f"{namen.get(c, c)}: {t}" for c, t in (v.wuerdigungen or {}).items() if t]
    if v.massnahmen:
        teile.append(f"Vereinbarte Maßnahmen: {v.massnahmen}")
    return " · ".join(teile)


def _frueher(versionen: Sequence[DialogVersion], namen: Mapping[str, str]):
    return tuple(
        (
            f"Version {v.version} von {v.verfasst_von} ({zeitpunkt(v.verfasst_am)}), "
            f"ersetzt am {zeitpunkt(v.ersetzt_am)} von {v.ersetzt_von}",
            _inhalt(v, namen),
        )
        for v in sorted(versionen, key=lambda v: -v.version)
    )


def _darf_korrigieren(
    d: Zielnachhaltedialog, partei: str | None, benutzername: str | None, bund_land: bool
) -> bool:
    if partei is None:
        return False
    if d.partei in vh.parteien(bund_land):
        return d.partei == partei
    return d.autor == benutzername


def dialog_zeilen(
    dialoge: list[Zielnachhaltedialog],
    namen: dict[str, str],
    bestaetigungen: dict[int, DialogBestaetigung] | None = None,
    partei: str | None = None,
    versionen: Mapping[int, Sequence[DialogVersion]] | None = None,
    benutzername: str | None = None,
    bund_land: bool = False,
) -> tuple[DialogZeile, ...]:
    """`partei`: die Partei des Betrachters, wenn er für den Träger handeln darf (dann kann er
    die Dialoge der Gegenseite bestätigen, die eigenen unbestätigten korrigieren und zu
    bestätigten eine Korrektur erfassen); `versionen`: die ersetzten Versionen je Dialog."""
    bestaetigungen = bestaetigungen or {}
    versionen = versionen or {}
    nach_id = {d.id: d for d in dialoge}
    korrekturen = {d.korrektur_von: d for d in dialoge if d.korrektur_von}

    def verweis(art: str, d: Zielnachhaltedialog | None) -> str:
        return f"{art} Dialog vom {datum(d.datum) or LEER}" if d else ""

    zeilen = []
    for d in dialoge:
        dialog_id = gespeicherte_id(d.id)
        bestaetigt = dialog_id in bestaetigungen
        bezug = nach_id.get(d.korrektur_von) if d.korrektur_von else None
        korrektur = korrekturen.get(dialog_id)
        zeilen.append(
            DialogZeile(
                datum(d.datum) or LEER,
                d.teilnehmende,
                f"Daten bis {monat_lang(d.datenstand)}",
                tuple((namen.get(c, c), t) for c, t in (d.wuerdigungen or {}).items() if t),
                d.massnahmen or "",
                d.autor,
                d.id,
                _bestaetigung(d, bestaetigungen.get(dialog_id), bund_land),
                partei is not None
                and not bestaetigt
                and partei == bestaetigende_partei(d, bund_land),
                verlauf=_verlauf(d),
                korrektur_von=verweis("Korrektur von", bezug),
                korrigiert_durch=verweis("korrigiert durch", korrektur),
                version=d.version,
                korrektur_von_id=bezug.id if bezug else None,
                korrigiert_durch_id=korrektur.id if korrektur else None,
                darf_korrigieren=not bestaetigt
                and _darf_korrigieren(d, partei, benutzername, bund_land),
                darf_korrektur_erfassen=partei is not None and bestaetigt and korrektur is None,
                fruehere_versionen=_frueher(versionen.get(dialog_id, ()), namen),
            )
        )
    return tuple(zeilen)
