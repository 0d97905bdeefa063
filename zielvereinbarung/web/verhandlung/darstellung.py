"""Was die Seiten der Verhandlung zeigen: formatierte Werte, Knöpfe der erlaubten Aktionen,
Revisionsverlauf. Die Vorlagen bekommen fertige Texte und entscheiden nichts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from flask import abort, render_template, url_for

from ...domain import verhandlung as vh
from ...domain.ziele import einheit_text, ist_qualitativ
from ...format import jahr_bis, monat_lang, veraenderung
from ...services.verhandlung.lesen import RevisionAnsicht, VereinbarungAnsicht, ZielwertAnsicht

ROLLE = {"land": "Land", "traeger": "Träger", "system": "System", "bund": "BMAS"}


def am_zug_text(bezeichnung: str) -> str:
    """„Land am Zug“, „Träger am Zug“ oder „niemand am Zug“."""
    return f"{bezeichnung} am Zug" if bezeichnung != "–" else "niemand am Zug"


def _dezimal(text) -> Decimal | None:
    try:
        return None if text is None else Decimal(str(text))
    except InvalidOperation:
        return None


def basiswert_text(z: ZielwertAnsicht) -> tuple[str, str]:
    """(Basiswert, Erläuterung): „26,9 %“ und „hochgerechnet aus Jan–Aug 2026“ (vorläufig) bzw.
    „Jahreswert 2026 (Daten bis Dezember 2026)“; nicht berechenbar mit Grund."""
    if ist_qualitativ(z.zielindikator):
        return "–", ""
    if z.basiswert is None:
        return "nicht berechenbar", z.basiswert_grund or ""
    if z.basiswert_vorlaeufig:
        return (
            einheit_text(z.zielindikator, z.basiswert),
            f"hochgerechnet aus {jahr_bis(z.basiswert_monat)}",
        )
    return (
        einheit_text(z.zielindikator, z.basiswert),
        f"Jahreswert {str(z.basiswert_monat)[:4]} (Daten bis {monat_lang(z.basiswert_monat)})",
    )


def _vorjahreswert(j: dict) -> Decimal | Fraction | None:
    """Der Wert desselben Zeitraums ein Jahr früher: gespeichert (`vorjahr`) oder aus Wert und
    Veränderung zurückgerechnet (Kontexte älterer Entwürfe)."""
    if (vorjahr := _dezimal(j.get("vorjahr"))) is not None:
        return vorjahr
    wert, v = _dezimal(j.get("wert")), _dezimal(j.get("veraenderung"))
    if wert is None or v is None or v == -100:
        return None
    return Fraction(wert) * 100 / (100 + Fraction(v))


def trend(z: ZielwertAnsicht) -> list[str]:
    """Die Jahreswerte der letzten drei Jahre, in Klammern die Veränderung gegenüber demselben
    Zeitraum des Vorjahres: „2025: 23,9 % (+2,1 %)“. Ein angefangenes Jahr steht unter dem
    gleichen Zeitraum des Vorjahres, nie neben ganzen Jahren allein: „Jan–Sep 2025: 18,0 %“,
    „Jan–Sep 2026: 17,3 % (−3,8 %)“."""
    zeilen = []
    for j in (z.kontext or {}).get("jahre", []):
        wert = _dezimal(j.get("wert"))
        if wert is None:
            zeilen.append(f"{j.get('jahr')}: nicht berechenbar ({j.get('grund') or 'keine Daten'})")
            continue
        monat = str(j.get("monat") or f"{j.get('jahr')}-12")
        if not monat.endswith("-12") and (wert_vj := _vorjahreswert(j)) is not None:
            vorjahr = jahr_bis(f"{int(monat[:4]) - 1}{monat[4:]}")
            zeilen.append(f"{vorjahr}: {einheit_text(z.zielindikator, wert_vj)}")
        text = f"{jahr_bis(monat)}: {einheit_text(z.zielindikator, wert)}"
        if (v := _dezimal(j.get("veraenderung"))) is not None:
            text += f" ({veraenderung(v)})"
        zeilen.append(text)
    return zeilen


def median_text(z: ZielwertAnsicht) -> str:
    """„+1,2 % (Vergleichstyp IIa, 12 Träger, Jan–Sep 2026 gegenüber Jan–Sep 2025)“; ohne Wert
    der Grund."""
    k = z.kontext or {}
    if not k:
        return ""
    wert = _dezimal(k.get("median_veraenderung"))
    if wert is None:
        return k.get("median_grund") or "nicht berechenbar"
    monat = str(k.get("median_monat"))
    vorjahr = jahr_bis(f"{int(monat[:4]) - 1}{monat[4:]}")
    return (
        f"{veraenderung(wert)} (Vergleichstyp {k.get('vergleichstyp')}, "
        f"{k.get('median_anzahl')} Träger, {jahr_bis(monat)} gegenüber {vorjahr})"
    )


def median_zeile(z: ZielwertAnsicht) -> str:
    """Kurz für die Tabelle des Editors: „Median Typ IIc (23 Träger): −0,5 %“."""
    k = z.kontext or {}
    if not k:
        return ""
    wert = _dezimal(k.get("median_veraenderung"))
    if wert is None:
        return f"Median: {k.get('median_grund') or 'nicht berechenbar'}"
    return (
        f"Median Typ {k.get('vergleichstyp')} ({k.get('median_anzahl')} Träger): "
        f"{veraenderung(wert)}"
    )


def zielwert(z: ZielwertAnsicht) -> dict:
    basis, basis_info = basiswert_text(z)
    return {
        "code": z.zielindikator,
        "bezeichnung": z.bezeichnung,
        "qualitativ": ist_qualitativ(z.zielindikator),
        "zieltyp": z.zieltyp_bezeichnung,
        "ziel": z.kurztext,
        "text": z.text,
        "satz": z.satz,
        "basiswert": basis,
        "basiswert_info": basis_info,
        "vorlaeufig": z.basiswert_vorlaeufig,
        "orientierungswert": z.orientierungswert or "–",
        "trend": trend(z),
        "median": median_text(z),
        "kommentar": z.kommentar,
        "demodaten": bool((z.kontext or {}).get("demodaten")),
    }


def nach_zielen(rev: RevisionAnsicht) -> list[dict]:
    return [
        {"titel": titel, "werte": [zielwert(z) for z in werte]}
        for titel, werte in rev.nach_zielen()
    ]


def revision_kopf(rev: RevisionAnsicht) -> str:
    """„Revision 3: Gegenvorschlag (Land, land-sh)“."""
    rolle = ROLLE.get(rev.rolle, rev.rolle)
    return f"Revision {rev.nummer}: {rev.art_bezeichnung} ({rolle}, {rev.autor})"


def verlauf(vereinbarung_id: int, revs: list[RevisionAnsicht]) -> list[dict]:
    """Revisionen, neueste zuerst, mit Link zum Vergleich mit der jeweils vorigen."""
    zeilen = []
    for i, r in enumerate(revs):
        zeilen.append(
            {
                "nummer": r.nummer,
                "art": r.art_bezeichnung,
                "rolle": ROLLE.get(r.rolle, r.rolle),
                "autor": r.autor,
                "zeitpunkt": r.zeitpunkt,
                "kommentar": r.kommentar,
                "vergleich_url": url_for(
                    "verhandlung.vergleich", id=vereinbarung_id, a=revs[i - 1].nummer, b=r.nummer
                )
                if i
                else None,
                "vergleich_text": f"mit Revision {revs[i - 1].nummer} vergleichen" if i else None,
            }
        )
    return list(reversed(zeilen))


def aktionstext(a: vh.Aktion) -> str:
    return a.bezeichnung[:1].upper() + a.bezeichnung[1:]


def knoepfe(ansicht: VereinbarungAnsicht) -> list[dict]:
    """Je erlaubter Aktion ein Knopf: Formular mit Werten (Link), Annahme (POST mit der
    angenommenen Revision) oder Schritt ohne Werte (POST)."""
    liste = []
    for a in ansicht.erlaubte_aktionen:
        if a.art == vh.MIT_WERTEN:
            liste.append(
                {
                    "art": "link",
                    "text": aktionstext(a),
                    "url": url_for("verhandlung.bearbeiten", id=ansicht.id),
                }
            )
        elif a.art == vh.ANNAHME:
            liste.append(
                {
                    "art": "link",
                    "text": f"{aktionstext(a)} …",
                    "url": url_for("verhandlung.annehmen", id=ansicht.id),
                    "hinweis": f"Nimmt Revision {ansicht.aktuelle_revision.nummer} unverändert "
                    "an; danach sind die Werte eingefroren. Sie sehen vorher alle Werte und "
                    "bestätigen mit Ihrem Passwort.",
                }
            )
        elif a.code == vh.JAHRESABSCHLUSS:
            # Der Abschluss friert die Jahresergebnisse ein und geht erst mit den Dezemberdaten:
            # kein Hauptknopf hier, sondern ein Verweis auf die Nachhaltung, die ihn nur dann
            # anbietet (sonst steht dort, ab wann).
            liste.append(
                {
                    "art": "verweis",
                    "text": "Zur Nachhaltung (dort der Jahresabschluss, sobald die Dezemberdaten "
                    "vorliegen)",
                    "url": url_for("nachhaltung.seite", id=ansicht.id),
                }
            )
        else:
            # Unterzeichnen und Gegenzeichnen geschehen nur durch die Signatur des Dokuments.
            liste.append(
                {
                    "art": "link",
                    "text": f"{aktionstext(a)} (zum Vereinbarungsdokument)",
                    "url": url_for("dokumente.uebersicht", id=ansicht.id),
                }
            )
    return liste


def wert_aktion(ansicht: VereinbarungAnsicht) -> vh.Aktion | None:
    """Die erlaubte Aktion mit Werten (Angebot/Gegenvorschlag), falls es eine gibt."""
    return next((a for a in ansicht.erlaubte_aktionen if a.art == vh.MIT_WERTEN), None)


ERSTES_JAHR, LETZTES_JAHR = 2005, 2100  # SGB II gilt seit 2005


def standardjahr(heute: date | None = None) -> int:
    """Das Jahr, um das es gerade geht: ab September (Planung) das kommende, sonst das laufende."""
    heute = heute or date.today()
    return heute.year + 1 if heute.month >= 9 else heute.year


def laenderliste(titel: str, endpoint: str, laender: list[tuple[str, str, int]]) -> str:
    """Admin-Einstieg ohne eigenes Land: die Länder mit zkT, je mit Link auf `endpoint`."""
    jahr = standardjahr()
    return render_template(
        "verhandlung/laender.html",
        titel=titel,
        jahr=jahr,
        laender=[
            {"name": name, "anzahl": anzahl, "url": url_for(endpoint, land=code, jahr=jahr)}
            for code, name, anzahl in laender
        ],
    )


def pruefe_jahr(jahr: int) -> None:
    """404 für Jahre außerhalb von 2005 bis 2100."""
    if not ERSTES_JAHR <= jahr <= LETZTES_JAHR:
        abort(404)


def formular_info(z: ZielwertAnsicht, rev: RevisionAnsicht) -> tuple[str, ...]:
    """Was über einer Feldgruppe des Angebotsformulars steht: Basiswert, Orientierungswert, die
    Revision der letzten Revision und deren Kommentar."""
    zeilen = []
    if not ist_qualitativ(z.zielindikator):
        basis, info = basiswert_text(z)
        vorlaeufig = "vorläufig, " if z.basiswert_vorlaeufig else ""
        zeilen.append(f"Basiswert: {basis}" + (f" ({vorlaeufig}{info})" if info else ""))
        zeilen.append(f"Orientierungswert: {z.orientierungswert or '–'}")
    zeilen.append(f"In Revision {rev.nummer} ({rev.art_bezeichnung}): {z.kurztext}. {z.satz}")
    if z.kommentar:
        zeilen.append(f"Kommentar in Revision {rev.nummer}: {z.kommentar}")
    return tuple(zeilen)
