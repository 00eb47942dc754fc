#!/usr/bin/env bash
# Set up everything gongkai needs on a fresh Debian/UOS/Kylin machine: system packages (when root),
# the virtual environment and the project's Python dependencies. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  # PDF text and pictures of the letters (tests and manual checks)
  poppler-utils
  # Chinese fonts that embed in PDFs (stack-notes.md); the official ones are used when installed
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
  # Qt's xcb platform and a virtual screen
  xvfb xauth libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1
  # OpenCV's libraries for the OCR of scans (rapidocr-onnxruntime; its models come with the Python package)
  libglib2.0-0
  # PostgreSQL, for running the suite on the office-server database too
  postgresql
)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[bootstrap] installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[bootstrap] creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.gongkai-deps
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[bootstrap] installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
