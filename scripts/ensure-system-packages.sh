#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, poppler for reading PDFs,
# a Cyrillic font. Installed only when missing, so a prepared machine pays nothing.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Не хватает пакетов: ${missing[*]}. Установите: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Устанавливаю: ${missing[*]}"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
