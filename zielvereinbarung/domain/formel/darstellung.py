"""Lesbare Formen einer geprüften Formel: wie sie gelesen wurde (jede Rechnung geklammert) und
welche Monate jeder Basiszahl sie braucht (relativ zum Berichtsmonat t)."""

from __future__ import annotations

from .syntax import Aufruf, Knoten, Name, Negation, Rechnung, Zahl, ohne_klammer

MINUS = "−"


def geklammert(knoten: Knoten, oben: bool = True) -> str:
    """Die Formel, wie der Parser sie gelesen hat: jede innere Rechnung in Klammern,
    z. B. `(llu / vorjahr(llu) − 1) × 100` → `((llu / vorjahr(llu)) - 1) * 100`."""
    knoten = ohne_klammer(knoten)
    if isinstance(knoten, Zahl):
        return knoten.text
    if isinstance(knoten, Name):
        return knoten.code
    if isinstance(knoten, Negation):
        return "-" + geklammert(knoten.arg, oben=False)
    if isinstance(knoten, Rechnung):
        text = f"{geklammert(knoten.links, False)} {knoten.op} {geklammert(knoten.rechts, False)}"
        return text if oben else f"({text})"
    assert isinstance(knoten, Aufruf)
    return f"{knoten.name}({', '.join(geklammert(a) for a in knoten.args)})"


# ------------------------------------------------------------------ benötigte Monate

# Ein Fenster (lo, hi, ab_januar): Monate t+lo … t+hi, bzw. bei ab_januar Januar(t)+lo … t+hi.
# None: hängt vom Kalendermonat ab und lässt sich nicht relativ zu t angeben.
Fenster = tuple[int, int, bool] | None


def _n(aufruf: Aufruf) -> int:
    return int(ohne_klammer(aufruf.args[1]).wert)  # type: ignore[union-attr]


def _weiter(aufruf: Aufruf, w: Fenster) -> Fenster:
    if w is None:
        return None
    lo, hi, jb = w
    name = aufruf.name
    if name == "vorjahr":
        return (lo - 12, hi - 12, jb)
    if name == "vormonat":
        return None if jb else (lo - 1, hi - 1, False)
    if name in ("summe", "mittel"):
        return (lo - _n(aufruf) + 1, hi, jb)
    if name in ("summe_vor", "mittel_vor"):
        return (lo - _n(aufruf), hi - 1, jb)
    # jahr_bis, jahresmittel_bis: Januar(s) … s für jeden Monat s des Fensters
    if not jb and lo == hi and lo % 12 == 0:
        return (lo, hi, True)
    return None


def _sammle(knoten: Knoten, w: Fenster, bedarf: dict[str, list[Fenster]]) -> None:
    knoten = ohne_klammer(knoten)
    if isinstance(knoten, Name):
        liste = bedarf.setdefault(knoten.code, [])
        if w not in liste:
            liste.append(w)
    elif isinstance(knoten, Negation):
        _sammle(knoten.arg, w, bedarf)
    elif isinstance(knoten, Rechnung):
        _sammle(knoten.links, w, bedarf)
        _sammle(knoten.rechts, w, bedarf)
    elif isinstance(knoten, Aufruf):
        _sammle(knoten.args[0], _weiter(knoten, w), bedarf)


def _t(k: int) -> str:
    return "t" if k == 0 else f"t{MINUS}{-k}" if k < 0 else f"t+{k}"


def _fenster_text(w: Fenster) -> str:
    if w is None:
        return "je nach Berichtsmonat"
    lo, hi, jb = w
    if jb:
        start = "Januar" if lo == 0 else f"Januar des Jahres von {_t(lo)}"
        return f"{start} … {_t(hi)}"
    return _t(lo) if lo == hi else f"{_t(lo)} … {_t(hi)}"


def _vereinigt(fenster: list[Fenster]) -> list[Fenster]:
    """Überlappende oder angrenzende feste Fenster zusammenfassen."""
    fest = sorted(w for w in fenster if w is not None and not w[2])
    rest = [w for w in fenster if w is None or w[2]]
    zusammen: list[tuple[int, int, bool]] = []
    for lo, hi, _ in fest:
        if zusammen and lo <= zusammen[-1][1] + 1:
            zusammen[-1] = (zusammen[-1][0], max(hi, zusammen[-1][1]), False)
        else:
            zusammen.append((lo, hi, False))
    return [*zusammen, *rest]


def benoetigte_monate(baum: Knoten) -> list[tuple[str, str]]:
    """[(Basiszahl, Monate)], z. B. [("integrationen", "t−11 … t"), ("elb", "t−12 … t−1")]."""
    bedarf: dict[str, list[Fenster]] = {}
    _sammle(baum, (0, 0, False), bedarf)
    return [
        (name, ", ".join(_fenster_text(w) for w in _vereinigt(liste)))
        for name, liste in bedarf.items()
    ]
