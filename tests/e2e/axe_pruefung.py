"""axe-core im echten Browser (mitgeliefert von axe-playwright-python, läuft ohne Netz):
`pruefe_axe(seite, name)` scheitert bei Verstößen mit Auswirkung „serious“ oder „critical“ und
nennt Regel, Hilfetext und betroffene Elemente; leichtere werden nur ausgegeben."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout

SCHWERE = ("serious", "critical")


def _knoten(v: dict) -> str:
    zeilen = []
    for n in v.get("nodes", [])[:8]:
        ziel = ", ".join(str(t) for t in n.get("target", []))
        zeilen.append(f"    - {ziel}: {n.get('html', '')[:200]}")
        if n.get("failureSummary"):
            zeilen += ["      " + z for z in n["failureSummary"].splitlines()]
    if len(v.get("nodes", [])) > 8:
        zeilen.append(f"    … und {len(v['nodes']) - 8} weitere")
    return "\n".join(zeilen)


def pruefe_axe(seite, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ergebnis = Axe().run(seite)
    verstoesse = ergebnis.response["violations"]
    schwer = [v for v in verstoesse if v.get("impact") in SCHWERE]
    for v in verstoesse:
        if v not in schwer:
            print(f"[{name}] Hinweis ({v.get('impact')}): {v['id']} – {v['help']}")
    kopf = f"axe-core: {len(schwer)} schwere Verstöße auf „{name}“ ({seite.url}):\n"
    assert not schwer, kopf + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n  {v.get('helpUrl', '')}\n{_knoten(v)}"
        for v in schwer
    )


_SCROLLBEREICHE = """() => [...document.querySelectorAll('.tabelle-rahmen')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => ({
        tabindex: e.tabIndex, rolle: e.getAttribute('role'),
        name: (document.getElementById(e.getAttribute('aria-labelledby') || '') || {})
            .textContent || e.getAttribute('aria-label') || '',
    }))"""


def pruefe_scrollbereiche(seite, name: str) -> int:
    """Jede Tabelle, die auf dieser Breite horizontal scrollt, ist ein benannter Bereich
    (role=region), per Tab erreichbar, zeigt den Fokus sichtbar und scrollt mit den
    Pfeiltasten (Issue 9.11). Liefert die Zahl der scrollenden Tabellen."""
    bereiche = seite.evaluate(_SCROLLBEREICHE)
    for nr, b in enumerate(bereiche):
        assert b["tabindex"] == 0 and b["rolle"] == "region", (name, nr, b)
        assert b["name"].strip(), (name, nr, "Bereich ohne Namen")
    scrollend = seite.locator(".tabelle-rahmen").filter(has=seite.locator("table"))
    for i in range(scrollend.count()):
        r = scrollend.nth(i)
        if not r.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
            continue
        r.focus()
        stil = r.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert stil[0] != "none" and stil[1] != "0px", (name, i, "Fokus nicht sichtbar", stil)
        assert r.evaluate("e => document.activeElement === e"), (name, i, "nicht fokussiert")
        for _ in range(3):
            seite.keyboard.press("ArrowRight")
        # Chromium scrollt weich: kurz warten, bis sich scrollLeft bewegt hat
        try:
            seite.wait_for_function("e => e.scrollLeft > 0", arg=r.element_handle(), timeout=3000)
        except PlaywrightTimeout:
            pass  # die Meldung darunter sagt, was fehlt
        assert r.evaluate("e => e.scrollLeft") > 0, (name, i, "Pfeiltasten scrollen nicht")
    return len(bereiche)
