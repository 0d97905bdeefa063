"""Dokumente einer Zielvereinbarung (DOMAIN.md § 6): die ausgestellte und die unterzeichneten
Versionen des Vereinbarungsdokuments und die Anlagen (Planungsdokument des Trägers).

- Jede Version (`Dokument`) ist eine Datei in der Dokumentablage, benannt nach ihrem SHA-256,
  und eine Zeile hier. Version 1 ist das ausgestellte Dokument (`ausgestellt`), jede weitere
  Version hängt genau eine Signatur inkrementell an die vorige an (`unterzeichnet_traeger`,
  `unterzeichnet`); `vorgaenger_id` zeigt auf sie. Versionen sind unveränderlich: die
  ORM-Ereignisse unten verweigern UPDATE und DELETE; ein unterzeichnetes Dokument wird nie neu
  erzeugt.
- `inhalt_sha256` ist der SHA-256 des vereinbarten Inhalts (kanonisches JSON, eingebettet als
  `zielvereinbarung.json`), gleich für alle Versionen einer Vereinbarung.
- `zertifikat_sha256`: SHA-256 des Zertifikats der Signatur, die diese Version hinzugefügt hat
  (intern: das Organisationszertifikat; extern: das angenommene Zertifikat). Die Prüfung
  (`services.dokumente.pruefung`) erkennt daran, welche Zertifikate für die Partei angenommen
  wurden.
- `person`: die zeichnungsberechtigte Person, die die Signatur ausgelöst hat („Maria Muster,
  Landrätin“); bei extern signierten Versionen die Person, für die das Zertifikat registriert ist.
- Eine Version mit `herkunft` = `archiv` fügt nur Prüfdaten und einen Dokumentzeitstempel an
  (PAdES B-LTA); Status und Signaturenzahl bleiben die der vorigen Version.
- Eine `Anlage` kann bis zur Ausstellung ersetzt werden; danach ist sie Teil des Dokuments.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint, event
from sqlmodel import Field, SQLModel

from . import vereinbarung  # noqa: F401  (Fremdschlüsselziele)

AUSGESTELLT = "ausgestellt"
UNTERZEICHNET_TRAEGER = "unterzeichnet_traeger"
UNTERZEICHNET = "unterzeichnet"
DOKUMENT_STATUS = (AUSGESTELLT, UNTERZEICHNET_TRAEGER, UNTERZEICHNET)


class Dokument(SQLModel, table=True):
    __tablename__ = "dokument"
    __table_args__ = (UniqueConstraint("vereinbarung_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", index=True)
    version: int  # 1 = ausgestellt, dann je Signatur +1
    status: str = Field(max_length=25)  # DOKUMENT_STATUS
    revision_id: int = Field(foreign_key="revision.id")  # die vereinbarte Revision
    sha256: str = Field(max_length=64, index=True)  # der Datei
    inhalt_sha256: str = Field(max_length=64)  # des vereinbarten Inhalts (kanonisches JSON)
    pfad: str = Field(max_length=200)  # relativ zur Dokumentablage
    groesse: int  # Bytes
    signaturen: int  # Anzahl der Signaturen in der Datei
    herkunft: str = Field(max_length=10)  # 'erzeugt', 'intern', 'extern' (hochgeladen), 'archiv'
    unterzeichner: str | None = Field(default=None, max_length=300)  # der neuen Signatur
    zertifikat_sha256: str | None = Field(default=None, max_length=64)  # ihres Zertifikats
    person: str | None = Field(
        default=None, max_length=200
    )  # wer unterzeichnet hat (Name, Funktion)
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)
    vorgaenger_id: int | None = Field(default=None, foreign_key="dokument.id")


class Anlage(SQLModel, table=True):
    """Eine Anlage des Vereinbarungsdokuments (Datei in der Dokumentablage)."""

    __tablename__ = "anlage"
    __table_args__ = (UniqueConstraint("vereinbarung_id", "nummer"),)

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", index=True)
    nummer: int
    titel: str = Field(max_length=200)
    dateiname: str = Field(max_length=200)
    medientyp: str = Field(max_length=100)
    sha256: str = Field(max_length=64)
    pfad: str = Field(max_length=200)
    groesse: int
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)


class UnveraenderlichesDokument(Exception):
    """Dokumentversionen werden nie geändert oder gelöscht."""


def _verweigere(_mapper, _connection, ziel) -> None:
    raise UnveraenderlichesDokument(f"Dokument {ziel.id} ist unveränderlich.")


event.listen(Dokument, "before_update", _verweigere)
event.listen(Dokument, "before_delete", _verweigere)
