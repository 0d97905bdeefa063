"""Audit-Kette mit HMAC: Spalte `audit_ereignis.verfahren`.

Bestehende Zeilen bekommen `sha256` (ihr Hash ist ungeschlüsselt); neue schreibt die Anwendung
mit `hmac-sha256`. Den Hash alter Zeilen kann eine Migration nicht neu berechnen, weil der
Schlüssel (`ZV_AUDIT_SCHLUESSEL`) nicht in die Datenbank und nicht in Migrationen gehört: nach
dem Upgrade einmalig `flask zv audit neu-verschluesseln` ausführen (README, „Audit-Protokoll“).
Bis dahin meldet `flask zv audit verify` die alten Zeilen und endet mit Exit 1.

Revision ID: 0007_audit_hmac
Revises: 0006_signaturpruefung
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0007_audit_hmac"
down_revision: Union[str, None] = "0006_signaturpruefung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("audit_ereignis", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "verfahren",
                sqlmodel.sql.sqltypes.AutoString(length=12),
                nullable=False,
                server_default="sha256",
            )
        )


def downgrade() -> None:
    # Zurück geht nur der Spaltenwegfall: HMAC-Zeilen lassen sich danach mit dem alten Verfahren
    # nicht mehr prüfen (bewusst, ein Downgrade ist nur für Entwicklungsdatenbanken gedacht).
    with op.batch_alter_table("audit_ereignis", schema=None) as batch_op:
        batch_op.drop_column("verfahren")
