#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on 127.0.0.1 (the same set-up as scripts/test.sh: Debian's binaries,
# initdb as the postgres user, fsync off), exporting LIVEDESK_BENCH_POSTGRES for LiveDesk.Bench. Stops and deletes it after.
#
#   bench/with-postgres.sh dotnet run -c Release --project bench/LiveDesk.Bench -- --scenario s4 --provider postgres
set -euo pipefail

PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")" \
    || { echo "PostgreSQL binaries not found: apt-get install postgresql" >&2; exit 1; }
[[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL binaries not found: apt-get install postgresql" >&2; exit 1; }

PG_DIR="$(mktemp -d /tmp/livedesk-bench-pg.XXXXXX)"
as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then (cd "$PG_DIR" && runuser -u postgres -- "$@"); else (cd "$PG_DIR" && "$@"); fi
}
if [[ "$(id -u)" == 0 ]]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    chown postgres: "$PG_DIR"
fi
cleanup() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap cleanup EXIT

as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=trust --no-sync >"$PG_DIR/initdb.log" 2>&1
# Durability is traded for speed, as in the test suite: the figure is the server's path, not the disk's fsync.
cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
PORT=56432
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 -o "-p $PORT" start >/dev/null
export LIVEDESK_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
echo "==> throwaway PostgreSQL on 127.0.0.1:$PORT"
"$@"
