#!/usr/bin/env bash
# Unpack the built .deb and run the bundled program headless with a clean environment (no Python, no venv):
# version, init, demo, a report, a letter, check, and the upgrade of every released schema's fixture database.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEB=$(ls -t dist/gongkai_*.deb | head -n1)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
dpkg-deb -x "$DEB" "$T/root"
GK="$T/root/opt/gongkai/gongkai"
run() { env -i HOME="$T/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen GONGKAI_HOME="$T/gk" "$GK" "$@"; }
mkdir -p "$T/home"
echo "--- $(run --version)"
run --db "$T/a.sqlite3" init --org-name 青山县人民政府办公室 --org-code 11330127MB0000001X --level county >/dev/null
run --db "$T/b.sqlite3" demo --seed 3 --requests 120 --catalogue 300 --ledger 100 >/dev/null
run --db "$T/b.sqlite3" --json report annual --year 2025 > "$T/report.json"
python3 - "$T/report.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rows = data["applications"]["rows"]
assert data["year"] == 2025 and rows["new"][6] > 0, data
print("--- report: new applications in 2025:", rows["new"][6])
PY
run --db "$T/b.sqlite3" check >/dev/null
run redact check-ocr
test -x "$T/root/usr/bin/gongkai" && grep -q '政务公开工作台' "$T/root/usr/share/applications/gongkai.desktop"
HEAD=$(run --version | sed -n 's/.*数据结构版本 \([0-9]*\).*/\1/p')
for fixture in tests/fixtures/schema-v*.sqlite3; do
  [ -f "$fixture" ] || continue
  cp "$fixture" "$T/up.sqlite3"
  FROM=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select version_num from alembic_version').fetchone()[0])" "$T/up.sqlite3")
  BEFORE=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from application').fetchone()[0])" "$T/up.sqlite3")
  rm -rf "$T/gk/backups"
  run --db "$T/up.sqlite3" check >/dev/null
  AFTER=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from application').fetchone()[0])" "$T/up.sqlite3")
  [ "$BEFORE" = "$AFTER" ] || { echo "applications lost upgrading $fixture: $BEFORE -> $AFTER" >&2; exit 1; }
  if [ "$FROM" != "$HEAD" ]; then
    ls "$T/gk/backups"/*upgrade* >/dev/null 2>&1 || { echo "no backup before upgrading $fixture" >&2; exit 1; }
    echo "--- upgraded $(basename "$fixture") from schema $FROM to $HEAD through the bundled program ($AFTER applications)"
  else
    echo "--- $(basename "$fixture") is at the bundle's schema $HEAD: opened and checked ($AFTER applications)"
  fi
done
echo "smoke test passed: $DEB"
