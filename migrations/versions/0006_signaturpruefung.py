"""Signaturprüfung: je Dokumentfassung der SHA-256 des Zertifikats der neu hinzugekommenen
Signatur (auch bei extern signierten, hochgeladenen Fassungen). Die Prüfung erkennt daran, dass
ein Zertifikat für die Partei angenommen wurde.

Revision ID: 0006_signaturpruefung
Revises: 0005_nachhaltung
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006_signaturpruefung"
down_revision: Union[str, None] = "0005_nachhaltung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("dokument") as tabelle:
        tabelle.add_column(sa.Column("zertifikat_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dokument") as tabelle:
        tabelle.drop_column("zertifikat_sha256")
