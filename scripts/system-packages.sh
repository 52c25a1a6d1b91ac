#!/usr/bin/env bash
# Debian packages tthc needs: Python's venv and pip (to create .venv), Chromium for the browser tests, Pango and
# fonts for PDF output. Installs what is missing when running as root; otherwise says what to install.
# Usage: scripts/system-packages.sh [PYTHON]   (the interpreter `make` creates .venv with; default python3)
set -euo pipefail

python=${1:-python3}
missing=()
# Debian's python3 has no venv/ensurepip until python3-venv is installed, so `python3 -m venv` fails; an
# existing .venv needs neither.
if [ ! -x .venv/bin/python ] && ! "$python" -c "import venv, ensurepip" >/dev/null 2>&1; then
  missing+=(python3-venv python3-pip)
  # A non-default interpreter (python3.11 beside Debian's python3.13) has its own venv package.
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)
  if [ -n "$version" ] && command -v apt-cache >/dev/null 2>&1 && apt-cache show "python$version-venv" >/dev/null 2>&1; then
    missing+=("python$version-venv")
  fi
fi
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
