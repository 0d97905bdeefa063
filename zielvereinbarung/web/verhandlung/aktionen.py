"""„Angebot annehmen“ (Land) / „Gegenvorschlag annehmen“ (Träger) über die Bestätigungsseite.

Annehmen friert die vereinbarten Werte ein (DOMAIN.md § 5). Deshalb zeigt GET genau die Revision
der Gegenseite mit allen Werten, und POST verlangt Passwort oder frische Anmeldung
(`web.kern.bestaetigung`). Das Formular nennt die angenommene Revision, damit niemand unbemerkt eine
neuere Revision annimmt (sonst die Konfliktseite).

Unterzeichnen und Gegenzeichnen geschehen nur durch die Signatur des Vereinbarungsdokuments
(`web/dokumente`), der Jahresabschluss nur über die Nachhaltung (`web/nachhaltung`), die dabei
die Jahresergebnisse einfriert – hier gibt es dafür bewusst keinen Zustandswechsel ohne Dokument.

Die Berechtigung wird vor dem Lesen des Formulars geprüft (403/404).
"""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user

from ...domain import verhandlung as vh
from ...fehler import FachlicherFehler
from ...format import zeitpunkt
from ...services.verhandlung.schritte import nimm_an
from ..kern.adressen import id_zahl
from ..kern.berechtigung import aktueller_akteur, schreibrecht_erforderlich
from ..kern.bestaetigung import BestaetigungsFormular, Seite, bestaetigt, seite
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from . import bp
from .bearbeiten import lade_seite
from .darstellung import aktionstext, nach_zielen, revision_kopf
from .fehler import erfolg

ROLLE = vh.PARTEI_BEZEICHNUNG


@bp.route("/vereinbarungen/<int:id>/annehmen", methods=["GET", "POST"])
@schreibrecht_erforderlich
def annehmen(id: int):
    vereinbarung = lade_seite(id)
    a = vereinbarung.ansicht
    rev = a.aktuelle_revision
    formular = BestaetigungsFormular(bestaetigt=str(rev.nummer))
    # POST: erst die Identität, dann entscheidet der Service (auch: Konflikt bei neuerer Revision)
    if request.method == "POST" and bestaetigt(formular, "annehmen"):
        try:
            basis = id_zahl(formular.bestaetigt.data)
        except ValueError:
            abort(400)
        return erfolg(nimm_an(db(), id, basis, aktueller_akteur(), jetzt()))
    aktion = next((x for x in a.erlaubte_aktionen if x.art == vh.ANNAHME), None)
    if aktion is None:
        raise FachlicherFehler(
            f"Annehmen ist jetzt nicht möglich (Zustand: {a.zustand_bezeichnung})."
        )
    partei = ROLLE[aktueller_akteur().rolle]
    angaben = Seite(
        titel=aktionstext(aktion),
        einleitung=(
            f"Sie nehmen als {partei} die Revision der Gegenseite unverändert an. Danach sind die "
            "unten stehenden Werte vereinbart und eingefroren; das Dokument wird aus ihnen "
            "ausgestellt und unterzeichnet. Ändern lässt sich die Vereinbarung danach nur durch "
            "eine Änderungsvereinbarung."
        ),
        verb="annehmen",
        knopf=f"{aktionstext(aktion)}: Werte verbindlich vereinbaren",
        aktion_url=url_for("verhandlung.annehmen", id=id),
        zurueck_url=url_for("verhandlung.vereinbarung", id=id),
        werte_titel=f"Werte der Revision {rev.nummer}, die vereinbart werden",
        ziele=nach_zielen(rev),
        eckdaten=[
            ("Vereinbarung", f"Zielvereinbarung {a.jahr}: {a.traeger_name} ({a.ags})"),
            ("Sie nehmen an", f"{revision_kopf(rev)}, {zeitpunkt(rev.zeitpunkt)}"),
            ("Sie handeln als", f"{current_user.name} ({partei})"),
        ],
    )
    return seite(angaben, formular)
