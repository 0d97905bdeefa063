"""Tabellen als ein Modell für Seite und Download: dieselben Zeilen werden als HTML-Tabelle
gezeigt und als XLSX oder CSV geliefert (`modell`, `xlsx`, `csv`); dazu die Importvorlage."""
