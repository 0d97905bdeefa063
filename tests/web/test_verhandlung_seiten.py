"""Verhandlung im Browser (Test-Client, echte Anmeldung): Angebot, Gegenvorschlag, Annahme,
Eingabefehler am Feld, Escaping, Vergleich, Berechtigung, Unterschriften.

Daten (Fixture `entwuerfe_sh`): Entwurf 2027 für 01054 (Basiswert IQ 30,0 %, Orientierungswert
IQ +2,0 %) und 01059 (ohne Basiszahlen); Träger-Benutzer traeger-01054, Land land-sh."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select

from zielvereinbarung.models import Revision, Zielvereinbarung, Zielwert

from .conftest import bestaetige


def revisionen(engine, vid: int) -> int:
    with Session(engine) as s:
        return s.exec(
            select(func.count()).select_from(Revision).where(Revision.vereinbarung_id == vid)
        ).one()


def zustand(engine, vid: int) -> str:
    with Session(engine) as s:
        return s.get(Zielvereinbarung, vid).zustand


def sende(client, formular, vid: int, **felder):
    """Das Angebotsformular laden, Felder ändern und absenden (`IQ_F_wert` steht für das Feld
    `IQ_F-wert`: der letzte Unterstrich wird zum Bindestrich)."""
    action, daten = formular(client, f"/vereinbarungen/{vid}/bearbeiten")
    for name, wert in felder.items():
        daten["-".join(name.rsplit("_", 1)) if "_" in name else name] = wert
    return client.post(action, data=daten)


def test_volle_runde_bis_zur_einigung(client_als, formular, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")

    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Entwurf" in seite and "Träger am Zug" in seite
    assert "30,0 %" in seite and "Das Ziel ist erreicht, wenn die Integrationsquote 2027" in seite
    assert "Angebot einreichen" in seite and "Angebot annehmen" not in seite
    assert "Integrationsquote (Jahresfortschrittswert)" in seite

    antwort = sende(traeger, formular, vid, IQ_wert="2,5", kommentar="Unser Angebot")
    assert antwort.status_code == 302 and antwort.headers["Location"] == f"/vereinbarungen/{vid}"
    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Angebot eingereicht" in seite and "Land am Zug" in seite
    assert "+2,5 %" in seite and 'role="status"' in seite and "Revision 2" in seite

    seite = land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Gegenvorschlag senden" in seite and "Angebot annehmen" in seite
    antwort = sende(land, formular, vid, IQ_wert="3,0", kommentar="Bitte mehr")
    assert antwort.status_code == 302
    assert zustand(engine, vid) == "gegenvorschlag"

    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Gegenvorschlag annehmen" in seite and "Neues Angebot einreichen" in seite
    assert f'href="/vereinbarungen/{vid}/annehmen"' in seite
    # die Bestätigungsseite zeigt die Werte, die eingefroren werden; frisch angemeldet genügt
    bestaetigung = traeger.get(f"/vereinbarungen/{vid}/annehmen").get_data(as_text=True)
    assert (
        "Werte der Revision 3, die vereinbart werden" in bestaetigung and "+3,0 %" in bestaetigung
    )
    bestaetige(traeger, f"/vereinbarungen/{vid}/annehmen")
    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Einigung erzielt" in seite and "Vereinbart ist Revision 3" in seite
    assert "+3,0 %" in seite and "Unterzeichnen" in seite
    assert revisionen(engine, vid) == 3


def test_landesuebersicht_und_eigene_liste(client_als, formular, entwuerfe_sh):
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    sende(traeger, formular, vid, IQ_wert="1,5")

    antwort = land.get("/verhandlungen")
    assert antwort.status_code == 302 and re.search(
        r"/verhandlungen/SH/\d{4}$", antwort.headers["Location"]
    )
    seite = land.get("/verhandlungen/SH/2027").get_data(as_text=True)
    assert "Kreis Nordfriesland" in seite and "Kreis Schleswig-Flensburg" in seite
    assert "Land am Zug" in seite and "Träger am Zug" in seite
    assert "1 Abweichung" in seite and "+1,5 % statt +2,0 %" in seite
    assert f'href="/vereinbarungen/{vid}"' in seite and "<caption" in seite

    seite = traeger.get("/verhandlungen").get_data(as_text=True)
    assert "Zielvereinbarung 2027" in seite and "Land am Zug" in seite
    assert f'/vereinbarungen/{entwuerfe_sh["01059"]}"' not in seite
    assert traeger.get("/verhandlungen/SH/2027").status_code == 403


def test_kommentare_werden_escaped(client_als, formular, entwuerfe_sh):
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    boese = '<script>alert("x")</script><b>fett</b>'
    assert sende(traeger, formular, vid, IQ_kommentar=boese, kommentar=boese).status_code == 302
    for client, url in (
        (land, f"/vereinbarungen/{vid}"),
        (land, f"/vereinbarungen/{vid}/vergleich?a=1&b=2"),
        (land, f"/vereinbarungen/{vid}/bearbeiten"),
    ):
        seite = client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in seite, url
        assert "<script>alert" not in seite and "<b>fett</b>" not in seite


def test_bidi_steuerzeichen_werden_beim_eingang_entfernt(
    client_als, formular, entwuerfe_sh, engine
):
    """U+202E (Leserichtung umkehren) und U+2066–2069 verschwinden aus jedem Formularfeld, bevor
    etwas gespeichert wird; der Text selbst bleibt und erscheint lesbar auf der Seite."""
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    boese = "Preis \u202e€ 001\u202c laut \u2067Plan\u2069"
    assert sende(traeger, formular, vid, IQ_kommentar=boese, kommentar=boese).status_code == 302
    with Session(engine) as s:
        rev = s.exec(
            select(Revision).where(Revision.vereinbarung_id == vid).order_by(Revision.nummer.desc())
        ).first()
        iq = s.exec(
            select(Zielwert).where(Zielwert.revision_id == rev.id, Zielwert.zielindikator == "IQ")
        ).one()
        assert rev.kommentar == iq.kommentar == "Preis € 001 laut Plan"
    seite = land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Preis € 001 laut Plan" in seite
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", seite)


def test_passwortfelder_behalten_ihre_zeichen(app):
    from werkzeug.datastructures import MultiDict
    from wtforms import PasswordField, StringField

    from zielvereinbarung.web.kern.formulare import Formular

    class Probe(Formular):
        name = StringField()
        passwort = PasswordField()

    with app.test_request_context():
        f = Probe(MultiDict({"name": "A\u202eB", "passwort": "x\u202ey"}), meta={"csrf": False})
    assert (f.name.data, f.passwort.data) == ("AB", "x\u202ey")


def test_eingabefehler_stehen_am_feld_und_nichts_geht_verloren(
    client_als, formular, entwuerfe_sh, engine
):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    antwort = sende(
        traeger,
        formular,
        vid,
        IQ_wert="abc",
        LZB_zieltyp="korridor",
        LZB_untere="3,0",
        LZB_obere="1,0",
        IQ_F_zieltyp="veraenderung",
        IQ_F_wert="60",
        IQ_M_zieltyp="niveau",
        IQ_M_wert="2,555",
        kommentar="bleibt erhalten",
    )
    assert antwort.status_code == 422
    seite = antwort.get_data(as_text=True)
    assert "„abc“ ist keine Zahl im deutschen Format" in seite
    assert re.search(
        r'aria-describedby="IQ-wert-fehler"[^>]*aria-invalid="true"[^>]*'
        r'name="IQ-wert"[^>]*value="abc"',
        seite,
    ), "Fehler am Feld, Eingabe erhalten"
    assert 'id="IQ-wert-fehler"' in seite and 'href="#IQ-wert"' in seite
    assert 'id="LZB-obere-fehler"' in seite and "Obergrenze muss über der Untergrenze" in seite
    assert 'id="IQ_F-wert-fehler"' in seite and "zwischen −50,0 % und +50,0 %" in seite
    assert 'id="IQ_M-wert-fehler"' in seite and "höchstens 2 Nachkommastellen" in seite
    assert "bleibt erhalten" in seite and 'value="3,0"' in seite
    assert revisionen(engine, vid) == 1


def test_zu_grosse_eingaben_werden_abgelehnt(client_als, formular, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    antwort = sende(
        traeger,
        formular,
        vid,
        IQ_kommentar="x" * 4001,
        kommentar="y" * 4001,
        LZB_zieltyp="veraenderung",
        LZB_wert="1" * 31,
        Q1_text="z" * 2001,
    )
    assert antwort.status_code == 422
    seite = antwort.get_data(as_text=True)
    assert 'id="IQ-kommentar-fehler"' in seite and "höchstens 4.000 Zeichen (jetzt 4.001)" in seite
    assert 'id="kommentar-fehler"' in seite
    assert 'id="LZB-wert-fehler"' in seite and "zu lang" in seite
    assert 'id="Q1-text-fehler"' in seite and "höchstens 2.000 Zeichen" in seite
    assert revisionen(engine, vid) == 1


def test_weiteres_qualitatives_ziel(client_als, formular, entwuerfe_sh):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    antwort = sende(
        traeger, formular, vid, Q1_bezeichnung="Gleichstellung", Q1_text="Mehr Frauen in Arbeit"
    )
    assert antwort.status_code == 302
    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert (
        "Gleichstellung" in seite and "Mehr Frauen in Arbeit" in seite and "Weitere Ziele" in seite
    )


def test_vergleich_markiert_geaenderte_werte(client_als, formular, entwuerfe_sh):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    sende(traeger, formular, vid, IQ_wert="2,5", kommentar="neu")
    seite = traeger.get(f"/vereinbarungen/{vid}/vergleich?a=1&b=2").get_data(as_text=True)
    iq = seite[seite.index("Integrationsquote (Jahresfortschrittswert)") :]
    iq = iq[: iq.index("</tr>", iq.index("Ziel</th>"))]
    assert "+2,0 %" in iq and "<mark>+2,5 %</mark>" in iq and "(geändert)" in iq
    assert "1 Zielindikator geändert" in seite
    assert '<select id="vergleich-a" name="a">' in seite and 'method="get"' in seite
    assert traeger.get(f"/vereinbarungen/{vid}/vergleich?a=1&b=9").status_code == 404
    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert f"/vereinbarungen/{vid}/vergleich?a=1&amp;b=2" in seite


def test_fremde_posts_werden_abgewiesen_und_nichts_geschrieben(
    client_als, formular, entwuerfe_sh, welt, engine
):
    nachbar = entwuerfe_sh["01059"]
    ni = welt.vereinbarung("03157")
    traeger, land = client_als("traeger"), client_als("land")
    _, daten = formular(traeger, f"/vereinbarungen/{entwuerfe_sh['01054']}/bearbeiten")
    for client, vid in ((traeger, nachbar), (land, ni), (traeger, ni)):
        for url in (
            f"/vereinbarungen/{vid}/bearbeiten",
            f"/vereinbarungen/{vid}/annehmen",
            f"/vereinbarungen/{vid}/aktion/unterzeichnen",
        ):
            daten["basis_nummer"] = "1"
            daten["csrf_token"] = _token(client, entwuerfe_sh["01054"])["csrf_token"]
            assert client.post(url, data=daten).status_code in (403, 404), url
        assert client.get(f"/vereinbarungen/{vid}").status_code == 403
        assert revisionen(engine, vid) == 1 and zustand(engine, vid) == "entwurf"


def test_leser_sieht_ohne_knoepfe_und_darf_nicht_schreiben(
    client_als, formular, entwuerfe_sh, engine
):
    vid = entwuerfe_sh["01054"]
    _, daten = formular(client_als("traeger"), f"/vereinbarungen/{vid}/bearbeiten")
    leser = client_als("leser")
    daten["csrf_token"] = _token(leser, vid)["csrf_token"]
    seite = leser.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Das Ziel ist erreicht, wenn" in seite
    assert "/bearbeiten" not in seite and "/annehmen" not in seite and "knopf-haupt" not in seite
    assert leser.get(f"/vereinbarungen/{vid}/bearbeiten").status_code == 403
    assert leser.post(f"/vereinbarungen/{vid}/bearbeiten", data=daten).status_code == 403
    assert leser.post(f"/vereinbarungen/{vid}/annehmen", data=daten).status_code == 403
    assert revisionen(engine, vid) == 1

    admin = client_als("admin")
    daten["csrf_token"] = _token(admin, vid)["csrf_token"]
    seite = admin.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "knopf-haupt" not in seite
    assert admin.get(f"/vereinbarungen/{vid}/bearbeiten").status_code == 302
    assert admin.post(f"/vereinbarungen/{vid}/bearbeiten", data=daten).status_code == 302
    assert revisionen(engine, vid) == 1


def test_nicht_am_zug_und_unterschriften(client_als, formular, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    antwort = land.get(f"/vereinbarungen/{vid}/bearbeiten")
    assert antwort.status_code == 302
    assert "nichts einzureichen" in land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)

    sende(traeger, formular, vid, IQ_wert="2,5")
    bestaetige(land, f"/vereinbarungen/{vid}/annehmen")
    assert zustand(engine, vid) == "einigung"
    # Unterzeichnen nur über das signierte Dokument: der Knopf führt zur Dokumentseite, ein
    # Zustandswechsel ohne Dokument ist nicht erreichbar.
    seite = traeger.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert f'href="/vereinbarungen/{vid}/dokument"' in seite
    assert "Unterzeichnen (zum Vereinbarungsdokument)" in seite
    antwort = traeger.post(f"/vereinbarungen/{vid}/aktion/unterzeichnen", data=_token(traeger, vid))
    assert antwort.status_code == 404 and zustand(engine, vid) == "einigung"


def _token(client, vid: int) -> dict:
    seite = client.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    return {"csrf_token": re.search(r'<meta name="csrf-token" content="([^"]+)"', seite).group(1)}
