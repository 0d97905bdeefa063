#!/usr/bin/env bash
# Installiert die Anwendung, legt die SQLite-Datenbank mit Demodaten an und startet den Server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
export FLASK_APP=app
.venv/bin/flask db upgrade
.venv/bin/flask zv demo
echo "Anwendung läuft unter http://127.0.0.1:${PORT:-5000}/ (Beenden mit Strg+C)"
exec .venv/bin/flask run --host 127.0.0.1 --port "${PORT:-5000}"
