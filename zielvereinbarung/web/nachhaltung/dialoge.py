"""Zielnachhaltedialoge im Browser (Services: `services.nachhaltung.dialoge`, `.korrektur`,
`.bestaetigung`).

- Erfassen: das Formular trägt ein einmaliges Token; ein zweites Absenden (Doppelklick, „Zurück“
  und erneut senden) legt nichts an und zeigt den gespeicherten Dialog.
- Korrigieren: die erfassende Seite, bis die Gegenseite bestätigt hat; das Formular trägt die
  Version, die es zeigte (wer eine ältere korrigiert, bekommt 409 statt eines Überschreibens).
- Bestätigen: die Gegenseite, genau die gesehene Version (409, wenn inzwischen korrigiert);
  danach ist der Dialog eingefroren (Korrigieren → 409), eine Korrektur ist ein neuer Dialog mit
  Verweis (`…/dialog?korrektur_von=<id>`, vorbelegt).
Dieselben Seiten erfassen die Sitzungen des Kooperationsausschusses einer Vereinbarung BMAS ↔ Land
(DOMAIN.md § 9; Parteien BMAS und Land, angezeigt auf `/bund/<land>/<jahr>`).
Nur die Parteien; fremd → 403, unbekannt → 404, unsinnige Version → 400 (`fachliche_fehler` in
`routes`). Nach jedem Speichern zurück zur Nachhaltungsseite, zum Dialog gesprungen; Nachrichten an
die Gegenseite nach dem Commit. Ungültige Eingaben (die Anfrage ist dann schon zurückgerollt) →
das Formular mit den Fehlern am Feld.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ...domain.ziele import bezeichnung
from ...format import datum
from ...mail import sende_nachrichten
from ...models import Zielnachhaltedialog
from ...services.budget.stand import budget_zum_datenstand
from ...services.nachhaltung.bestaetigung import bestaetige_dialog, zur_bestaetigung
from ...services.nachhaltung.bund import land_stand
from ...services.nachhaltung.dialoganzeige import dialog_name
from ...services.nachhaltung.dialoge import (
    DialogKonflikt,
    erfasse_dialog,
    ist_bestaetigt,
    korrektur_zu,
    neues_formular_token,
)
from ...services.nachhaltung.dialoginhalt import UngueltigerDialog, ziele_der_vereinbarung
from ...services.nachhaltung.korrektur import (
    EINGEFROREN,
    korrektur_verweigert,
    korrigiere_dialog,
    lade_dialog,
)
from ...services.nachhaltung.seite import dialog_vereinbarung
from ...services.verhandlung.lesen import pruefe_partei
from ..kern.adressen import id_zahl
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db, nach_commit
from ..kern.zeit import jetzt
from . import bp
from .forms import dialog_formular

SCHON_GESPEICHERT = (
    "Dieser Dialog wurde bereits gespeichert (das Formular wurde noch einmal gesendet); es wurde "
    "nichts doppelt angelegt. Hier ist der gespeicherte Dialog."
)


def _ziele(id: int) -> list[tuple[str, str]]:
    """Prüft Sicht, Zustand und Partei (vor jedem Formular) und liefert die Ziele."""
    v, traeger = dialog_vereinbarung(db(), id, aktueller_akteur())
    pruefe_partei(aktueller_akteur(), traeger)
    return [(z.zielindikator, z.bezeichnung) for z in ziele_der_vereinbarung(db(), v)]


def _seite(id: int, anker: str | None = None) -> str:
    """Wo die Dialoge stehen: die Nachhaltungsseite; bei BMAS ↔ Land die Seite des Landes."""
    v, _ = dialog_vereinbarung(db(), id, aktueller_akteur())
    if v.ags is None:
        return url_for("bund.land", land=v.land_code, jahr=v.jahr, _anchor=anker)
    return url_for("nachhaltung.seite", id=id, _anchor=anker)


def _name(id: int) -> str:
    """„Zielnachhaltedialog“ oder „Sitzung des Kooperationsausschusses“ (BMAS ↔ Land)."""
    return dialog_name(dialog_vereinbarung(db(), id, aktueller_akteur())[0].ags is None)


def _mit_artikel(id: int) -> str:
    name = _name(id)
    return f"{'Der' if name == 'Zielnachhaltedialog' else 'Die'} {name}"


def zum_dialog(id: int, dialog_id: int):
    return redirect(_seite(id, f"dialog-{dialog_id}"))


def _inhalt(form, ziele: list[tuple[str, str]]) -> dict:
    return {
        "datum": form.datum.data,
        "teilnehmende": form.teilnehmende.data,
        "datenstand": (form.datenstand.data or "").strip(),
        "wuerdigungen": {code: form[f"wuerdigung_{code}"].data for code, _ in ziele},
        "massnahmen": form.massnahmen.data,
    }


def _fuelle(form, dialog: Zielnachhaltedialog) -> None:
    """Das Formular mit dem gespeicherten Dialog vorbelegen."""
    form.datum.data = dialog.datum
    form.teilnehmende.data = dialog.teilnehmende
    form.datenstand.data = dialog.datenstand
    form.massnahmen.data = dialog.massnahmen or ""
    for code, text in (dialog.wuerdigungen or {}).items():
        if f"wuerdigung_{code}" in form:
            form[f"wuerdigung_{code}"].data = text


def _zahl(text: str | None, fehlercode: int) -> int:
    try:
        return id_zahl(text or "")
    except ValueError:
        abort(fehlercode)


def _korrektur_von() -> int | None:
    """Der korrigierte (bestätigte) Dialog aus Formular oder Adresse; Unsinn → 404."""
    quelle = request.form if request.method == "POST" else request.args
    return _zahl(quelle["korrektur_von"], 404) if quelle.get("korrektur_von") else None


def _bezug(id: int, korrektur_von: int | None) -> Zielnachhaltedialog | None:
    if korrektur_von is None:
        return None
    return lade_dialog(db(), id, korrektur_von, aktueller_akteur())[1]


def _dialogseite(form, ziele, id: int, titel: str, hinweis: str = ""):
    felder = [form[f"wuerdigung_{code}"] for code, _ in ziele]
    v, _ = dialog_vereinbarung(db(), id, aktueller_akteur())
    budget = budget_zum_datenstand(db(), v.ags, v.jahr, form.datenstand.data) if v.ags else None
    aggregat = None
    if v.ags is None:  # Kooperationsausschuss: gewürdigt wird der Stand des Aggregats der zkT
        form.datum.label.text = "Datum der Sitzung"
        aggregat = land_stand(db(), aktueller_akteur(), v.land_code, v.jahr)
    return render_template(
        "nachhaltung/dialog.html", form=form, felder=felder, id=id, titel=titel, hinweis=hinweis,
        budget=budget, zurueck=_seite(id), bund_land=v.ags is None, aggregat=aggregat,
        namen={z.code: bezeichnung(z.code) for z in aggregat.zellen} if aggregat else {},
    )  # fmt: skip


def _erfassungsseite(form, ziele, id: int, bezug: Zielnachhaltedialog | None):
    if bezug is None:
        return _dialogseite(form, ziele, id, f"{_name(id)} erfassen")
    hinweis = (
        f"Korrektur des bestätigten Dialogs vom {datum(bezug.datum)}. Er bleibt unverändert "
        "erhalten; die Korrektur wird als neuer Dialog gespeichert, der auf ihn verweist, und von "
        "der Gegenseite bestätigt."
    )
    return _dialogseite(form, ziele, id, f"Korrektur zum Dialog vom {datum(bezug.datum)}", hinweis)


def _korrekturseite(form, ziele, id: int, gespeichert: Zielnachhaltedialog):
    hinweis = (
        f"Sie korrigieren Version {gespeichert.version}. Solange die Gegenseite den Dialog nicht "
        "bestätigt hat, ersetzt die Korrektur ihn; die bisherige Version bleibt im Verlauf."
    )
    titel = f"Dialog vom {datum(gespeichert.datum)} korrigieren"
    return _dialogseite(form, ziele, id, titel, hinweis)


def _benachrichtige(id: int, dialog: Zielnachhaltedialog, korrigiert: bool) -> None:
    v, traeger = dialog_vereinbarung(db(), id, aktueller_akteur())
    nachrichten = zur_bestaetigung(db(), dialog, traeger, v.jahr, jetzt(), korrigiert)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))


@bp.route("/vereinbarungen/<int:id>/nachhaltung/dialog", methods=["GET", "POST"])
def dialog(id: int):
    """Neuer Dialog; mit `korrektur_von` die Korrektur eines bestätigten Dialogs (vorbelegt)."""
    ziele = _ziele(id)
    form = dialog_formular(ziele)
    korrektur_von = _korrektur_von()
    bezug = _bezug(id, korrektur_von)
    if request.method == "GET":
        if bezug is not None and not ist_bestaetigt(db(), bezug.id):
            flash(
                "Dieser Dialog ist noch nicht bestätigt; die erfassende Seite kann ihn direkt "
                "korrigieren.",
                "info",
            )
            return zum_dialog(id, bezug.id)
        frueher = korrektur_zu(db(), bezug.id) if bezug is not None else None
        if frueher is not None:
            flash("Zu diesem Dialog ist bereits eine Korrektur erfasst; hier ist sie.", "info")
            return zum_dialog(id, frueher.id)
        form.formular_token.data = neues_formular_token()
        if bezug is not None:
            _fuelle(form, bezug)
            form.korrektur_von.data = str(bezug.id)
        elif not form.datenstand.data:
            form.datenstand.data = request.args.get("monat", "")
    if form.validate_on_submit():
        gespeichert = erfasse_dialog(
            db(),
            id,
            aktueller_akteur(),
            jetzt(),
            **_inhalt(form, ziele),
            formular_token=form.formular_token.data,
            korrektur_von=korrektur_von,
        )
        if gespeichert.neu:
            _benachrichtige(id, gespeichert.dialog, korrigiert=False)
            flash(
                f"{_mit_artikel(id)} wurde gespeichert; die Gegenseite wird um Bestätigung "
                "gebeten.",
                "erfolg",
            )
        else:
            flash(SCHON_GESPEICHERT, "info")
        return zum_dialog(id, gespeichert.dialog.id)
    return _erfassungsseite(form, ziele, id, bezug)


@bp.route(
    "/vereinbarungen/<int:id>/nachhaltung/dialog/<int:dialog_id>/korrigieren",
    methods=["GET", "POST"],
)
def korrigieren(id: int, dialog_id: int):
    """Die erfassende Seite korrigiert ihren Dialog, solange die Gegenseite ihn nicht bestätigt
    hat."""
    ziele = _ziele(id)
    v, gespeichert, partei = lade_dialog(db(), id, dialog_id, aktueller_akteur())
    form = dialog_formular(ziele)
    if request.method == "GET":
        grund = korrektur_verweigert(gespeichert, partei, aktueller_akteur(), v.ags is None)
        if grund:
            abort(403)
        if ist_bestaetigt(db(), dialog_id):
            raise DialogKonflikt(EINGEFROREN)
        _fuelle(form, gespeichert)
        form.version.data = str(gespeichert.version)
    if form.validate_on_submit():
        version = _zahl(form.version.data, 400)
        ergebnis = korrigiere_dialog(
            db(), id, dialog_id, version, aktueller_akteur(), jetzt(), **_inhalt(form, ziele)
        )
        if ergebnis.neu:
            _benachrichtige(id, ergebnis.dialog, korrigiert=True)
            flash(
                f"Die Korrektur wurde gespeichert (Version {ergebnis.dialog.version}); die "
                "Gegenseite wird um Bestätigung gebeten.",
                "erfolg",
            )
        else:
            flash("Keine Änderung: der Dialog war schon so gespeichert.", "info")
        return zum_dialog(id, dialog_id)
    return _korrekturseite(form, ziele, id, gespeichert)


@bp.post("/vereinbarungen/<int:id>/nachhaltung/dialog/<int:dialog_id>/bestaetigen")
def dialog_bestaetigen(id: int, dialog_id: int):
    """Die Gegenseite bestätigt die Version, die sie gesehen hat."""
    lade_dialog(db(), id, dialog_id, aktueller_akteur())  # Fremde: 403, unbekannt: 404
    version = _zahl(request.form.get("version"), 400)
    _, nachrichten = bestaetige_dialog(
        db(), id, dialog_id, aktueller_akteur(), jetzt(), gesehene_version=version
    )
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    name = _mit_artikel(id)
    er = "sie" if name.startswith("Die") else "er"
    flash(f"{name} ist bestätigt; {er} ist jetzt eingefroren.", "erfolg")
    return zum_dialog(id, dialog_id)


@bp.errorhandler(UngueltigerDialog)
def _ungueltiger_dialog(fehler: UngueltigerDialog):
    """Das Formular mit den Fehlern am Feld (die Anfrage ist zurückgerollt)."""
    id = request.view_args["id"]
    ziele = _ziele(id)
    form = dialog_formular(ziele)
    form.validate()
    for f in fehler.details:
        if f.feld in form:
            form[f.feld].errors.append(str(f))
        else:
            form.form_errors.append(str(f))
    if request.endpoint == "nachhaltung.korrigieren":
        dialog_id = request.view_args["dialog_id"]
        _, gespeichert, _ = lade_dialog(db(), id, dialog_id, aktueller_akteur())
        return _korrekturseite(form, ziele, id, gespeichert)
    return _erfassungsseite(form, ziele, id, _bezug(id, _korrektur_von()))
