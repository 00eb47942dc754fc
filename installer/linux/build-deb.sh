#!/usr/bin/env bash
# Build dist/gongkai_<version>_<arch>.deb: a PyInstaller one-folder bundle under /opt/gongkai, a launcher in
# /usr/bin, a .desktop entry named 政务公开工作台, icons, and maintainer scripts that never touch user data.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=.venv/bin/python
VERSION=$($PY -c "import app; print(app.__version__)")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
STAGE="$ROOT/build/stage"
rm -rf "$STAGE" build/pyinstaller dist/gongkai build/deb
mkdir -p "$STAGE/fonts" dist

$PY -m pip show pyinstaller >/dev/null 2>&1 || $PY -m pip install -q 'pyinstaller>=6.5'

# Build info for `gongkai --version`.
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
printf '{"build_date": "%s", "commit": "%s"}\n' "$(date +%Y-%m-%d)" "$COMMIT" > "$STAGE/build-info.json"

# A freely licensed CJK TrueType font that embeds in PDFs (stack-notes.md), with its licence, for PCs that
# have none of the official fonts. AR PL UMing/UKai: Arphic Public License (redistribution allowed).
for f in /usr/share/fonts/truetype/arphic/uming.ttc /usr/share/fonts/truetype/arphic/ukai.ttc; do
  [ -f "$f" ] && cp "$f" "$STAGE/fonts/"
done
for d in fonts-arphic-uming fonts-arphic-ukai; do
  [ -f "/usr/share/doc/$d/copyright" ] && cp "/usr/share/doc/$d/copyright" "$STAGE/fonts/LICENSE-$d.txt"
done
ls "$STAGE/fonts"/*.ttc >/dev/null 2>&1 || { echo "fonts-arphic-uming is needed to build the package" >&2; exit 1; }

GONGKAI_STAGE="$STAGE" $PY -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/gongkai.spec

PKG="$ROOT/build/deb/gongkai_${VERSION}_${ARCH}"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/icons/hicolor/256x256/apps" "$PKG/usr/share/doc/gongkai"
cp -a dist/gongkai "$PKG/opt/gongkai"
cp resources/icons/gongkai.svg "$PKG/usr/share/icons/hicolor/scalable/apps/gongkai.svg"
QT_QPA_PLATFORM=offscreen $PY installer/render_icon.py resources/icons/gongkai.svg \
  "$PKG/usr/share/icons/hicolor/256x256/apps/gongkai.png" 256
cat > "$PKG/usr/bin/gongkai" <<'SH'
#!/bin/sh
exec /opt/gongkai/gongkai "$@"
SH
chmod 755 "$PKG/usr/bin/gongkai"
cp installer/linux/gongkai.desktop "$PKG/usr/share/applications/gongkai.desktop"
cp "$STAGE"/fonts/LICENSE-* "$PKG/usr/share/doc/gongkai/" 2>/dev/null || true
SIZE=$(du -sk "$PKG" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" installer/linux/control.in > "$PKG/DEBIAN/control"
install -m 755 installer/linux/postinst "$PKG/DEBIAN/postinst"
install -m 755 installer/linux/postrm "$PKG/DEBIAN/postrm"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$PKG" "dist/gongkai_${VERSION}_${ARCH}.deb" >/dev/null
echo "dist/gongkai_${VERSION}_${ARCH}.deb ($(du -h "dist/gongkai_${VERSION}_${ARCH}.deb" | cut -f1); bundle $(du -sh dist/gongkai | cut -f1))"
