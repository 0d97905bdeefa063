#!/usr/bin/env bash
# Startet den lokalen PostgreSQL-Server (falls nötig) und legt eine Wegwerf-Testdatenbank an.
# Gibt die SQLAlchemy-URL auf stdout aus.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
db="zv_test_$$"
su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zv_test') THEN
    CREATE ROLE zv_test LOGIN PASSWORD 'zv_test';
  END IF;
END \$\$;
DROP DATABASE IF EXISTS $db;
CREATE DATABASE $db OWNER zv_test;
SQL
echo "postgresql+psycopg://zv_test:zv_test@127.0.0.1:5432/$db"
