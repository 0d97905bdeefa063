#!/usr/bin/env bash
# Installiert den OpenID Provider der Tests (npm-Paket oidc-provider, Version fest in
# tests/dienste/oidc_provider/package-lock.json) mit dem node der Maschine; nur was fehlt.
# Die Tests starten ihn selbst auf 127.0.0.1 (tests/dienste/oidc.py).
set -euo pipefail
cd "$(dirname "$0")/../tests/dienste/oidc_provider"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installiere node und npm (Debian)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "oidc-provider 9 braucht node ≥ 20.19, gefunden: $(node --version)" >&2
  exit 1
fi
gewuenscht=$(node -p 'require("./package.json").dependencies["oidc-provider"]')
vorhanden=$(node -p 'try { require("./node_modules/oidc-provider/package.json").version } catch { "" }')
if [ "$gewuenscht" != "$vorhanden" ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
