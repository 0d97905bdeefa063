#!/usr/bin/env bash
# Installiert die Debian-Pakete, die Tests und PDF-Erzeugung brauchen (nur was fehlt).
# chromium: Ende-zu-Ende-Tests; poppler-utils (pdfsig, pdftotext), qpdf: PDF-Prüfung;
# Schriften und Pango für WeasyPrint; PostgreSQL-Server für den PostgreSQL-Testlauf;
# slapd (OpenLDAP) für die LDAP-Anmeldung – die Tests starten ihn selbst auf 127.0.0.1 mit
# eigener Konfiguration; ldap-utils (ldapsearch …) zum Nachsehen von Hand.
set -euo pipefail
pakete=(chromium poppler-utils qpdf fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 postgresql slapd ldap-utils)
fehlend=()
for p in "${pakete[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend+=("$p")
done
if [ ${#fehlend[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installiere Systempakete: ${fehlend[*]}"
  # slapd ohne Rückfragen und ohne eigenes Verzeichnis installieren (kein Dienst auf Port 389).
  echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${fehlend[@]}" >/dev/null
fi
