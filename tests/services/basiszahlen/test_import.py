"""Basiszahlen-Import (DOMAIN.md § 2) gegen die echte Datenbank: Werte, Fehler, Warnungen,
Datenstände."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from zielvereinbarung.domain.basiszahlen import FELDNAMEN
from zielvereinbarung.models import Basiszahl, ImportProtokoll
from zielvereinbarung.services.basiszahlen import tabellen
from zielvereinbarung.services.basiszahlen.importer import (
    ImportAbgelehnt,
    importiere_basiszahlen,
    protokolliere_ablehnung,
)

JETZT = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


def datei(*zeilen: str) -> bytes:
    return ("\n".join(zeilen) + "\n").encode("utf-8")


def importiere(session, inhalt: bytes, name: str = "basis.csv", jetzt: datetime = JETZT, **kw):
    ergebnis = importiere_basiszahlen(session, name, inhalt, "tester", jetzt, **kw)
    session.flush()
    return ergebnis


def anzahl(session, modell=Basiszahl) -> int:
    return session.exec(select(func.count()).select_from(modell)).one()


def staende(session, ags="01054", monat="2024-01", geschlecht="gesamt") -> list[Basiszahl]:
    """Alle Stände eines Schlüssels, der geltende zuerst (neuester Datenstand, dann späterer
    Import)."""
    abfrage = (
        select(Basiszahl)
        .where(Basiszahl.ags == ags, Basiszahl.monat == monat, Basiszahl.geschlecht == geschlecht)
        .order_by(Basiszahl.datenstand.desc(), Basiszahl.import_id.desc())
    )
    return list(session.exec(abfrage))


def abgelehnt(session, inhalt: bytes, name: str = "fehler.csv") -> ImportAbgelehnt:
    with pytest.raises(ImportAbgelehnt) as info:
        importiere_basiszahlen(session, name, inhalt, "tester", JETZT)
    session.flush()
    assert anzahl(session) == 0, "eine abgelehnte Datei darf nichts schreiben"
    assert anzahl(session, ImportProtokoll) == 0
    assert info.value.meldung.startswith(f"{name} wurde nicht importiert (")
    return info.value


# --- gute Dateien -------------------------------------------------------------------------------


def test_gute_csv_werte_kommen_exakt_an(session, stammdaten):
    inhalt = datei(
        "ags,monat,geschlecht,datenstand,elb,llu,luh,integrationen,lzb",
        "01054,2024-01,gesamt,2024-04-30,12345,1234567.89,0.29,0,",
        "01001,2024-02,frauen,,500,7,10.5,3,200",
    )
    ergebnis = importiere(session, inhalt)

    assert (
        ergebnis.ergebnis,
        ergebnis.zeilen_gelesen,
        ergebnis.neu,
        ergebnis.neuer_datenstand,
    ) == (
        "importiert",
        2,
        2,
        0,
    )
    assert (
        ergebnis.meldung
        == "2 Zeilen gelesen, 2 neu, 0 neue Datenstände, 0 unverändert, 0 Plausibilitätswarnungen"
    )
    nf = staende(session)[0]
    assert (nf.elb, nf.llu, nf.luh, nf.integrationen) == (12345, 123456789, 29, 0)  # Geld in Cent
    assert nf.lzb is None  # leere Zelle = nicht gemeldet, nie 0
    assert nf.elb_zugang is None  # fehlende Spalte = nicht gemeldet
    assert nf.datenstand == date(2024, 4, 30) and nf.hinweise == []
    fl = staende(session, "01001", "2024-02", "frauen")[0]
    assert (fl.llu, fl.luh, fl.lzb) == (700, 1050, 200)
    assert fl.datenstand == date(2025, 5, 20)  # leerer Datenstand = Importtag

    protokoll = session.get(ImportProtokoll, ergebnis.protokoll_id)
    assert (protokoll.ergebnis, protokoll.zeilen_gelesen, protokoll.zeilen_neu) == (
        "importiert",
        2,
        2,
    )
    assert (protokoll.benutzer, protokoll.dateiname, protokoll.demodaten) == (
        "tester",
        "basis.csv",
        False,
    )
    assert protokoll.sha256 == ergebnis.sha256 and len(protokoll.sha256) == 64
    assert nf.import_id == protokoll.id


def test_ohne_geschlecht_und_datenstand_spalte_gilt_gesamt_und_importtag(session, stammdaten):
    importiere(session, datei("AGS,Monat,ELB", "01054,2024-03,77"))
    zeile = staende(session, monat="2024-03")[0]
    assert (zeile.geschlecht, zeile.datenstand, zeile.elb) == ("gesamt", date(2025, 5, 20), 77)


def test_semikolon_mit_dezimalkomma(session, stammdaten):
    importiere(
        session,
        datei("ags;monat;llu;luh;elb", "01054;2024-01;1234,5;0,07;12", "01001;2024-01;3.25;;4"),
    )
    assert (staende(session)[0].llu, staende(session)[0].luh) == (123450, 7)
    zeile = staende(session, "01001")[0]
    assert (zeile.llu, zeile.luh, zeile.elb) == (325, None, 4)


def test_utf8_mit_bom(session, stammdaten):
    ergebnis = importiere(session, b"\xef\xbb\xbf" + datei("ags,monat,elb", "01054,2024-01,5"))
    assert ergebnis.neu == 1 and staende(session)[0].elb == 5


def _xlsx(*zeilen) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for zeile in zeilen:
        blatt.append(list(zeile))
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def test_xlsx_mit_monat_als_datumszelle(session, stammdaten):
    inhalt = _xlsx(
        ("ags", "monat", "elb", "llu", "lzb"),
        ("01054", datetime(2024, 1, 1), 100, 1234.5, None),
        ("01001", "2024-02", 7, 12, 3),
    )
    ergebnis = importiere(session, inhalt, name="basis.xlsx")
    assert ergebnis.neu == 2
    zeile = staende(session)[0]
    assert (zeile.monat, zeile.elb, zeile.llu, zeile.lzb) == ("2024-01", 100, 123450, None)
    assert staende(session, "01001", "2024-02")[0].llu == 1200


def test_xlsx_formel_und_zahl_statt_kreisschluessel_werden_abgelehnt(session, stammdaten):
    inhalt = _xlsx(("ags", "monat", "elb"), ("01054", "2024-01", 10), (1054, "2024-02", "=C2*2"))
    fehler = abgelehnt(session, inhalt, "basis.xlsx")
    assert fehler.details == [
        (
            "Zeile 3, Spalte A (ags): „1054“ – der Kreisschlüssel muss fünfstellig sein; "
            "vermutlich ist "
            "die führende Null verloren gegangen (01054). Bitte die Spalte als Text speichern."
        ),
        "Zeile 3, Spalte C (elb): „=C2*2“ – Formeln sind nicht erlaubt; bitte nur Werte eintragen.",
    ]


# --- Fehler: jeder einzeln, mit Zeile, Spalte und deutscher Meldung -------------------------------

FEHLERFAELLE = [
    ("ags,elb\n01054,5", "Zeile 1: Pflichtspalte „monat“ fehlt."),
    ("monat,elb\n2024-01,5", "Zeile 1: Pflichtspalte „ags“ fehlt."),
    (
        "ags,monat,elbb\n01054,2024-01,5",
        "Zeile 1, Spalte C: unbekannte Spalte „elbb“. Gemeint ist vielleicht „elb“.",
    ),
    ("ags,monat,bemerkung\n01054,2024-01,x", "Zeile 1, Spalte C: unbekannte Spalte „bemerkung“."),
    (
        "ags,monat,elb\n99999,2024-01,5",
        "Zeile 2, Spalte A (ags): „99999“ – unbekannter Träger (kein Jobcenter mit diesem "
        "Kreisschlüssel).",
    ),
    (
        "ags,monat,elb\n1054,2024-01,5",
        (
            "Zeile 2, Spalte A (ags): „1054“ – der Kreisschlüssel muss fünfstellig sein; "
            "vermutlich ist die "
            "führende Null verloren gegangen (01054). Bitte die Spalte als Text speichern."
        ),
    ),
    (
        "ags,monat,elb\n01A54,2024-01,5",
        "Zeile 2, Spalte A (ags): „01A54“ – der Kreisschlüssel muss aus genau 5 Ziffern bestehen "
        "(z. B. 01054).",
    ),
    ("ags,monat,elb\n,2024-01,5", "Zeile 2, Spalte A (ags): der Kreisschlüssel fehlt."),
    (
        "ags,monat,elb\n01054,2024-13,5",
        "Zeile 2, Spalte B (monat): „2024-13“ – kein gültiger Monat; erwartet JJJJ-MM, MM.JJJJ "
        "oder "
        "MM/JJJJ, z. B. 2024-01 oder 01.2024.",
    ),
    (
        "ags,monat,elb\n01054,13.2024,5",
        "Zeile 2, Spalte B (monat): „13.2024“ – kein gültiger Monat; erwartet JJJJ-MM, MM.JJJJ "
        "oder "
        "MM/JJJJ, z. B. 2024-01 oder 01.2024.",
    ),
    (
        "ags,monat,elb\n01054,2025-06,5",
        "Zeile 2, Spalte B (monat): „2025-06“ – der Berichtsmonat hat noch nicht begonnen "
        "(Datenstand 20.05.2025).",
    ),
    (
        "ags,monat,datenstand,elb\n01054,2024-01,2024-02-30,5",
        "Zeile 2, Spalte C (datenstand): „2024-02-30“ – kein gültiges Datum; erwartet TT.MM.JJJJ "
        "oder JJJJ-MM-TT, z. B. 30.04.2024.",
    ),
    (
        "ags,monat,datenstand,elb\n01054,2024-01,2025-05-21,5",
        "Zeile 2, Spalte C (datenstand): „2025-05-21“ – der Datenstand liegt nach dem Importtag "
        "(20.05.2025).",
    ),
    (
        "ags,monat,datenstand,elb\n01054,2024-01,2023-12-31,5",
        "Zeile 2, Spalte C (datenstand): „2023-12-31“ – der Datenstand liegt vor dem "
        "Berichtsmonat 2024-01.",
    ),
    (
        "ags,monat,geschlecht,elb\n01054,2024-01,divers,5",
        "Zeile 2, Spalte C (geschlecht): „divers“ – erlaubt sind gesamt, frauen und maenner.",
    ),
    ("ags,monat,elb\n01054,2024-01,abc", "Zeile 2, Spalte C (elb): „abc“ – keine Zahl."),
    (
        "ags,monat,elb\n01054,2024-01,-3",
        "Zeile 2, Spalte C (elb): „-3“ – negative Werte sind nicht erlaubt.",
    ),
    (
        "ags,monat,llu\n01054,2024-01,-0.5",
        "Zeile 2, Spalte C (llu): „-0.5“ – negative Werte sind nicht erlaubt.",
    ),
    (
        "ags,monat,elb\n01054,2024-01,12.5",
        "Zeile 2, Spalte C (elb): „12.5“ – eine Anzahl muss eine ganze Zahl sein.",
    ),
    (
        "ags;monat;elb\n01054;2024-01;12,5",
        "Zeile 2, Spalte C (elb): „12,5“ – eine Anzahl muss eine ganze Zahl sein.",
    ),
    (
        "ags,monat,llu\n01054,2024-01,12.345",
        (
            "Zeile 2, Spalte C (llu): „12.345“ – ein Geldbetrag darf höchstens 2 Nachkommastellen "
            "haben "
            "(Tausendertrennzeichen sind nicht erlaubt)."
        ),
    ),
    (
        "ags,monat,llu\n01054,2024-01,0.125",
        "Zeile 2, Spalte C (llu): „0.125“ – ein Geldbetrag darf höchstens 2 Nachkommastellen "
        "haben.",
    ),
    (
        "ags;monat;llu\n01054;2024-01;1.234,56",
        "Zeile 2, Spalte C (llu): „1.234,56“ – keine Zahl (Tausendertrennzeichen sind nicht "
        "erlaubt).",
    ),
    (
        "ags,monat,elb\n01054,2024-01,1 234",
        "Zeile 2, Spalte C (elb): „1 234“ – keine Zahl (Tausendertrennzeichen sind nicht erlaubt).",
    ),
    (
        'ags,monat,llu\n01054,2024-01,"12,5"',
        (
            "Zeile 2, Spalte C (llu): „12,5“ – ein Dezimalkomma ist nur in Dateien mit Semikolon "
            "als "
            "Trennzeichen erlaubt; bitte einen Dezimalpunkt verwenden."
        ),
    ),
    ("ags,monat,llu\n01054,2024-01,NaN", "Zeile 2, Spalte C (llu): „NaN“ – keine Zahl."),
    ("ags,monat,elb\n01054,2024-01,Infinity", "Zeile 2, Spalte C (elb): „Infinity“ – keine Zahl."),
    (
        "ags,monat,llu\n01054,2024-01,1e5",
        "Zeile 2, Spalte C (llu): „1e5“ – Exponentschreibweise ist nicht erlaubt; bitte die Zahl "
        "ausschreiben.",
    ),
    ("ags,monat,elb\n01054,2024-01,+5", "Zeile 2, Spalte C (elb): „+5“ – keine Zahl."),
    ("ags,monat,elb\n01054,2024-01,１２", "Zeile 2, Spalte C (elb): „１２“ – keine Zahl."),
    (
        "ags,monat,elb\n01054,2024-01,99999999999999999999",
        "Zeile 2, Spalte C (elb): „99999999999999999999“ – der Wert ist unplausibel groß.",
    ),
    (
        "ags,monat,elb\n01054,2024-01,=SUMME(A1:A3)",
        "Zeile 2, Spalte C (elb): „=SUMME(A1:A3)“ – Formeln sind nicht erlaubt; bitte nur Werte "
        "eintragen.",
    ),
    (
        "ags,monat,elb\n=HYPERLINK(1),2024-01,5",
        "Zeile 2, Spalte A (ags): „=HYPERLINK(1)“ – Formeln sind nicht erlaubt; bitte nur Werte "
        "eintragen.",
    ),
    (
        "ags,monat,elb\n01054,2024-01,12,5",
        (
            "Zeile 2, Spalte D: 4 Zellen, aber nur 3 Spalten in der Kopfzeile – die Zelle „5“ hat "
            "keinen Spaltennamen. Trennzeichen oder Dezimalkomma in einer Zahl?"
        ),
    ),
    (
        "ags,monat,geschlecht,elb\n01054,2024-01,frauen,5\n01001,2024-01,,1\n01054,2024-01,Frauen,6",
        "Zeile 4: ags 01054, monat 2024-01, geschlecht frauen kommt doppelt vor (auch in Zeile 2).",
    ),
]


@pytest.mark.parametrize("text,meldung", FEHLERFAELLE, ids=[m[:60] for _, m in FEHLERFAELLE])
def test_jeder_fehler_wird_mit_zeile_und_spalte_gemeldet(session, stammdaten, text, meldung):
    fehler = abgelehnt(session, (text + "\n").encode("utf-8"))
    assert fehler.details == [meldung]
    assert fehler.meldung == "fehler.csv wurde nicht importiert (1 Fehler):"


def test_alle_fehler_auf_einmal(session, stammdaten):
    inhalt = datei(
        "ags,monat,elb,llu,farbe",
        "01054,2024-01,5,1.5,",
        "1054,2024-1,x,1.555,",
        "01054,2024-01,7,2,",
        "01001,2024-02,-1,,rot",
    )
    fehler = abgelehnt(session, inhalt)
    assert fehler.meldung == "fehler.csv wurde nicht importiert (7 Fehler):"
    assert fehler.details == [
        "Zeile 1, Spalte E: unbekannte Spalte „farbe“.",
        (
            "Zeile 3, Spalte A (ags): „1054“ – der Kreisschlüssel muss fünfstellig sein; "
            "vermutlich ist "
            "die führende Null verloren gegangen (01054). Bitte die Spalte als Text speichern."
        ),
        "Zeile 3, Spalte B (monat): „2024-1“ – kein gültiger Monat; erwartet JJJJ-MM, MM.JJJJ oder "
        "MM/JJJJ, z. B. 2024-01 oder 01.2024.",
        "Zeile 3, Spalte C (elb): „x“ – keine Zahl.",
        (
            "Zeile 3, Spalte D (llu): „1.555“ – ein Geldbetrag darf höchstens 2 Nachkommastellen "
            "haben "
            "(Tausendertrennzeichen sind nicht erlaubt)."
        ),
        "Zeile 4: ags 01054, monat 2024-01, geschlecht gesamt kommt doppelt vor (auch in Zeile 2).",
        "Zeile 5, Spalte C (elb): „-1“ – negative Werte sind nicht erlaubt.",
    ]


@pytest.mark.parametrize(
    "inhalt,meldung",
    [
        (b"", "Die Datei ist leer."),
        (b"ags,monat,elb\n", "Die Datei enthält nur eine Kopfzeile, aber keine Datenzeilen."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "Die Datei ist keine CSV- oder XLSX-Datei (sie enthält Binärdaten).",
        ),
        (
            "ags,monat,elb\n01054,2024-01,5\n# Bemerkung: Männer\n".encode("latin-1"),
            "Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Zeichen in Zeile 3). Bitte als "
            "„CSV UTF-8“ speichern.",
        ),
        (b"PK\x03\x04kaputt", "Die XLSX-Datei kann nicht gelesen werden (kein ZIP-Archiv)."),
    ],
    ids=["leer", "nur-kopf", "binaer", "latin-1", "kaputtes-xlsx"],
)
def test_unlesbare_dateien(session, stammdaten, inhalt, meldung):
    assert abgelehnt(session, inhalt).details == [meldung]


def test_zu_grosse_datei(session, stammdaten, monkeypatch):
    monkeypatch.setattr(tabellen, "MAX_BYTES", 1024 * 1024)
    inhalt = datei("ags,monat,elb", *["01054,2024-01,1"] * 80_000)
    assert abgelehnt(session, inhalt).details == [
        "Die Datei ist zu groß (1 MB); höchstens 1 MB sind erlaubt. Bitte in mehrere Dateien "
        "aufteilen."
    ]


def test_zu_viele_zeilen(session, stammdaten, monkeypatch):
    monkeypatch.setattr(tabellen, "MAX_ZEILEN", 3)
    inhalt = datei("ags,monat,elb", *[f"01054,2024-0{m},1" for m in range(1, 6)])
    assert abgelehnt(session, inhalt).details == ["Die Datei hat mehr als 3 Datenzeilen."]


def test_ablehnung_wird_protokolliert_ohne_basiszahlen(session, stammdaten):
    inhalt = datei("ags,monat,elb", *[f"01054,2024-01,x{i}" for i in range(1_500)])
    fehler = abgelehnt(session, inhalt)
    assert len(fehler.details) == 1_500 + 1_499  # je Zeile „keine Zahl“, ab Zeile 3 auch „doppelt“
    session.rollback()
    protokoll_id = protokolliere_ablehnung(session, "tester", JETZT, fehler)
    session.flush()
    protokoll = session.get(ImportProtokoll, protokoll_id)
    assert (protokoll.ergebnis, protokoll.zeilen_gelesen, protokoll.zeilen_neu) == (
        "abgelehnt",
        1_500,
        0,
    )
    assert len(protokoll.fehler) == 1_000
    assert protokoll.fehler[0] == "Zeile 2, Spalte C (elb): „x0“ – keine Zahl."
    assert anzahl(session) == 0


# --- Plausibilitätswarnungen --------------------------------------------------------------------

ZEILENREGELN = [
    ("lzb,elb", "120,100", ["lzb", "elb"], "lzb (120) ist größer als elb (100)"),
    (
        "integrationen_svb,integrationen",
        "11,10",
        ["integrationen_svb", "integrationen"],
        "integrationen_svb (11) ist größer als integrationen (10)",
    ),
    (
        "integrationen_svb_kontinuierlich,integrationen_svb",
        "6,5",
        ["integrationen_svb_kontinuierlich", "integrationen_svb"],
        "integrationen_svb_kontinuierlich (6) ist größer als integrationen_svb (5)",
    ),
    (
        "lzb_aktiviert,lzb",
        "31,30",
        ["lzb_aktiviert", "lzb"],
        "lzb_aktiviert (31) ist größer als lzb (30)",
    ),
    (
        "elb_alleinerziehend,elb",
        "101,100",
        ["elb_alleinerziehend", "elb"],
        "elb_alleinerziehend (101) ist größer als elb (100)",
    ),
]


@pytest.mark.parametrize(
    "spalten,werte,felder,text", ZEILENREGELN, ids=[r[0] for r in ZEILENREGELN]
)
def test_zeilenregel_warnt_und_markiert(session, stammdaten, spalten, werte, felder, text):
    ergebnis = importiere(
        session,
        datei(f"ags,monat,{spalten}", f"01054,2024-01,{werte}", f"01001,2024-01,{werte[::-1]}"),
    )
    assert ergebnis.ergebnis == "importiert"  # Warnungen stoppen den Import nicht
    assert ergebnis.warnungen == [f"Zeile 2: {text} bei 01054, 2024-01, gesamt – bitte prüfen."]
    regel = f"{felder[0]} > {felder[1]}"
    assert staende(session)[0].hinweise == [{"felder": felder, "regel": regel}]
    assert staende(session, "01001")[0].hinweise == []
    assert session.get(ImportProtokoll, ergebnis.protokoll_id).warnungen == 1
    assert ergebnis.meldung.endswith(", 1 Plausibilitätswarnung")


def test_nicht_gemeldete_werte_loesen_keine_warnung_aus(session, stammdaten):
    ergebnis = importiere(
        session,
        datei(
            "ags,monat,geschlecht,lzb,elb",
            "01054,2024-01,gesamt,120,",
            "01054,2024-01,frauen,,",
            "01054,2024-01,maenner,2,7",
        ),
    )
    assert ergebnis.warnungen == []
    assert all(z.hinweise == [] for z in session.exec(select(Basiszahl)))


SUMME = {"felder": ["elb"], "regel": "frauen + maenner != gesamt"}


def test_summenregel_markiert_alle_drei_zeilen(session, stammdaten):
    ergebnis = importiere(
        session,
        datei(
            "ags,monat,geschlecht,elb,lzb,llu",
            "01054,2024-01,gesamt,100,40,100",
            "01054,2024-01,frauen,50,20,1",
            "01054,2024-01,maenner,49,20,2",
        ),
    )
    assert ergebnis.warnungen == [
        "Zeilen 2, 3, 4: elb bei 01054, 2024-01: frauen + maenner = 50 + 49 = 99, aber gesamt = "
        "100 – bitte prüfen."
    ]
    for geschlecht in ("gesamt", "frauen", "maenner"):
        assert staende(session, geschlecht=geschlecht)[0].hinweise == [
            SUMME
        ]  # lzb stimmt, Geld zählt nicht


def test_summenregel_auf_dem_stand_nach_dem_import(session, stammdaten):
    kopf = "ags,monat,geschlecht,datenstand,elb"
    importiere(
        session,
        datei(
            kopf,
            "01054,2024-01,gesamt,2024-03-15,100",
            "01054,2024-01,frauen,2024-03-15,50",
            "01054,2024-01,maenner,2024-03-15,50",
        ),
    )
    assert all(z.hinweise == [] for z in session.exec(select(Basiszahl)))

    neu = importiere(session, datei(kopf, "01054,2024-01,frauen,2024-04-15,52"))
    assert neu.neuer_datenstand == 1
    assert neu.warnungen == [
        (
            "Zeile 2: elb bei 01054, 2024-01: frauen + maenner = 52 + 50 = 102, aber gesamt = 100 "
            "(gesamt, maenner aus früherem Import) – bitte prüfen."
        )
    ]
    session.expire_all()
    for geschlecht in ("gesamt", "frauen", "maenner"):
        assert staende(session, geschlecht=geschlecht)[0].hinweise == [SUMME], geschlecht
    assert staende(session, geschlecht="frauen")[1].hinweise == []  # alter Stand unverändert
    assert [z.elb for z in staende(session, geschlecht="gesamt")] == [
        100
    ]  # Werte nie überschrieben

    korrektur = importiere(session, datei(kopf, "01054,2024-01,gesamt,2024-04-15,102"))
    assert korrektur.warnungen == []
    session.expire_all()
    for geschlecht in ("gesamt", "frauen", "maenner"):
        assert staende(session, geschlecht=geschlecht)[0].hinweise == [], geschlecht


# --- Datenstände ----------------------------------------------------------------------------------


def _stand(session, datenstand: str, elb: int | str, llu: str = "10.00"):
    return importiere(
        session, datei("ags,monat,datenstand,elb,llu", f"01054,2024-01,{datenstand},{elb},{llu}")
    )


def test_neuerer_datenstand_gewinnt_aelterer_bleibt(session, stammdaten):
    assert _stand(session, "2024-03-15", 100).neu == 1
    zweiter = _stand(session, "2024-04-15", 110)
    assert (zweiter.ergebnis, zweiter.neu, zweiter.neuer_datenstand) == ("importiert", 0, 1)
    assert (
        zweiter.meldung
        == "1 Zeile gelesen, 0 neu, 1 neuer Datenstand, 0 unverändert, 0 Plausibilitätswarnungen"
    )
    assert [(z.datenstand, z.elb) for z in staende(session)] == [
        (date(2024, 4, 15), 110),
        (date(2024, 3, 15), 100),
    ]


def test_aelterer_datenstand_spaeter_importiert_gewinnt_nicht(session, stammdaten):
    _stand(session, "2024-04-15", 110)
    spaet = _stand(session, "2024-03-15", 100)
    assert spaet.neuer_datenstand == 1  # der Stand wird gespeichert (Historie) …
    assert [z.elb for z in staende(session)] == [110, 100]  # … gilt aber nicht


def test_korrektur_am_selben_tag_gewinnt(session, stammdaten):
    _stand(session, "2024-04-15", 110)
    korrektur = _stand(session, "2024-04-15", 111)
    assert korrektur.neuer_datenstand == 1
    assert [z.elb for z in staende(session)] == [111, 110]


def test_alter_stand_erneut_importiert_aendert_nichts(session, stammdaten):
    _stand(session, "2024-03-15", 100)
    _stand(session, "2024-04-15", 110)
    wieder = _stand(session, "2024-03-15", 100)
    assert (wieder.ergebnis, wieder.unveraendert) == ("unveraendert", 1)
    assert anzahl(session) == 2 and staende(session)[0].elb == 110


def test_gleiche_werte_mit_neuerem_datenstand_sind_unveraendert(session, stammdaten):
    _stand(session, "2024-03-15", 100)
    assert _stand(session, "2024-04-15", 100).ergebnis == "unveraendert"
    # „nicht gemeldet“ ist ein anderer Wert als 0 und als eine Zahl: das ist ein neuer Datenstand
    assert _stand(session, "2024-04-15", "").neuer_datenstand == 1
    assert [z.elb for z in staende(session)] == [None, 100]


def test_identischer_reimport_aendert_nichts_und_sagt_es(session, stammdaten):
    inhalt = datei(
        "ags,monat,geschlecht,elb,llu",
        "01054,2024-01,gesamt,5,1.10",
        "01054,2024-02,gesamt,6,",
        "01001,2024-01,frauen,7,0",
    )
    erster = importiere(session, inhalt)
    vorher = anzahl(session)
    zweiter = importiere(session, inhalt, jetzt=datetime(2025, 6, 1, tzinfo=UTC))
    assert (zweiter.ergebnis, zweiter.neu, zweiter.neuer_datenstand, zweiter.unveraendert) == (
        "unveraendert",
        0,
        0,
        3,
    )
    assert zweiter.meldung == (
        "3 Zeilen gelesen, keine Änderungen: alle Zeilen waren bereits mit identischen Werten "
        "vorhanden"
    )
    assert anzahl(session) == vorher == 3
    assert zweiter.sha256 == erster.sha256
    protokoll = session.get(ImportProtokoll, zweiter.protokoll_id)
    assert (protokoll.ergebnis, protokoll.zeilen_neu, protokoll.zeilen_unveraendert) == (
        "unveraendert",
        0,
        3,
    )


def test_teilweise_geaenderte_datei(session, stammdaten):
    importiere(session, datei("ags,monat,elb", "01054,2024-01,5", "01054,2024-02,6"))
    ergebnis = importiere(
        session, datei("ags,monat,elb", "01054,2024-01,5", "01054,2024-02,7", "01054,2024-03,8")
    )
    assert (ergebnis.neu, ergebnis.neuer_datenstand, ergebnis.unveraendert) == (1, 1, 1)
    assert (
        ergebnis.meldung
        == "3 Zeilen gelesen, 1 neu, 1 neuer Datenstand, 1 unverändert, 0 Plausibilitätswarnungen"
    )


def test_demodaten_flag_und_fortschritt(session, stammdaten):
    meldungen: list[tuple[int, int]] = []
    zeilen = [f"01054,{2020 + m // 12}-{m % 12 + 1:02d},{m}" for m in range(60)]
    ergebnis = importiere(
        session,
        datei("ags,monat,elb", *zeilen),
        demodaten=True,
        fortschritt=lambda erledigt, gesamt: meldungen.append((erledigt, gesamt)),
    )
    assert session.get(ImportProtokoll, ergebnis.protokoll_id).demodaten is True
    assert meldungen[-1] == (120, 120)
    assert [e for e, _ in meldungen] == sorted(e for e, _ in meldungen)


def test_alle_felder_werden_gespeichert(session, stammdaten):
    werte = [str(i + 1) for i in range(len(FELDNAMEN))]
    importiere(
        session, datei("ags,monat," + ",".join(FELDNAMEN), "01054,2024-01," + ",".join(werte))
    )
    zeile = staende(session)[0]
    erwartet = {
        n: (int(w) * 100 if n in ("llu", "luh") else int(w))
        for n, w in zip(FELDNAMEN, werte, strict=True)
    }
    assert {n: getattr(zeile, n) for n in FELDNAMEN} == erwartet
