#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the store tests and print its URL on stdout (nothing else goes there).
#   export WORKBOOK_TEST_PG_URL=$(scripts/start-postgres.sh)
#   scripts/start-postgres.sh stop        # stop it and delete its data
# Idempotent: if the server already runs, it only makes sure the database exists and prints the URL.
# Independent of Debian's own cluster on 5432: own data dir, own port, own socket dir.
set -euo pipefail

PORT="${WORKBOOK_PG_PORT:-55432}"
DATA="$(realpath -m "${WORKBOOK_PG_DIR:-/tmp/workbook-pg-$PORT}")"  # absolute: its commands run from /
SOCKETS=/tmp
DB=workbook_test
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"

BIN="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
[ -x "$BIN/initdb" ] || { echo "找不到 PostgreSQL（/usr/lib/postgresql/*/bin），请先 apt-get install postgresql" >&2; exit 1; }

as_owner() {  # PostgreSQL refuses to run as root; from /, since the postgres user may not enter our folder
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

if [ "${1:-}" = stop ]; then
  [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  rm -rf "$DATA"
  exit 0
fi

if ! ready; then
  if [ ! -s "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    chmod 700 "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
  fi
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$SOCKETS" start >&2 \
    || { cat "$DATA/server.log" >&2; exit 1; }
fi

psql_pg() { "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tA "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_pg -c "CREATE DATABASE $DB" >&2
fi
echo "$URL"
