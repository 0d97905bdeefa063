"""Anmeldung über LDAP/Active Directory und OpenID Connect: Herkunft eines Kontos (lokal, ldap,
oidc) und die unveränderliche Kennung im Verzeichnis; je Herkunft eindeutig. Bestehende Konten
sind lokal.

Folgt auf 0007_audit_hmac (die Kette ist linear).

Revision ID: 0008_verzeichnis_anmeldung
Revises: 0007_audit_hmac
Create Date: 2026-12-01 19:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0008_verzeichnis_anmeldung"
down_revision: Union[str, None] = "0007_audit_hmac"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "herkunft",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="lokal",
            )
        )
        batch_op.add_column(
            sa.Column("externe_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_benutzer_herkunft_externe_id"), ["herkunft", "externe_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_benutzer_herkunft_externe_id"), type_="unique")
        batch_op.drop_column("externe_id")
        batch_op.drop_column("herkunft")
