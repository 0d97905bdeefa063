"""Die Begriffe, die Zahlen auf den Seiten erklären (Hilfeseite `/hilfe`, Hilfeverweise neben den
Beschriftungen). Je Begriff ein Schlüssel (Anker auf der Hilfeseite), der Begriff, eine kurze
Erklärung (Tooltip am Verweis) und ein ausführlicher Text (Hilfeseite).

Neben einer Beschriftung: `{% import "_hilfe.html" as h %}{{ h.hilfe("basiswert") }}`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Begriff:
    schluessel: str
    begriff: str
    kurz: str
    lang: tuple[str, ...]


BEGRIFFE: tuple[Begriff, ...] = (
    Begriff(
        "kennzahl",
        "Kennzahl",
        "Eine der 15 Kennzahlen nach § 48a SGB II (K1 bis K3E4), monatlich über die letzten "
        "zwölf Monate gerechnet.",
        (
            "Die Kennzahlen nach § 48a SGB II und der Kennzahlenverordnung (K1 bis K3E4) werden "
            "für jeden Monat über die jeweils letzten zwölf Monate gerechnet (gleitend). Beispiel: "
            "K2, die Integrationsquote, teilt die Integrationen der letzten zwölf Monate durch den "
            "durchschnittlichen Bestand an erwerbsfähigen Leistungsberechtigten.",
            "Kennzahlen beschreiben die Lage; vereinbart werden Ziele auf Zielindikatoren.",
        ),
    ),
    Begriff(
        "zielindikator",
        "Zielindikator",
        "Worauf sich ein Ziel der Zielvereinbarung bezieht (z. B. Integrationsquote, "
        "Bestand an Langzeitleistungsbeziehenden); gerechnet von Januar bis zum Berichtsmonat.",
        (
            "Zielindikatoren sind die Größen, auf die Land und Träger Ziele vereinbaren: die "
            "Integrationsquote (auch für Frauen, Männer, Alleinerziehende und "
            "Langzeitleistungsbeziehende), der durchschnittliche Bestand an "
            "Langzeitleistungsbeziehenden (LZB) und die Summe der Leistungen zum Lebensunterhalt "
            "(LLU).",
            "Anders als eine Kennzahl wird ein Zielindikator im Jahr der Vereinbarung von Januar "
            "bis zum Berichtsmonat gerechnet (Jahresfortschrittswert).",
        ),
    ),
    Begriff(
        "jahresfortschrittswert",
        "Jahresfortschrittswert",
        "Wert eines Zielindikators von Januar bis zum Berichtsmonat; vergleichbar nur mit "
        "demselben Zeitraum des Vorjahres (Jan–Sep mit Jan–Sep).",
        (
            "Der Jahresfortschrittswert zählt von Januar bis zum Berichtsmonat: bei der "
            "Integrationsquote die Integrationen von Januar bis zum Monat, geteilt durch den "
            "durchschnittlichen Bestand. Er wächst im Laufe des Jahres und erreicht erst im "
            "Dezember den Jahreswert.",
            "Deshalb wird er immer mit demselben Zeitraum des Vorjahres verglichen: „Jan–Sep "
            "2026: 17,3 %“ neben „Jan–Sep 2025: 18,0 %“, nie neben einem ganzen Jahr.",
        ),
    ),
    Begriff(
        "k2",
        "Jahresfortschrittswert und K2",
        "K2 zählt die letzten zwölf Monate, der Jahresfortschrittswert nur Januar bis zum "
        "Berichtsmonat; gleich sind beide nur im Dezember.",
        (
            "Die Kennzahl K2 (Integrationsquote) rechnet jeden Monat über die letzten zwölf "
            "Monate, der Jahresfortschrittswert IQ nur über die Monate des laufenden Jahres. Im "
            "September stehen also zum Beispiel K2 = 23,2 % (Oktober des Vorjahres bis September) "
            "und IQ = 17,3 % (Januar bis September) nebeneinander – beide richtig. Im Dezember "
            "sind beide gleich.",
        ),
    ),
    Begriff(
        "basiswert",
        "Basiswert",
        "Der Wert des Zielindikators im ganzen Vorjahr; fehlt der Dezember noch, vorläufig "
        "hochgerechnet.",
        (
            "Der Basiswert ist der Jahreswert des Vorjahres (Januar bis Dezember). Liegen die "
            "Dezemberdaten bei der Verhandlung noch nicht vor, wird er aus den vorhandenen Monaten "
            "mit dem Saisonverlauf des Jahres davor hochgerechnet und als „vorläufig“ markiert.",
            "Mit der Unterzeichnung wird der Basiswert eingefroren. Spätere Datenkorrekturen "
            "erscheinen daneben, ändern die Vereinbarung aber nicht.",
        ),
    ),
    Begriff(
        "orientierungswert",
        "Orientierungswert",
        "Der Vorschlag des Landes für ein Ziel, Ausgangspunkt der Entwürfe aller Träger.",
        (
            "Vor der Verhandlung veröffentlicht das Land je Zielindikator einen Orientierungswert "
            "(zum Beispiel +2,0 % Integrationsquote). Die Entwürfe der Träger übernehmen ihn; der "
            "Träger kann davon abweichen und begründet das im Kommentar.",
        ),
    ),
    Begriff(
        "vergleichstyp",
        "Vergleichstyp",
        "Gruppe von Jobcentern mit ähnlichen Bedingungen; der Median ihrer Veränderung ist ein "
        "Maßstab für das eigene Ziel.",
        (
            "Jobcenter mit ähnlichen Arbeitsmarkt- und Strukturbedingungen bilden einen "
            "Vergleichstyp. Der Median der Veränderung im Vergleichstyp zeigt, was Jobcenter "
            "unter ähnlichen Bedingungen erreicht haben (die Hälfte lag darüber, die Hälfte "
            "darunter).",
        ),
    ),
    Begriff(
        "zieltyp",
        "Zieltyp",
        "Veränderung (relativ in %), Zielniveau (absolut), Korridor, Monitoring (ohne Ziel) "
        "oder qualitatives Ziel.",
        (
            "Veränderung gegenüber dem Vorjahr: eine relative Veränderung des Basiswerts in "
            "Prozent. Zielniveau: ein absoluter Wert (eine Quote in %, ein Bestand in Personen, "
            "eine Summe in Euro). Korridor: Unter- und Obergrenze der Veränderung. Monitoring: "
            "kein Ziel, der Zielindikator wird nur beobachtet. Qualitativ: ein in Worten "
            "beschriebenes Ziel.",
        ),
    ),
    Begriff(
        "prozentpunkte",
        "% und Prozentpunkte",
        "Veränderungen sind relativ: +2,0 % auf 23,0 % ergeben 23,46 %, also +0,46 "
        "Prozentpunkte – nicht 25,0 %.",
        (
            "Eine Veränderung in Prozent bezieht sich auf den Basiswert: +2,0 % auf eine "
            "Integrationsquote von 23,0 % ergeben 23,0 % × 1,02 = 23,46 %.",
            "Prozentpunkte sind der Abstand zweier Prozentwerte: von 23,0 % auf 23,46 % sind es "
            "+0,46 Prozentpunkte. Wer +2,0 Prozentpunkte meint, meint 25,0 % – das wäre eine "
            "Veränderung um +8,7 %.",
        ),
    ),
    Begriff(
        "zielniveau",
        "Zielniveau",
        "Der absolute Wert, den ein Ziel verlangt: Basiswert × (1 + Veränderung / 100) oder das "
        "vereinbarte Niveau.",
        (
            "Bei einer Veränderung ist das Zielniveau der Basiswert mal (1 + Veränderung / 100), "
            "bei einem Zielniveau der vereinbarte Wert selbst. Beim Korridor gibt es zwei Niveaus, "
            "eines je Grenze. Quoten werden dabei mit zwei Nachkommastellen gezeigt, damit "
            "verschiedene Ziele nicht gleich aussehen.",
        ),
    ),
    Begriff(
        "korridor",
        "Korridor",
        "Unter- und Obergrenze der Veränderung; erreicht, wenn die Veränderung darin oder "
        "jenseits der besseren Grenze liegt.",
        (
            "Ein Korridor legt fest, in welchem Bereich sich der Zielindikator gegenüber dem "
            "Basiswert verändern soll, zum Beispiel +1,0 % bis +3,0 %. Erreicht ist das Ziel, wenn "
            "die Veränderung im Korridor liegt oder jenseits der besseren Grenze (bei der "
            "Integrationsquote darüber, beim Bestand an Langzeitleistungsbeziehenden darunter).",
        ),
    ),
    Begriff(
        "budgetrahmen",
        "Budgetrahmen",
        "Geplante Eingliederungs- und Verwaltungsmittel des Trägers im Jahr; informativ, kein "
        "Ziel. Die Projektion der Ausgaben nennt ihre Methode.",
        (
            "Der Budgetrahmen steht in den Rahmenbedingungen der Zielvereinbarung: die für das "
            "Jahr geplanten Eingliederungsmittel und Verwaltungsmittel. Er ist informativ und "
            "kein Ziel; das Land erfasst ihn bis zur Einigung.",
            "Die ausgegebenen Mittel kommen monatlich mit dem Import (Datenstände wie bei den "
            "Basiszahlen). Gezeigt werden die Ausgaben von Januar bis zum Monat, ihr Anteil am "
            "Budget und eine Projektion auf Dezember: mit dem Saisonmuster des Vorjahres "
            "(Ausgaben bis zum Monat × Ausgaben des Vorjahres im ganzen Jahr ÷ Ausgaben des "
            "Vorjahres bis zum selben Monat), wenn das Vorjahr vollständig gemeldet ist, sonst "
            "linear (Ausgaben bis zum Monat × 12 ÷ Zahl der Monate).",
        ),
    ),
    Begriff(
        "projektion",
        "Projektion",
        "Hochrechnung auf Dezember: Jahresfortschrittswert × Saisonfaktor des Vorjahres.",
        (
            "Vor dem Dezember wird der Jahresfortschrittswert auf das ganze Jahr hochgerechnet: "
            "Wert dieses Jahres im Monat m × Wert des Vorjahres im Dezember / Wert des Vorjahres "
            "im Monat m. Die Methode steht neben jeder Projektion.",
        ),
    ),
    Begriff(
        "zielerreichungsgrad",
        "Zielerreichungsgrad",
        "Projektion (im Dezember: Jahreswert) im Verhältnis zum Zielniveau; ab 100 % erreicht "
        "bzw. auf Kurs.",
        (
            "Zielerreichungsgrad = Wert / Zielniveau × 100, wenn ein höherer Wert besser ist "
            "(Integrationsquoten), und Zielniveau / Wert × 100, wenn ein niedrigerer besser ist "
            "(LZB, LLU). Während des Jahres wird die Projektion verwendet.",
            "Status: ab 100 % „erreicht“ (unterjährig „auf Kurs“), ab 97 % „knapp“ („gefährdet“), "
            "darunter „verfehlt“ („kritisch“). Die Schwellen legt das Land fest.",
        ),
    ),
    Begriff(
        "rang",
        "Rang",
        "Platz im Land oder im Vergleichstyp: Quoten nach Wert, LZB und LLU nach Veränderung "
        "gegenüber demselben Zeitraum des Vorjahres.",
        (
            "Quoten (die Integrationsquoten) werden nach ihrem Wert gereiht. Bestände und Summen "
            "(LZB, LLU) nach ihrer Veränderung gegenüber demselben Zeitraum des Vorjahres: Kreise "
            "verschiedener Größe lassen sich nicht nach absoluten Zahlen vergleichen. Mit Ziel "
            "kommt ein Rang nach "
            "Zielerreichungsgrad hinzu. Neben jedem Rang steht, wonach gereiht wurde; Platz 1 ist "
            "jeweils der beste.",
        ),
    ),
    Begriff(
        "datenstand",
        "Datenstand",
        "Das Datum, zu dem die Basiszahlen geliefert wurden; gerechnet wird mit dem neuesten.",
        (
            "Basiszahlen werden nie überschrieben: Eine spätere Lieferung für denselben Monat ist "
            "ein neuer Datenstand. Berechnet wird mit dem neuesten; ältere bleiben zum Nachsehen "
            "erhalten. „Daten bis September 2026“ nennt den letzten Monat mit Daten, der "
            "Datenstand das Lieferdatum.",
        ),
    ),
)

GLOSSAR: dict[str, Begriff] = {b.schluessel: b for b in BEGRIFFE}
