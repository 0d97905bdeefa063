"""Prüfung der horizontal scrollenden Tabellen einer Seite (Issue 9.11): jeder Rahmen ist per
Tastatur erreichbar (tabindex="0"), ein benannter Bereich (role="region" mit aria-labelledby auf
ein Element mit Text). Ob er wirklich scrollt und der Fokus sichtbar ist, prüft der Browser
(tests/e2e/test_diagramme_e2e.py)."""

from __future__ import annotations

import lxml.html


def pruefe_scrollbereiche(html: str) -> int:
    """Prüft alle `.tabelle-rahmen` der Seite; liefert ihre Anzahl."""
    seite = lxml.html.fromstring(html)
    rahmen = seite.xpath('//div[contains(concat(" ", @class, " "), " tabelle-rahmen ")]')
    for r in rahmen:
        beschreibung = lxml.html.tostring(r).decode()[:200]
        assert r.get("role") == "region" and r.get("tabindex") == "0", beschreibung
        ziel = seite.get_element_by_id(r.get("aria-labelledby", ""), None)
        assert ziel is not None and ziel.text_content().strip(), beschreibung
    return len(rahmen)
