"""Demo: Niedersachsen hat nach dem Laden Vereinbarungen in jedem Zustand, auch beidseitig
unterzeichnete mit gültigen Signaturen; ein zweiter Lauf ändert nichts."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from tests.fixtures.dokumente import JETZT
from zielvereinbarung.demo.unterzeichnung import lade_demo_unterzeichnungen
from zielvereinbarung.demo.verhandlung import lade_demo_verhandlung
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.models import Dokument, Traeger, Zielvereinbarung
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen


def test_demo_land_in_jedem_zustand(session, stammdaten, tmp_path):
    einst = DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={})
    verhandlung = lade_demo_verhandlung(session, date(2026, 11, 24), JETZT)
    erste = lade_demo_unterzeichnungen(session, einst, verhandlung.jahr, JETZT)
    assert erste.hinweis is None
    assert set(erste.zustaende.values()) == {"entwurf", "angebot", "gegenvorschlag", "einigung",
                                            "unterzeichnet_traeger", "unterzeichnet"}  # fmt: skip
    assert (erste.zustaende["03157"], erste.zustaende["03159"]) == ("entwurf", "einigung")
    assert list(erste.zustaende.values()).count("unterzeichnet") == 2
    zustaende = dict(session.execute(
        select(Zielvereinbarung.ags, Zielvereinbarung.zustand)
        .join(Traeger, Traeger.ags == Zielvereinbarung.ags).where(Traeger.land_code == "NI")
    ).all())  # fmt: skip
    assert zustaende == erste.zustaende

    ags = next(a for a, z in erste.zustaende.items() if z == "unterzeichnet")
    v = session.exec(select(Zielvereinbarung).where(Zielvereinbarung.ags == ags)).one()
    _, daten = dienst.lies_version(session, einst, v.id, 3, _leser())
    befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), JETZT)
    assert befund.alle_in_ordnung and all(s.vertrauenswuerdig for s in befund.signaturen)
    assert [s.organisationskennung for s in befund.signaturen] == [f"ZV-{ags}", "ZV-NI"]

    dokumente = session.exec(select(func.count()).select_from(Dokument)).one()
    zweite = lade_demo_unterzeichnungen(session, einst, verhandlung.jahr, JETZT)
    assert zweite.zustaende == erste.zustaende
    assert session.exec(select(func.count()).select_from(Dokument)).one() == dokumente == 3 + 3 + 2


def _leser():
    from zielvereinbarung.domain.berechtigung import Akteur

    return Akteur("leser-ni", "leser", land_code="NI")
