"""Signaturzertifikate der Organisationen (ein PKCS#12 je Land oder Träger).

- Genau eines von `land_code` und `traeger_ags` ist gesetzt (prüft der Service).
- Schlüssel und Passphrase stehen nie im Klartext in der Datenbank: `pkcs12_verschluesselt`
  und `passphrase_verschluesselt` sind Fernet-Token (AES-128-CBC + HMAC-SHA256) mit dem
  Schlüssel aus `ZV_SCHLUESSEL`. Das Zertifikat selbst (öffentlich) steht als PEM daneben.
- Je Organisation ist höchstens ein Zertifikat `aktiv`; ein neuer Import löst das alte ab.
- `vertreter`, `funktion`, `ort` erscheinen im Dokument (Parteien) und im Signaturblock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from . import stammdaten  # noqa: F401  (Fremdschlüsselziele)


class Zertifikat(SQLModel, table=True):
    __tablename__ = "zertifikat"

    id: int | None = Field(default=None, primary_key=True)
    land_code: str | None = Field(default=None, foreign_key="land.code", max_length=2, index=True)
    traeger_ags: str | None = Field(
        default=None, foreign_key="traeger.ags", max_length=5, index=True
    )
    inhaber: str = Field(max_length=500)  # Subject (RFC 4514)
    aussteller: str = Field(max_length=500)
    seriennummer: str = Field(max_length=64)
    fingerabdruck: str = Field(max_length=64)  # SHA-256 des DER-Zertifikats
    gueltig_von: datetime
    gueltig_bis: datetime
    zertifikat_pem: str = Field(sa_type=Text)
    pkcs12_verschluesselt: str = Field(sa_type=Text)
    passphrase_verschluesselt: str = Field(sa_type=Text)
    vertreter: str = Field(max_length=120)
    funktion: str = Field(max_length=200)
    ort: str | None = Field(default=None, max_length=120)
    aktiv: bool = True
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)
