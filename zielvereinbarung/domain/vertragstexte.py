"""Feste Texte des Vereinbarungsdokuments (DOMAIN.md § 6): Parteien, Rechtsgrundlage,
Grundsätze, Rahmenbedingungen, Zielnachhaltedialoge, Schlussbestimmungen. Rein, ohne Datenbank.

- Ein Land heißt im Vertrag „Land Niedersachsen“, die Freistaaten „Freistaat Bayern“ usw.;
  Ort des Landes ist die Landeshauptstadt.
- Der Artikel im Dativ richtet sich nach dem ersten Wort des Trägernamens: „der Stadt …“,
  „der Landeshauptstadt …“, sonst „dem Landkreis …“, „dem Kreis …“, „dem Hochsauerlandkreis“.
"""

from __future__ import annotations

from .namen import dativ

RECHTSGRUNDLAGE = "§ 48b Abs. 1 Satz 1 Nr. 4 SGB II"
RECHTSGRUNDLAGE_BUND = "§ 48b Abs. 1 Satz 1 Nr. 3 SGB II"
BMAS_NAME = "Bundesministerium für Arbeit und Soziales"
BMAS_ORT = "Berlin"

_FREISTAATEN = {"BY", "SN", "TH"}
_SONDERNAMEN = {"HH": "Freie und Hansestadt Hamburg", "HB": "Freie Hansestadt Bremen"}
LANDESHAUPTSTADT = {
    "BW": "Stuttgart", "BY": "München", "BE": "Berlin", "BB": "Potsdam", "HB": "Bremen",
    "HH": "Hamburg", "HE": "Wiesbaden", "MV": "Schwerin", "NI": "Hannover", "NW": "Düsseldorf",
    "RP": "Mainz", "SL": "Saarbrücken", "SN": "Dresden", "ST": "Magdeburg", "SH": "Kiel",
    "TH": "Erfurt",
}  # fmt: skip


def land_vertragsname(code: str, name: str) -> str:
    """„Land Niedersachsen“, „Freistaat Bayern“, „Freie und Hansestadt Hamburg“."""
    if code in _SONDERNAMEN:
        return _SONDERNAMEN[code]
    return f"{'Freistaat' if code in _FREISTAATEN else 'Land'} {name}"


def mit_dativ(traeger_name: str) -> str:
    """„dem Landkreis Peine“, „der Stadt Wolfsburg“, „dem Märkischen Kreis“ (`namen.dativ`)."""
    return dativ(traeger_name)


def titel(land: str, traeger_name: str, jahr: int) -> str:
    """„Zielvereinbarung zwischen dem Land Niedersachsen und dem Landkreis Peine für das Jahr
    2027“."""
    return f"Zielvereinbarung zwischen dem {land} und {mit_dativ(traeger_name)} für das Jahr {jahr}"


def titel_bund(land: str, jahr: int) -> str:
    """„Zielvereinbarung zwischen dem Bundesministerium für Arbeit und Soziales und dem Land
    Niedersachsen für das Jahr 2027“ (DOMAIN.md § 9)."""
    return f"Zielvereinbarung zwischen dem {BMAS_NAME} und dem {land} für das Jahr {jahr}"


def rechtsgrundlage_bund(land: str, zkt: int) -> list[str]:
    return [
        f"Diese Vereinbarung wird auf der Grundlage von {RECHTSGRUNDLAGE_BUND} geschlossen. "
        f"Danach schließt das {BMAS_NAME} mit der zuständigen Landesbehörde Vereinbarungen zur "
        "Erreichung der Ziele der Grundsicherung für Arbeitsuchende für die zugelassenen "
        "kommunalen Träger des Landes.",
        f"Die Ziele gelten für die {zkt} zugelassenen kommunalen Träger im {land} insgesamt: "
        "die Zielindikatoren werden auf der Summe ihrer Basiszahlen berechnet. Das Land "
        "berücksichtigt sie in seinen Vereinbarungen mit den Trägern nach § 48b Abs. 1 Satz 1 "
        "Nr. 4 SGB II.",
    ]


def rechtsgrundlage(land: str) -> list[str]:
    return [
        f"Diese Vereinbarung wird auf der Grundlage von {RECHTSGRUNDLAGE} geschlossen. Danach "
        "schließt die zuständige Landesbehörde mit den zugelassenen kommunalen Trägern "
        "Vereinbarungen zur Erreichung der Ziele der Grundsicherung für Arbeitsuchende.",
        f"Sie berücksichtigt die Vereinbarung zwischen dem Bundesministerium für Arbeit und "
        f"Soziales und dem {land} nach § 48b Abs. 1 Satz 1 Nr. 3 SGB II.",
    ]


def grundsaetze(bund_land: bool = False) -> list[str]:
    verantwortung = (
        "Die Verantwortung der zugelassenen kommunalen Träger für die Erfüllung ihrer Aufgaben "
        "nach dem SGB II in eigener Zuständigkeit und die Aufsicht des Landes bleiben unberührt."
        if bund_land
        else "Die Verantwortung des Trägers für die Erfüllung seiner Aufgaben nach dem SGB II in "
        "eigener Zuständigkeit bleibt unberührt."
    )
    return [
        "Die Vertragsparteien verfolgen gemeinsam die Ziele der Grundsicherung für "
        "Arbeitsuchende nach § 48b Abs. 3 SGB II: Verringerung der Hilfebedürftigkeit, "
        "Verbesserung der Integration in Erwerbstätigkeit und Vermeidung von langfristigem "
        "Leistungsbezug.",
        "Die Ziele werden über Zielindikatoren gemessen, die auf den Kennzahlen nach § 48a SGB II "
        "beruhen. Maßgeblich sind die Werte der Statistik der Bundesagentur für Arbeit.",
        verantwortung,
    ]


def budgetabsatz(jahr: int, eingliederung: str, verwaltung: str) -> str:
    """Der Budgetrahmen (DOMAIN.md § 10), Beträge fertig formatiert („1.234.567,89 €“)."""
    return (
        f"Für das Jahr {jahr} sind für den Träger Eingliederungsmittel in Höhe von "
        f"{eingliederung} und Verwaltungsmittel in Höhe von {verwaltung} geplant (Budgetrahmen). "
        "Die Angabe ist informativ und kein Ziel dieser Vereinbarung; die Ausgaben werden in der "
        "Nachhaltung und in den Zielnachhaltedialogen neben dem Budgetrahmen ausgewiesen."
    )


def rahmenbedingungen(jahr: int, budget: str | None = None) -> list[str]:
    """`budget`: der Absatz des Budgetrahmens (`budgetabsatz`), falls erfasst."""
    return [
        f"Basiswert ist der Wert des Zielindikators im Vorjahr {jahr - 1} (Jahreswert, Stand "
        "Dezember). Ein als vorläufig gekennzeichneter Basiswert beruht auf einer Projektion; "
        "spätere Datenstände werden neben ihm ausgewiesen, der vereinbarte Wert bleibt "
        "unverändert.",
        "Veränderungen sind relativ zum Basiswert angegeben (in Prozent des Basiswerts, nicht "
        "in Prozentpunkten).",
        "Bei der Bewertung der Zielerreichung berücksichtigen die Vertragsparteien die "
        "Entwicklung des regionalen Arbeitsmarkts und wesentliche Änderungen der "
        "Rahmenbedingungen.",
    ] + ([budget] if budget else [])


def zielnachhaltedialoge(jahr: int) -> list[str]:
    return [
        f"Die Vertragsparteien führen im Jahr {jahr} mindestens zwei Zielnachhaltedialoge, in "
        "der Regel nach Vorliegen der Daten für Juni und zum Jahresabschluss. Grundlage sind die "
        "Zielindikatoren dieser Vereinbarung mit ihren Jahresfortschrittswerten und der "
        "Projektion auf Dezember.",
        "Zeichnet sich ab, dass ein Ziel verfehlt wird, verständigen sich die Vertragsparteien "
        "auf Maßnahmen. Die vereinbarten Zielwerte ändern sich nur durch eine "
        "Änderungsvereinbarung.",
    ]


def schlussbestimmungen(jahr: int) -> list[str]:
    return [
        f"Diese Vereinbarung gilt für das Jahr {jahr}. Sie wird wirksam, wenn beide "
        "Vertragsparteien sie unterzeichnet haben; sie wird elektronisch signiert.",
        "Die vereinbarten Werte sind zusätzlich maschinenlesbar als Datei "
        "„zielvereinbarung.json“ in dieses Dokument eingebettet; deren SHA-256-Prüfsumme steht "
        "in der Fußzeile jeder Seite.",
    ]


# ---------------------------------------------------------------- Änderungsvereinbarung (§ 8)


def aenderung_titel(nummer: int, original_titel: str, original_datum: str | None) -> str:
    """„Änderungsvereinbarung Nr. 1 zur Zielvereinbarung zwischen … für das Jahr 2026 vom
    14.03.2026“ (`original_titel` ist der Titel des Originals, `titel`)."""
    vom = f" vom {original_datum}" if original_datum else ""
    return f"Änderungsvereinbarung Nr. {nummer} zur {original_titel}{vom}"


def aenderung_gegenstand(
    original_datum: str | None, original_sha256: str | None, jahr: int
) -> list[str]:
    vom = f" vom {original_datum}" if original_datum else ""
    absaetze = [
        f"Die Vertragsparteien ändern ihre Zielvereinbarung für das Jahr {jahr}{vom} "
        "(nachfolgend „Zielvereinbarung“) nach deren Bestimmungen über Änderungen wie folgt. "
        "Geändert werden nur die in § 2 genannten Ziele; für jedes steht das bisherige und das "
        "neue Ziel."
    ]
    if original_sha256:
        absaetze.append(
            "Die Zielvereinbarung ist das von beiden Vertragsparteien elektronisch signierte "
            f"Dokument mit der SHA-256-Prüfsumme {original_sha256}."
        )
    return absaetze


def aenderung_fortgeltung(jahr: int) -> list[str]:
    return [
        "Alle übrigen Ziele und Bestimmungen der Zielvereinbarung gelten unverändert fort.",
        f"Die geänderten Ziele gelten ab der Unterzeichnung dieser Änderungsvereinbarung für das "
        f"gesamte Jahr {jahr}: Zielnachhaltedialoge, Fortschrittsberichte und der "
        "Jahresabschluss richten sich nach ihnen.",
        "Diese Änderungsvereinbarung wird wirksam, wenn beide Vertragsparteien sie unterzeichnet "
        "haben; sie wird elektronisch signiert. Die geänderten Werte sind zusammen mit der "
        "SHA-256-Prüfsumme des Dokuments der Zielvereinbarung maschinenlesbar als Datei "
        "„zielvereinbarung.json“ eingebettet.",
    ]
