#!/usr/bin/env bash
# Installiert alle Testabhängigkeiten, prüft den Code mit ruff (Lint und Format, Regeln in
# pyproject.toml) und führt die gesamte Testsuite aus: einmal auf SQLite und einmal auf
# PostgreSQL (lokaler Server, Wegwerf-Datenbank).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/systempakete.sh
bash scripts/oidc_provider.sh  # OpenID Provider der Tests (npm ci, Version aus dem Lockfile)
bash scripts/venv.sh test

echo "== ruff =="
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== Tests auf SQLite =="
.venv/bin/python -m pytest "$@"

echo "== Tests auf PostgreSQL =="
url=$(bash scripts/postgres.sh)
db=${url##*/}
trap 'su postgres -c "dropdb --if-exists $db" >/dev/null 2>&1 || true' EXIT
ZV_TEST_DATABASE_URL="$url" .venv/bin/python -m pytest "$@"
