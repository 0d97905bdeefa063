"""Administration der geplanten Aufgaben: `/admin/jobs` – nur für Administratoren."""

from flask import Blueprint, abort

from ...domain.berechtigung import ist_admin
from ..kern.berechtigung import aktueller_akteur

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")


@bp.before_request
def _nur_admins():
    if not ist_admin(aktueller_akteur()):
        abort(403)


from . import routes  # noqa: F401  (registriert die Routen)
