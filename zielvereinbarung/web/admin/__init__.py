"""Administration: Benutzerkonten und Audit-Protokoll. Jede Route nur für Administratoren."""

from flask import Blueprint, abort

from ...domain.berechtigung import ist_admin
from ..kern.berechtigung import aktueller_akteur

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _nur_admins():
    """Gilt für alle Routen dieses Blueprints (die Anmeldung hat `konto` schon erzwungen)."""
    if not ist_admin(aktueller_akteur()):
        abort(403)


from . import audit, routes  # noqa: F401  (registriert die Routen)
