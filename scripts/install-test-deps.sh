#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: the pinned Python packages,
# Debian's chromium (the browser tests drive it through playwright; no browser download), and
# Debian's postgresql and nginx (tests/test_two_servers.py, tests/test_state_pg.py start their own
# PostgreSQL server with initdb in a temporary folder, and their own nginx: no system service is used).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  # the packages' own services are not needed (a container may refuse to start them: not an error)
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql nginx >/dev/null
fi
# the committee's PowerPoint is opened and converted by LibreOffice Impress, the PDFs rendered by poppler's pdftoppm
# (tests/test_deck_pptx.py, tests/test_report_pages.py)
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-impress poppler-utils >/dev/null
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null
