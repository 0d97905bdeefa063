"""Die Audit-Kette prüfen: Inhalt (HMAC), Verkettung, lückenlose ids und die Anker.

Erkannt und benannt wird (`Pruefergebnis.art`):
- `schluessel`: der eingestellte Schlüssel ist nicht der, mit dem die Anker geschrieben wurden
  (oder, ohne Anker: kein einziges Ereignis passt zu ihm);
- `veraendert`: ein Ereignis passt nicht zu seinem HMAC (nachträglich geändert);
- `luecke`: ids fehlen (Ereignis gelöscht; Lücken, die die Neuverschlüsselung in einer alten
  Kette vorfand und in ihrem Ereignis festhielt, sind erlaubt);
- `verkettung`: ein Ereignis verweist nicht auf seinen Vorgänger;
- `anker`: ein Ereignis hat nicht den HMAC, den ein Anker festhält (Kette neu geschrieben),
  oder der Zeitstempel eines Ankers passt nicht;
- `abgeschnitten`: ein Anker nennt ein jüngeres Ereignis, als die Kette hat (jüngste gelöscht);
- `altformat`: Ereignisse im alten, ungeschlüsselten Verfahren (einmalig neu verschlüsseln).
Geprüft wird der Reihe nach; gemeldet wird der erste Befund.
"""

from __future__ import annotations

import base64
import hmac
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from ...config import AuditSchluessel
from ...documents.zeitstempel import pruefe_stempel
from ...models import AuditEreignis
from ...models.audit import ALT_SHA256
from .anker import Anker
from .kette import NULL_HASH, Kopf, berechne_hmac, berechne_sha256

NEU_VERSCHLUESSELT = "audit_neu_verschluesselt"


@dataclass(frozen=True)
class Pruefergebnis:
    ok: bool
    art: str  # "intakt" oder eine der Arten im Modulkopf
    meldung: str
    ereignis_id: int | None = None
    anzahl: int = 0
    kopf: Kopf | None = None
    anker_geprueft: int = 0
    hinweise: list[str] = field(default_factory=list)


def _ereignis_text(e: AuditEreignis) -> str:
    return f"Ereignis {e.id} („{e.aktion}“ von {e.akteur}, {e.zeitpunkt:%d.%m.%Y %H:%M})"


def _erlaubte_luecken(session: Session) -> set[tuple[int, int]]:
    """(id davor, id danach) der Lücken, die eine Neuverschlüsselung vorfand."""
    erlaubt = set()
    for details in session.exec(
        select(AuditEreignis.details).where(AuditEreignis.aktion == NEU_VERSCHLUESSELT)
    ):
        erlaubt |= {(int(a), int(b)) for a, b in details.get("luecken", [])}
    return erlaubt


def _passt_irgendeins(session: Session, schluessel: bytes) -> bool:
    abfrage = select(AuditEreignis).where(AuditEreignis.verfahren != ALT_SHA256)
    for e in session.exec(abfrage.execution_options(yield_per=500)):
        if hmac.compare_digest(berechne_hmac(e, schluessel), e.hash):
            return True
    return False


def _pruefe_zeitstempel(anker: list[Anker], vertrauensanker: list) -> tuple[str | None, list[str]]:
    """(Fehlermeldung oder None, Hinweise) für die Anker mit Zeitstempel."""
    gestempelt = [a for a in anker if a.zeitstempel]
    nicht_vertraut = 0
    for a in gestempelt:
        assert a.zeitstempel  # nur Anker mit Zeitstempel (oben gefiltert)
        befund = pruefe_stempel(base64.b64decode(a.zeitstempel), a.fingerabdruck(), vertrauensanker)
        if not befund.intakt:
            return (
                f"Der Zeitstempel des Ankers vom {a.zeit_text} (Ereignis {a.id}) passt nicht zum "
                "Anker: die Ankerdatei wurde verändert.",
                [],
            )
        nicht_vertraut += not befund.vertrauenswuerdig
    hinweise = []
    if gestempelt:
        hinweise.append(f"{len(gestempelt)} Anker mit RFC-3161-Zeitstempel, alle intakt.")
    if nicht_vertraut:
        hinweise.append(
            f"{nicht_vertraut} Zeitstempel stammen von einem Dienst, der nicht zu den "
            "Vertrauensankern (ZV_VERTRAUENSANKER) führt."
        )
    return None, hinweise


@dataclass
class _Lauf:
    """Zustand beim Durchgehen der Kette (id-Reihenfolge)."""

    schluessel: AuditSchluessel
    anker_je_id: dict[int, list[Anker]]
    erlaubte_luecken: set[tuple[int, int]]
    schon_umgestellt: bool
    ohne_eigene_anker: bool
    vorher_id: int = 0
    vorher_hash: str = NULL_HASH
    anzahl: int = 0
    alt: int = 0
    mit_hmac: int = 0

    def befund(self, session: Session, e: AuditEreignis) -> tuple[str, str] | None:
        """(Art, Meldung) des ersten Befunds an Ereignis `e`, sonst None."""
        assert e.id is not None  # aus der Datenbank gelesen
        # Alte Ketten (PostgreSQL-Sequenz) haben Lücken aus Rollbacks; dort zählt die Verkettung.
        if (
            e.id != self.vorher_id + 1
            and (self.vorher_id, e.id) not in self.erlaubte_luecken
            and e.verfahren != ALT_SHA256
        ):
            von, bis = self.vorher_id + 1, e.id - 1
            fehlend = f"{von}" if von == bis else f"{von}–{bis}"
            davor = f"nach Ereignis {self.vorher_id}" if self.vorher_id else "am Anfang der Kette"
            return (
                "luecke",
                f"Lücke in der Audit-Kette: Ereignis {fehlend} fehlt {davor} (gelöscht).",
            )
        if e.vorgaenger_hash != self.vorher_hash:
            return "verkettung", (
                f"{_ereignis_text(e)} verweist nicht auf seinen Vorgänger: Ereignisse wurden "
                "verändert, umsortiert oder eingefügt."
            )
        if e.verfahren == ALT_SHA256:
            self.alt += 1
            if self.mit_hmac or self.schon_umgestellt:
                return "veraendert", (
                    f"{_ereignis_text(e)} steht im alten, ungeschlüsselten Verfahren, obwohl die "
                    "Kette schon mit HMAC geführt wird: sie wurde ab hier ohne Schlüssel neu "
                    "berechnet."
                )
            if berechne_sha256(e) != e.hash:
                return "veraendert", (
                    f"{_ereignis_text(e)} wurde nachträglich verändert: sein Hash passt nicht "
                    "zum Inhalt."
                )
        elif hmac.compare_digest(berechne_hmac(e, self.schluessel.hmac_schluessel), e.hash):
            self.mit_hmac += 1
        elif (
            not self.mit_hmac
            and self.ohne_eigene_anker
            and not _passt_irgendeins(session, self.schluessel.hmac_schluessel)
        ):
            return "schluessel", (
                "Kein Ereignis passt zum eingestellten Audit-Schlüssel "
                f"({self.schluessel.kennung}): ZV_AUDIT_SCHLUESSEL ist falsch – oder die ganze "
                "Kette wurde mit einem fremden Schlüssel neu geschrieben."
            )
        else:
            return "veraendert", (
                f"{_ereignis_text(e)} wurde nachträglich verändert: sein HMAC passt nicht zum "
                "Inhalt."
            )
        for a in self.anker_je_id.get(e.id, []):
            if not hmac.compare_digest(a.hmac, e.hash):
                return "anker", (
                    f"Die Kette wurde neu geschrieben: Ereignis {e.id} hat nicht den HMAC, den "
                    f"der Anker vom {a.zeit_text} ({a.anlass}) festhält."
                )
        return None


def pruefe_kette(
    session: Session,
    schluessel: AuditSchluessel,
    anker: list[Anker] | None = None,
    vertrauensanker: list | None = None,
) -> Pruefergebnis:
    """Alle Ereignisse in id-Reihenfolge und alle Anker prüfen (Befunde im Modulkopf)."""
    anker = anker or []
    if anker and anker[-1].schluessel != schluessel.kennung:
        return Pruefergebnis(False, "schluessel", (
            f"Falscher Audit-Schlüssel: der jüngste Anker ({anker[-1].zeit_text}) wurde mit dem "
            f"Schlüssel {anker[-1].schluessel} geschrieben, eingestellt ist "
            f"{schluessel.kennung}. Bitte ZV_AUDIT_SCHLUESSEL prüfen."
        ))  # fmt: skip
    eigene = [a for a in anker if a.schluessel == schluessel.kennung]
    je_id: dict[int, list[Anker]] = defaultdict(list)
    for a in eigene:
        je_id[a.id].append(a)
    erlaubt = _erlaubte_luecken(session)
    umgestellt = session.exec(
        select(AuditEreignis.id).where(AuditEreignis.aktion == NEU_VERSCHLUESSELT).limit(1)
    ).first()
    lauf = _Lauf(schluessel, je_id, erlaubt, bool(erlaubt or umgestellt), not eigene)
    abfrage = select(AuditEreignis).order_by(col(AuditEreignis.id)).execution_options(yield_per=500)
    for e in session.exec(abfrage):
        assert e.id is not None  # aus der Datenbank gelesen
        lauf.anzahl += 1
        if befund := lauf.befund(session, e):
            return Pruefergebnis(False, *befund, e.id, lauf.anzahl)
        lauf.vorher_id, lauf.vorher_hash = e.id, e.hash

    if eigene and (juengster := max(eigene, key=lambda a: a.id)).id > lauf.vorher_id:
        ende = f"endet bei Ereignis {lauf.vorher_id}" if lauf.vorher_id else "ist leer"
        return Pruefergebnis(False, "abgeschnitten", (
            f"Die jüngsten Ereignisse fehlen: der Anker vom {juengster.zeit_text} "
            f"({juengster.anlass}) nennt Ereignis {juengster.id}, die Kette {ende} "
            f"({juengster.id - lauf.vorher_id} Ereignis(se) gelöscht)."
        ), None, lauf.anzahl)  # fmt: skip
    fehler, hinweise = _pruefe_zeitstempel(eigene, vertrauensanker or [])
    if fehler:
        return Pruefergebnis(False, "anker", fehler, None, lauf.anzahl)
    if lauf.alt:
        return Pruefergebnis(False, "altformat", (
            f"{lauf.alt} Ereignis(se) stehen noch im alten, ungeschlüsselten Verfahren (SHA-256) "
            "und sind damit nicht fälschungssicher: bitte einmalig `flask zv audit "
            "neu-verschluesseln` ausführen."
        ), None, lauf.anzahl)  # fmt: skip
    k = Kopf(lauf.vorher_id, lauf.vorher_hash) if lauf.anzahl else None
    if eigene:
        j = eigene[-1]
        hinweise.insert(0, f"{len(eigene)} Anker geprüft, jüngster vom {j.zeit_text} "
                        f"({j.anlass}, Ereignis {j.id}).")  # fmt: skip
    else:
        hinweise.append(
            "Noch kein Anker außerhalb der Datenbank: gelöschte jüngste Ereignisse wären nicht "
            "erkennbar (`flask zv audit anker`, täglicher Job `audit_anker`)."
        )
    meldung = f"Audit-Kette intakt: {lauf.anzahl} Ereignisse geprüft" + (
        f", Kopf {k.text}." if k else "."
    )
    return Pruefergebnis(True, "intakt", meldung, None, lauf.anzahl, k, len(eigene), hinweise)
