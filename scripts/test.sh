#!/usr/bin/env bash
# Installiert alle Testabhängigkeiten, prüft den Code mit ruff (Lint und Format) und mypy
# (Typen; Regeln für beide in pyproject.toml) und führt die gesamte Testsuite aus: einmal auf
# SQLite und einmal auf PostgreSQL (lokaler Server, Wegwerf-Datenbank).
set -euo pipefail
cd "$(dirname "$0")/.."
# Bytecode der eigenen Module und der (von pytest umgeschriebenen) Testmodule zwischenspeichern
# (__pycache__, in .gitignore), auch wenn die Umgebung es abschaltet: sonst übersetzt jeder
# Prozess – beide Testläufe und jeder Kommandozeilen-, Scheduler- und gunicorn-Prozess der Tests –
# alles neu (tests/cli: 55,7 → 48,6 s).
unset PYTHONDONTWRITEBYTECODE
bash scripts/systempakete.sh
bash scripts/oidc_provider.sh  # OpenID Provider der Tests (npm ci, Version aus dem Lockfile)
bash scripts/venv.sh test

echo "== ruff =="
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy =="
.venv/bin/mypy  # Pakete und Strenge: [tool.mypy] in pyproject.toml

# Beide Durchläufe gleichzeitig (zwei Kerne; jeder mit eigener Datenbank, eigenen Servern auf
# freien Loopback-Ports und eigenem tmp-Verzeichnis). ZV_TESTS_NACHEINANDER=1: wie früher
# nacheinander, mit der Ausgabe direkt im Terminal. Der PostgreSQL-Lauf nimmt nur Tests, die die
# Datenbank nutzen (--nur-datenbanktests, tests/conftest.py: Fixture `db_url`) und nicht als
# `datenbankunabhaengig` markiert sind (axe auf dem HTML); die übrigen hängen nicht von der
# Datenbank ab und laufen im SQLite-Lauf (die Ausgabe nennt ihre Zahl).
url=$(bash scripts/postgres.sh)
db=${url##*/}
protokolle=$(mktemp -d)
trap 'su postgres -c "dropdb --if-exists $db" >/dev/null 2>&1 || true; rm -rf "$protokolle"' EXIT

if [ "${ZV_TESTS_NACHEINANDER:-0}" = 1 ]; then
  echo "== Tests auf SQLite =="
  .venv/bin/python -m pytest "$@"
  echo "== Tests auf PostgreSQL =="
  ZV_TEST_DATABASE_URL="$url" .venv/bin/python -m pytest --nur-datenbanktests "$@"
  exit 0
fi

echo "== Tests auf SQLite und PostgreSQL (gleichzeitig) =="
start=$(date +%s)
.venv/bin/python -m pytest "$@" >"$protokolle/sqlite.log" 2>&1 &
sqlite_pid=$!
ZV_TEST_DATABASE_URL="$url" .venv/bin/python -m pytest --nur-datenbanktests "$@" >"$protokolle/postgresql.log" 2>&1 &
pg_pid=$!
sqlite_rc=0
pg_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
wait "$pg_pid" || pg_rc=$?
for leg in sqlite postgresql; do
  echo "== Tests auf $leg =="
  cat "$protokolle/$leg.log"
done
echo "== Ergebnis nach $(( $(date +%s) - start )) s: SQLite Exit $sqlite_rc, PostgreSQL Exit $pg_rc =="
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
