"""Das Vereinbarungsdokument (DOMAIN.md § 6) aus einem einfachen Ansichtsmodell: HTML (Vorschau
im Browser) und PDF/A-3a (WeasyPrint) aus derselben Vorlage `templates/pdf/vereinbarung.html`.

- Eigene Jinja-Umgebung, kein Flask: der Aufrufer (Service, Job, Kommandozeile) liefert ein
  `VereinbarungModell` mit fertig formatierten Texten; die Vorlage entscheidet nichts.
- Gerendert über `druck` (gemeinsamer Druckstil, eingebettete Schriften, getaggtes PDF/A-3a);
  Stil des Dokuments: `templates/pdf/vereinbarung.css` über `templates/pdf/druck.css`.
- Fußzeile jeder Seite: „Seite X von Y“, die Revision und der SHA-256 des vereinbarten Inhalts.
- Eingebettet: `zielvereinbarung.json` (die vereinbarten Werte, kanonisches JSON; Beziehung
  `Data`) und jede Anlage (Beziehung `Supplement`).
- `stelle_aus` ergänzt die leeren Signaturfelder für Träger und Land an der Stelle der
  Unterschriftsblöcke (letzte Seite), gefunden über die Anker der gerenderten Seiten, und
  verankert sie im Strukturbaum (`strukturbaum`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.verhandlung import BUND, LAND, TRAEGER
from . import druck, signatur
from .strukturbaum import verankere_signaturfelder

VORLAGE = "pdf/vereinbarung.html"
PX_ZU_PT = 0.75  # CSS-Pixel (1/96 Zoll) → PDF-Punkt (1/72 Zoll)
ANKER = {signatur.FELD_TRAEGER: "signaturfeld-traeger", signatur.FELD_LAND: "signaturfeld-land",
         signatur.FELD_BUND: "signaturfeld-bund"}  # fmt: skip
# Partei → Signaturfeld (BMAS ↔ Land: das Land unterzeichnet in seinem Feld, das BMAS zeichnet
# gegen)
FELD = {LAND: signatur.FELD_LAND, TRAEGER: signatur.FELD_TRAEGER, BUND: signatur.FELD_BUND}
_FUER = {LAND: "Für das Land", TRAEGER: "Für den Träger", BUND: "Für das BMAS"}
_GENITIV = {LAND: "des Landes", TRAEGER: "des Trägers", BUND: "des BMAS"}


@dataclass(frozen=True)
class Partei:
    """Eine Vertragspartei; die Vorlage zeigt nur an – Signaturfeld, Anker und Texte folgen aus
    `partei`, nie aus einem angezeigten Text."""

    partei: str  # domain.verhandlung.LAND, TRAEGER oder BUND
    rolle: str  # „Land“ oder „Träger“ (so heißen die Parteien im Vertrag)
    name: str  # „Land Niedersachsen“, „Landkreis Peine“
    zusatz: str | None  # z. B. „zugelassener kommunaler Träger nach § 6a SGB II (AGS 03157)“
    vertreter: str | None
    funktion: str | None
    ort: str | None

    @property
    def feld(self) -> str:
        """Name des Signaturfelds."""
        return FELD[self.partei]

    @property
    def anker(self) -> str:
        """id des Unterschriftsblocks in der Vorlage (daraus die Lage des Signaturfelds)."""
        return ANKER[self.feld]

    @property
    def fuer(self) -> str:
        return _FUER[self.partei]

    @property
    def signaturfeld_text(self) -> str:
        return f"Feld für die elektronische Signatur {_GENITIV[self.partei]}"


@dataclass(frozen=True)
class Zielzeile:
    code: str
    bezeichnung: str
    zieltyp: str
    basiswert: str  # formatiert, „–“ wenn unbekannt
    basiswert_hinweis: str | None  # „vorläufig (Projektion aus 2026-08)“, Grund
    ziel: str  # Kurztext: „+2,5 %“, „Monitoring“
    zielniveau: str | None  # „mindestens 30,8 %“
    satz: str  # „Das Ziel ist erreicht, wenn …“
    text: str | None = None  # qualitatives Ziel
    bisher: str | None = None  # Änderungsvereinbarung: das bisherige Ziel („+2,5 % (mind. …)“)


@dataclass(frozen=True)
class Zielabschnitt:
    titel: str
    zeilen: tuple[Zielzeile, ...]


@dataclass(frozen=True)
class AnlageModell:
    nummer: int
    titel: str
    dateiname: str
    sha256: str
    groesse: str  # formatiert
    medientyp: str
    inhalt: bytes = field(repr=False, default=b"")


@dataclass(frozen=True)
class AenderungModell:
    """Was eine Änderungsvereinbarung (DOMAIN.md § 8) statt §§ 1–6 des Originals zeigt."""

    nummer: int
    gegenstand: tuple[str, ...]
    fortgeltung: tuple[str, ...]
    original_sha256: str | None  # SHA-256 des unterzeichneten Originaldokuments


@dataclass(frozen=True)
class VereinbarungModell:
    titel: str
    jahr: int
    land: Partei
    traeger: Partei
    rechtsgrundlage: tuple[str, ...]
    grundsaetze: tuple[str, ...]
    rahmenbedingungen: tuple[str, ...]
    abschnitte: tuple[Zielabschnitt, ...]
    nachhaltedialoge: tuple[str, ...]
    schluss: tuple[str, ...]
    revision_nummer: int
    revision_text: str  # „Revision 4: Angebot des Trägers vom 20.11.2026, angenommen …“
    inhalt_json: bytes = field(repr=False)  # kanonisches JSON der vereinbarten Werte
    inhalt_sha256: str
    anlagen: tuple[AnlageModell, ...] = ()
    hinweise: tuple[str, ...] = ()  # z. B. Demodaten, Änderungsvereinbarung
    dachzeile: str = "Zielvereinbarung nach § 48b Abs. 1 Satz 1 Nr. 4 SGB II"
    aenderung: AenderungModell | None = None

    @property
    def kurztitel(self) -> str:
        """Für die Fußzeile: „Zielvereinbarung 2026“, „Änderungsvereinbarung Nr. 1 (2026)“."""
        if self.aenderung:
            return f"Änderungsvereinbarung Nr. {self.aenderung.nummer} ({self.jahr})"
        return f"Zielvereinbarung {self.jahr}"


@dataclass(frozen=True)
class Feldlage:
    name: str
    seite: int  # 0-basiert
    box: tuple[float, float, float, float]  # PDF-Punkte: links, unten, rechts, oben


@dataclass(frozen=True)
class Gerendert:
    pdf: bytes
    seiten: int
    felder: tuple[Feldlage, ...]


_umgebung = druck.umgebung(strikt=True)


def html(
    modell: VereinbarungModell,
    vorschau: bool = False,
    stil_url: str | None = None,
    zurueck_url: str | None = None,
) -> str:
    """Das Dokument als HTML. Für die Vorschau im Browser mit `stil_url` (verlinktes CSS) und
    einem Hinweisbalken; für das PDF ohne (die Stile gibt `pdf` direkt an WeasyPrint)."""
    return _umgebung.get_template(VORLAGE).render(
        m=modell, vorschau=vorschau, stil_url=stil_url, zurueck_url=zurueck_url
    )


def pdf(modell: VereinbarungModell, jetzt: datetime | None = None) -> Gerendert:
    """PDF/A-3a (getaggt) mit eingebetteten Dateien und der Lage der Unterschriftsblöcke."""
    zeitpunkt = jetzt or datetime.now(UTC)
    dokument = druck.rendere(html(modell), "vereinbarung")
    anhaenge = [
        druck.Anhang(
            "zielvereinbarung.json",
            modell.inhalt_json,
            f"Vereinbarte Werte (Revision {modell.revision_nummer}), kanonisches JSON"
            + (" mit dem SHA-256 des Originaldokuments" if modell.aenderung else ""),
            "Data",
        )
    ] + [
        druck.Anhang(a.dateiname, a.inhalt, f"Anlage {a.nummer}: {a.titel}", "Supplement")
        for a in modell.anlagen
    ]
    daten = druck.schreibe(dokument, anhaenge, zeitpunkt)
    return Gerendert(daten, len(dokument.pages), tuple(_feldlagen(dokument, modell)))


def _feldlagen(dokument, modell: VereinbarungModell) -> list[Feldlage]:
    lagen = []
    # erst das Feld der Partei, die zuerst unterzeichnet (Träger bzw. Land), dann das der
    # Gegenzeichnung
    for name, anker in ((p.feld, p.anker) for p in (modell.traeger, modell.land)):
        for nummer, seite in enumerate(dokument.pages):
            if anker in seite.anchors:
                x1, y1, x2, y2 = seite.anchors[anker]
                hoehe = seite.height * PX_ZU_PT
                box = (x1 * PX_ZU_PT, hoehe - y2 * PX_ZU_PT, x2 * PX_ZU_PT, hoehe - y1 * PX_ZU_PT)
                lagen.append(Feldlage(name, nummer, tuple(round(w, 1) for w in box)))
                break
        else:
            raise RuntimeError(f"Unterschriftsblock „{anker}“ fehlt in der Vorlage")
    return lagen


def stelle_aus(modell: VereinbarungModell, jetzt: datetime | None = None) -> bytes:
    """Das auszustellende Dokument: PDF/A-3a mit den leeren Signaturfeldern für Träger und Land."""
    gerendert = pdf(modell, jetzt)
    mit_feldern = signatur.lege_felder_an(
        gerendert.pdf, [(f.name, f.seite, f.box) for f in gerendert.felder]
    )
    # Reihenfolge wie die Unterschriftsblöcke der Vorlage: erst das Land (bzw. das BMAS), dann
    # der Träger (bzw. das Land)
    return verankere_signaturfelder(
        mit_feldern,
        [
            (p.feld, f"Signaturfeld {_GENITIV[p.partei]}: {p.name}")
            for p in (modell.land, modell.traeger)
        ],
    )
