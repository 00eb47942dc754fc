#!/usr/bin/env bash
# The whole test suite: set-up, then SQLite, then PostgreSQL (when its server is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
export QT_QPA_PLATFORM=offscreen
echo "=== tests on SQLite ==="
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
echo "=== tests on PostgreSQL ==="
set +e
bash scripts/with-postgres.sh env GONGKAI_TEST_DB=postgres .venv/bin/python -m pytest -q -p no:cacheprovider -m "not sqlite_only" "$@"
rc=$?
set -e
if [ $rc = 99 ]; then
  if [ -n "${CI:-}" ]; then echo "PostgreSQL is required in CI" >&2; exit 1; fi
  echo "(PostgreSQL not installed: skipped the PostgreSQL run)"
  exit 0
fi
exit $rc
