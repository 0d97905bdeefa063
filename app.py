"""Einstiegspunkt für `flask` (FLASK_APP=app) und WSGI-Server.

Für `flask zv …` und `flask db …` entsteht die Anwendung ohne Seiten (`create_app(seiten=False)`):
ein Befehl startet so schnell wie möglich. `flask run`, `flask routes`, `flask shell`, gunicorn
und Tests bekommen die ganze Anwendung.
"""

import sys

from zielvereinbarung.cli import nur_befehle
from zielvereinbarung.web import create_app

app = create_app(seiten=not nur_befehle(sys.argv))
