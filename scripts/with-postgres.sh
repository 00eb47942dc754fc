#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1, run the given command with GONGKAI_TEST_PG_URL set,
# then stop the cluster. Exits 99 when no PostgreSQL server binaries are installed.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "[postgres] no PostgreSQL server installed" >&2
  exit 99
fi
D=$(mktemp -d)
PORT=${GONGKAI_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$D"; fi
as_pg "$PGBIN/initdb -D $D/data -U app --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $D/data -l $D/log -o '-c listen_addresses=127.0.0.1 -p $PORT -k $D -c fsync=off' -w start" >/dev/null
cleanup() { as_pg "$PGBIN/pg_ctl -D $D/data -m fast -w stop" >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
export GONGKAI_TEST_PG_URL="postgresql+psycopg://app@127.0.0.1:$PORT/postgres"
"$@"
