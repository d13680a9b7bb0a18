#!/usr/bin/env bash
# Make sure the Debian packages the product needs are installed.
# Installs them with apt-get when run as root; otherwise prints the exact command and
# exits 3 (missing dependency), as the CLI does.
# `bootstrap-system.sh samples` also installs what the sample generator's other layout
# engines need (samples/engines.py): LibreOffice Writer and Chromium; `bootstrap-system.sh
# test` the same, for the tests that convert a Word file and drive the report site in a
# real browser (`make test`). `make ingest` needs neither.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-tha fonts-thai-tlwg)
if [ "${1:-}" = "samples" ] || [ "${1:-}" = "test" ]; then
  packages+=(libreoffice-writer-nogui libreoffice-calc-nogui chromium)
fi
# A bare Debian python3 has no venv/ensurepip until python3-venv is installed.
python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  # apt's progress goes to a log; it is shown only when something fails
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bootstrap: apt-get failed (full log: $log)" >&2
    exit 3
  fi
  rm -f "$log"
  echo "bootstrap: installed ${missing[*]}" >&2
else
  echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
  echo "bootstrap: run this once, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 3
fi
