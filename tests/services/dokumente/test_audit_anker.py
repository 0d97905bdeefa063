"""Nach jeder Unterschrift wird der Kopf der Audit-Kette außerhalb der Datenbank verankert –
erst nach dem Commit; eine abgelehnte Unterschrift hinterlässt keinen Anker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fixtures.dokumente import JETZT, LAND, NF, unterzeichne
from zielvereinbarung.config import audit_schluessel
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.services.audit.anker import lies_anker
from zielvereinbarung.services.audit.kette import kopf
from zielvereinbarung.services.audit.pruefung import pruefe_kette


def test_jede_unterschrift_verankert_den_kopf(session, einst, vid, zertifikate_sh):
    session.commit()  # Vorbereitung der Fixtures festschreiben
    unterzeichne(session, einst, vid, NF, JETZT)
    assert lies_anker() == []  # noch nicht festgeschrieben
    session.commit()
    (erster,) = lies_anker()
    assert (erster.anlass, erster.id) == ("unterschrift", kopf(session).id)
    unterzeichne(session, einst, vid, LAND, JETZT + timedelta(minutes=5))
    session.commit()
    assert [a.anlass for a in lies_anker()] == ["unterschrift", "unterschrift"]
    assert lies_anker()[1].id == kopf(session).id > erster.id
    assert pruefe_kette(session, audit_schluessel(), lies_anker()).ok


def test_abgelehnte_unterschrift_hinterlaesst_keinen_anker(session, einst, vid, zertifikate_sh):
    session.commit()
    with pytest.raises(FachlicherFehler):
        unterzeichne(session, einst, vid, LAND, JETZT)  # Land vor dem Träger
    session.rollback()
    assert lies_anker() == []
