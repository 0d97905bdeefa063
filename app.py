"""Einstiegspunkt für `flask` (FLASK_APP=app) und WSGI-Server."""

from zielvereinbarung.web import create_app

app = create_app()
