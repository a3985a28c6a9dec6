#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on 127.0.0.1 (the same one scripts/test.sh starts: Debian's binaries,
# installed if missing; initdb as the postgres user; fsync off), exporting LIVEDESK_BENCH_POSTGRES for LiveDesk.Bench.
# Stops and deletes it afterwards.
#
#   bench/with-postgres.sh dotnet run -c Release --project bench/LiveDesk.Bench -- --scenario s4 --provider postgres
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '==> %s\n' "$*"; }
die() { printf 'with-postgres.sh: %s\n' "$*" >&2; exit 1; }
# shellcheck source=../scripts/lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

trap stop_postgres EXIT
start_postgres
export LIVEDESK_BENCH_POSTGRES="$LIVEDESK_TEST_POSTGRES"
"$@"
