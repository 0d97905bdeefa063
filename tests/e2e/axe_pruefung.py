"""axe-core im echten Browser (mitgeliefert von axe-playwright-python, läuft ohne Netz):
`pruefe_axe(seite, name)` scheitert bei Verstößen mit Auswirkung „serious“ oder „critical“ und
nennt Regel, Hilfetext und betroffene Elemente; leichtere werden nur ausgegeben."""

from __future__ import annotations

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
