#!/usr/bin/env bash
# Debian packages tthc needs: Chromium for the browser tests, Pango and fonts for PDF output.
# Installs what is missing when running as root; otherwise says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống: ${missing[*]} — hãy cài bằng: sudo apt-get install ${missing[*]}" >&2
fi
