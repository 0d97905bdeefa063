"""Ein HTML-Formular lesen wie ein Browser (für den Lasttest): alle Felder eines `<form>` mit ihren
aktuellen Werten und seine Absende-Knöpfe – ohne Abhängigkeiten (html.parser).

    formulare = lies_formulare(html)
    f = finde_formular(formulare, knopf="Angebot einreichen")
    daten = f.daten(knopf="Angebot einreichen")   # Liste (name, wert) wie beim Absenden
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

CSRF_MUSTER = (
    re.compile(r'name="csrf_token"[^>]*value="([^"]+)"'),
    re.compile(r'<meta name="csrf-token" content="([^"]+)"'),
)


def csrf_aus(html: str) -> str | None:
    """Das CSRF-Token aus einem Formular oder dem <meta name="csrf-token"> der Seite."""
    for muster in CSRF_MUSTER:
        if treffer := muster.search(html):
            return treffer.group(1)
    return None


@dataclass
class Knopf:
    text: str
    name: str | None
    wert: str | None


@dataclass
class Formular:
    action: str | None
    method: str
    # (name, wert) in der Reihenfolge des HTML
    felder: list[tuple[str, str]] = field(default_factory=list)
    knoepfe: list[Knopf] = field(default_factory=list)

    def wert(self, name: str) -> str | None:
        return next((w for n, w in self.felder if n == name), None)

    def setze(self, name: str, wert: str) -> None:
        for i, (n, _) in enumerate(self.felder):
            if n == name:
                self.felder[i] = (n, wert)
                return
        raise KeyError(name)

    def daten(self, knopf: str | None = None) -> list[tuple[str, str]]:
        """Die Felder wie beim Absenden; mit `knopf` (Beschriftung) auch dessen name=wert."""
        daten = list(self.felder)
        if knopf is not None:
            k = next(k for k in self.knoepfe if k.text == knopf)
            if k.name:
                daten.append((k.name, k.wert or ""))
        return daten


class _Leser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.formulare: list[Formular] = []
        self._form: Formular | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._select_wert: str | None = None
        self._select_erster: str | None = None
        self._option: dict | None = None
        self._knopf: tuple[dict, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Formular(a.get("action"), (a.get("method") or "get").lower())
            self.formulare.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            typ = (a.get("type") or "text").lower()
            name = a.get("name")
            if typ in ("submit", "image"):
                self._form.knoepfe.append(Knopf(a.get("value", ""), name, a.get("value")))
            elif name and "disabled" not in a:
                if typ in ("checkbox", "radio"):
                    if "checked" in a:
                        self._form.felder.append((name, a.get("value", "on")))
                elif typ != "file":
                    self._form.felder.append((name, a.get("value", "")))
        elif tag == "textarea" and a.get("name") and "disabled" not in a:
            self._textarea = (a["name"], [])
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select, self._select_wert, self._select_erster = a["name"], None, None
        elif tag == "option" and self._select is not None:
            self._option = {"wert": a.get("value"), "gewaehlt": "selected" in a, "text": []}
        elif tag == "button":
            self._knopf = (a, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)
        if self._knopf is not None:
            self._knopf[1].append(data)

    def _option_ende(self) -> None:
        if self._option is None:
            return
        wert = self._option["wert"]
        if wert is None:
            wert = "".join(self._option["text"]).strip()
        if self._select_erster is None:
            self._select_erster = wert
        if self._option["gewaehlt"]:
            self._select_wert = wert
        self._option = None

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            name, teile = self._textarea
            text = "".join(teile)
            self._form.felder.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "option":
            self._option_ende()
        elif tag == "select" and self._select is not None:
            self._option_ende()
            wert = self._select_wert if self._select_wert is not None else self._select_erster
            if wert is not None:
                self._form.felder.append((self._select, wert))
            self._select = None
        elif tag == "button" and self._knopf is not None:
            a, teile = self._knopf
            if (a.get("type") or "submit").lower() == "submit":
                text = " ".join("".join(teile).split())
                self._form.knoepfe.append(Knopf(text, a.get("name"), a.get("value")))
            self._knopf = None
        elif tag == "form":
            self._form = None


def lies_formulare(html: str) -> list[Formular]:
    leser = _Leser()
    leser.feed(html)
    leser.close()
    return leser.formulare


def finde_formular(formulare: list[Formular], knopf: str) -> Formular | None:
    """Das erste Formular mit einem Absende-Knopf dieser Beschriftung."""
    return next((f for f in formulare if any(k.text == knopf for k in f.knoepfe)), None)
