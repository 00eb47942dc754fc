#!/usr/bin/env bash
# Set up everything gongkai needs on a fresh Debian/UOS/Kylin machine: system packages (when root),
# the virtual environment and the project's Python dependencies. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the program needs on a stock Debian 12 / UOS / Kylin desktop. The Qt libraries are what `ldd` shows the
# wheel's xcb platform plugin, libQt6XcbQpa, Gui, Widgets, DBus and Pdf need outside the wheel, named by
# `dpkg -S` (docs/screenshots/README.md says how the list was checked).
SYSTEM_PACKAGES=(
  # the virtual environment (stock Debian 12 has python3 without venv/ensurepip)
  python3-venv
  # Chinese fonts for the window and for PDFs that embed them; the official ones are used when installed
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
  # Qt's xcb platform (X11; Wayland desktops run it through XWayland)
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libx11-6 libx11-xcb1 libxcb1
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-util1
  libxcb-render0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0
  libxcb-xkb1
)
# Only for `make test` (bootstrap.sh --test): PDF text for the letters' tests, a virtual screen for the
# window's tests, and PostgreSQL for running the suite on the office-server database too. A single-seat
# clerk's `make run` installs none of them.
TEST_PACKAGES=(
  poppler-utils
  xvfb xauth
  postgresql
)
if [ "${1:-}" = "--test" ]; then
  SYSTEM_PACKAGES+=("${TEST_PACKAGES[@]}")
fi

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
elif command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[bootstrap] 缺少系统软件包，请以管理员身份安装：sudo apt-get install ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "[bootstrap] creating .venv"
  if ! "$PY" -m venv .venv; then
    rm -rf .venv
    echo "[bootstrap] 无法创建 Python 运行环境：请先安装 python3-venv（sudo apt-get install python3-venv）" >&2
    exit 1
  fi
fi
stamp=.venv/.gongkai-deps
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[bootstrap] installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi
