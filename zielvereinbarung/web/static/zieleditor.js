/* Zieleditor (Angebot, Gegenvorschlag, Orientierungswerte) – progressive Verbesserung.
   Ohne dieses Skript funktioniert alles: der Server zeigt die Felder des gewählten Zieltyps und
   das Zielniveau nach „Vorschau aktualisieren“. Mit ihm:
   - nach einem Fehler bekommt die Fehlerübersicht den Fokus;
   - je Zielindikator ([data-zielzeile]) sind nur die Felder des gewählten Zieltyps sichtbar
     ([data-typen]); beim Wechsel werden die nicht mehr zutreffenden Zahlen geleert (und gemerkt,
     falls man zurückwechselt), die Beschriftung des Zielwerts passt sich an, und das versteckte
     Feld <code>-vorher hält den neuen Stand fest (der Server leert sonst veraltete Zahlen);
   - beim Tippen holt es das Zielniveau vom Server (POST an data-vorschau, JSON), gerechnet wie
     beim Einreichen. */
(function () {
  "use strict";

  var uebersicht = document.querySelector(".fehleruebersicht");
  if (uebersicht) {
    uebersicht.focus();
  }

  var ZAHLEN = ["wert", "untere", "obere"];

  function feld(zeile, name) {
    return zeile.querySelector("[name='" + zeile.dataset.zielzeile + "-" + name + "']");
  }

  function zeigeFelder(zeile, typ) {
    zeile.querySelectorAll("[data-typen]").forEach(function (gruppe) {
      gruppe.hidden = gruppe.dataset.typen.split(" ").indexOf(typ) < 0;
    });
    zeile.querySelectorAll("[data-beschriftung-" + typ + "]").forEach(function (text) {
      text.textContent = text.getAttribute("data-beschriftung-" + typ);
    });
  }

  function richteZeileEin(zeile) {
    var auswahl = zeile.querySelector("[data-zieltyp]");
    if (!auswahl) {
      return;
    }
    var gemerkt = {};
    var bisher = auswahl.value;
    zeigeFelder(zeile, bisher);
    auswahl.addEventListener("change", function () {
      var neu = auswahl.value;
      gemerkt[bisher] = {};
      ZAHLEN.forEach(function (name) {
        var f = feld(zeile, name);
        if (f) {
          gemerkt[bisher][name] = f.value;
          f.value = (gemerkt[neu] && gemerkt[neu][name]) || "";
        }
      });
      var vorher = feld(zeile, "vorher");
      if (vorher) {
        vorher.value = [neu].concat(ZAHLEN.map(function (name) {
          var f = feld(zeile, name);
          return f ? f.value : "";
        })).join("|");
      }
      bisher = neu;
      zeigeFelder(zeile, neu);
    });
  }

  document.querySelectorAll("[data-zielzeile]").forEach(richteZeileEin);

  var formular = document.querySelector("form[data-vorschau]");
  if (!formular || !window.fetch || !window.FormData) {
    return;
  }
  var zaehler = 0;
  var zeitgeber = null;

  function zeigeNiveaus(niveaus) {
    Object.keys(niveaus).forEach(function (code) {
      var ausgabe = formular.querySelector("[data-niveau='" + code + "']");
      if (!ausgabe) {
        return;
      }
      ausgabe.querySelector("[data-niveau-text]").textContent = niveaus[code].text;
      ausgabe.querySelector("[data-niveau-erlaeuterung]").textContent = niveaus[code].erlaeuterung;
    });
  }

  function melde(text) {
    formular.querySelectorAll("[data-niveau-erlaeuterung]").forEach(function (e) {
      e.textContent = text;
    });
  }

  function holeVorschau() {
    var nummer = ++zaehler;
    fetch(formular.dataset.vorschau, {
      method: "POST",
      body: new FormData(formular),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (antwort) {
      var art = antwort.headers.get("Content-Type") || "";
      if (!antwort.ok || art.indexOf("application/json") < 0) {
        throw new Error("keine Vorschau");
      }
      return antwort.json();
    }).then(function (niveaus) {
      if (nummer === zaehler) {
        zeigeNiveaus(niveaus);
      }
    }).catch(function () {
      if (nummer === zaehler) {
        melde("Vorschau gerade nicht möglich – bitte „Vorschau aktualisieren“ wählen.");
      }
    });
  }

  function spaeter() {
    window.clearTimeout(zeitgeber);
    zeitgeber = window.setTimeout(holeVorschau, 250);
  }

  formular.addEventListener("input", function (ereignis) {
    if (ereignis.target.closest("[data-zielzeile]")) {
      spaeter();
    }
  });
  formular.addEventListener("change", function (ereignis) {
    if (ereignis.target.matches("[data-zieltyp]")) {
      spaeter();
    }
  });
}());
