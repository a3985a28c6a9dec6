#!/usr/bin/env bash
# Runs every LiveDesk test suite and ends with exactly one line: "N passed, N failed".
#
#   ./scripts/test.sh                          # everything
#   ./scripts/test.sh --filter FullyQualifiedName~Replay   # extra args go to `dotnet test` (developers' subsets)
#
# Works on a fresh Debian 12 machine as root (CI: `bash .ci/run`, CI=true, no stdin) and for a
# developer. It installs PostgreSQL if missing and runs a throwaway server of its own, so tests never
# depend on (or damage) a PostgreSQL that happens to be on the machine. It installs Debian's chromium
# for the browser tests when missing. Suites: Vitest (web/), then .NET (unit, integration, browser).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# Quieter, faster dotnet on a fresh machine.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# Results stay in ./TestResults (git-ignored) so a developer can open the TRX after a run.
RESULTS_DIR="$REPO_ROOT/TestResults"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/livedesk-test.XXXXXX")"

# Every suite adds to these; the closing line is printed from them.
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0

# Marks the processes of this run's test hosts and the servers they spawn, so cleanup can kill
# exactly those (and nothing else) if a crashed test host left a server behind.
RUN_TOKEN="livedesk-$$-$RANDOM$RANDOM"

PG_DIR=""
PG_BIN=""

# ---------------------------------------------------------------------------------------------
# Cleanup: always runs (tests failed, build failed, Ctrl+C), so no server or temp dir outlives us.
# ---------------------------------------------------------------------------------------------
cleanup() {
    local status=$?
    set +e
    kill_leftover_processes
    if [[ -n "$PG_DIR" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
        rm -rf "$PG_DIR"
    fi
    rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

kill_leftover_processes() {
    local environ pid
    for environ in /proc/[0-9]*/environ; do
        pid="${environ#/proc/}"; pid="${pid%/environ}"
        [[ "$pid" == "$$" ]] && continue
        if grep -qzx "LIVEDESK_TEST_RUN=$RUN_TOKEN" "$environ" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
as_postgres() {
    if is_root; then
        (cd "$PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

as_admin() {
    if is_root; then "$@"; else sudo "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
find_pg_bin() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$initdb" ]] && dirname "$initdb"
}

install_postgres() {
    log "PostgreSQL server binaries not found; installing Debian's postgresql package"
    if ! is_root && ! command -v sudo >/dev/null; then
        die "PostgreSQL is missing and sudo is not available: install the 'postgresql' package as root"
    fi
    # apt may start Debian's own cluster on 5432 as a side effect; we neither use nor need it.
    as_admin apt-get update -qq
    as_admin env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

port_in_use() {
    # bash's /dev/tcp needs nothing installed; a successful connect means someone listens there.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_postgres() {
    PG_BIN="$(find_pg_bin || true)"
    if [[ -z "$PG_BIN" ]]; then
        install_postgres
        PG_BIN="$(find_pg_bin || true)"
        [[ -n "$PG_BIN" ]] || die "installed postgresql but found no /usr/lib/postgresql/*/bin/initdb"
    fi

    if is_root; then
        # In /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
        PG_DIR="$(mktemp -d /tmp/livedesk-pg.XXXXXX)"
        id -u postgres >/dev/null 2>&1 \
            || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
        chown postgres: "$PG_DIR"
    else
        PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/livedesk-pg.XXXXXX")"
    fi

    # Locale C: a fresh machine may have no other locale generated. Superuser is `postgres`
    # whoever runs this, so the connection string is the same for developers and CI.
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C \
        --auth-local=trust --auth-host=trust --no-sync >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }

    # The data is thrown away after the run, so durability is traded for speed. Only loopback,
    # and the socket lives in our temp dir so we never clash with a system server's socket.
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
EOF

    # Prefer 55432; if busy (another run, a developer's server), walk up to a free port. A start
    # can still lose a race for the port, so a failed start also moves on to the next one.
    local port
    for port in $(seq 55432 55482); do
        port_in_use "$port" && continue
        if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
            -o "-p $port" start >/dev/null 2>&1; then
            export LIVEDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
            log "throwaway PostgreSQL on 127.0.0.1:$port ($PG_DIR)"
            return 0
        fi
    done
    cat "$PG_DIR/postgres.log" >&2 || true
    die "could not start PostgreSQL on any port in 55432-55482"
}

# ---------------------------------------------------------------------------------------------
# Browser and dashboard prerequisites
# ---------------------------------------------------------------------------------------------
ensure_chromium() {
    local chromium="${LIVEDESK_CHROMIUM:-/usr/bin/chromium}"
    [[ -x "$chromium" ]] && return 0
    log "Chromium not found at $chromium; installing Debian's chromium package for the browser tests"
    if ! is_root && ! command -v sudo >/dev/null; then
        die "Chromium is missing and sudo is not available: install the 'chromium' package as root"
    fi
    as_admin apt-get update -qq
    as_admin env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [[ -x "$chromium" ]] || die "installed chromium but $chromium is still missing"
}

# The dashboard's build (Vite 8) needs Node.js 20.19 or newer; the server build runs it through MSBuild.
check_node() {
    command -v node >/dev/null || die "Node.js is not on PATH: the dashboard in web/ needs Node.js 20.19+ with npm"
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
        || die "Node.js $(node --version) is too old: the dashboard in web/ needs 20.19 or newer"
}

# ---------------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------------
add_counts() { # suite passed failed [skipped]
    local skipped="${4:-0}"
    TOTAL_PASSED=$((TOTAL_PASSED + $2))
    TOTAL_FAILED=$((TOTAL_FAILED + $3))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    # Deliberately not in "N passed, N failed" form: only the closing line may look like that.
    log "suite $1: passed=$2 failed=$3 skipped=$skipped"
}

# Prints "passed failed skipped" over all TRX files in a directory. A TRX start tag may wrap
# lines, so newlines are flattened before each <UnitTestResult ...> tag is looked at.
count_trx() {
    local dir="$1" tags passed failed skipped
    tags="$(find "$dir" -name '*.trx' -type f -exec cat {} + 2>/dev/null | tr '\n\r' '  ' \
        | grep -o '<UnitTestResult [^>]*>' || true)"
    passed="$(grep -c 'outcome="Passed"' <<<"$tags" || true)"
    # Timeout, Aborted and Error are failures too; only NotExecuted is a skip.
    failed="$(grep -cE 'outcome="(Failed|Timeout|Aborted|Error)"' <<<"$tags" || true)"
    skipped="$(grep -c 'outcome="NotExecuted"' <<<"$tags" || true)"
    echo "${passed:-0} ${failed:-0} ${skipped:-0}"
}

# ---------------------------------------------------------------------------------------------
# Suites. Each one ends by calling add_counts; a suite that crashed counts as at least 1 failure.
# ---------------------------------------------------------------------------------------------
run_dotnet_suite() {
    local dir="$RESULTS_DIR/dotnet" code=0 passed failed skipped
    rm -rf "$dir"
    log "dotnet test"
    # No LogFileName: with several test projects a fixed name would be overwritten; the default
    # names are unique. blame-hang turns a hung test into a failure (and kills the test host with
    # the servers it started) instead of eating CI's time limit.
    # TMPDIR inside our work dir: servers' data dirs go there, so even a crashed test host
    # leaves nothing behind once cleanup deletes the work dir.
    mkdir -p "$WORK_DIR/tmp"
    LIVEDESK_TEST_RUN="$RUN_TOKEN" TMPDIR="$WORK_DIR/tmp" dotnet test LiveDesk.slnx -c Release --no-build \
        --results-directory "$dir" \
        --logger "trx" \
        --logger "console;verbosity=normal" \
        --blame-hang-timeout 5m --blame-hang-dump-type none \
        "$@" || code=$?
    kill_leftover_processes

    read -r passed failed skipped < <(count_trx "$dir")
    if [[ "$code" != 0 && "$failed" == 0 ]]; then
        log "dotnet test exited with code $code but its TRX shows no failed test (crash, hang or bad arguments): counting 1 failure"
        failed=1
    fi
    add_counts dotnet "$passed" "$failed" "$skipped"
}

# The client library's unit tests (ordering, duplicates, reset, version regression).
run_vitest_suite() {
    local report="$RESULTS_DIR/vitest.json" code=0 passed failed
    mkdir -p "$RESULTS_DIR"
    rm -f "$report"
    log "vitest (web/)"
    [[ -d web/node_modules ]] || (cd web && npm ci --no-audit --no-fund)
    (cd web && npx vitest run --reporter=default --reporter=json --outputFile="$report") || code=$?
    if [[ -f "$report" ]]; then
        read -r passed failed < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests)' "$report")
    else
        passed=0; failed=0
    fi
    if [[ "$code" != 0 && "$failed" == 0 ]]; then
        log "vitest exited with code $code but reported no failed test: counting 1 failure"
        failed=1
    fi
    add_counts vitest "$passed" "$failed"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
check_node
ensure_chromium

if [[ -n "${LIVEDESK_TEST_POSTGRES:-}" ]]; then
    # A developer may point the tests at a PostgreSQL of their own.
    log "using LIVEDESK_TEST_POSTGRES from the environment"
else
    start_postgres
fi

log "dotnet build LiveDesk.slnx -c Release"
if ! dotnet build LiveDesk.slnx -c Release; then
    echo "BUILD FAILED: fix the compile errors above; no test was run."
    add_counts build 0 1
else
    # A developer's --filter picks .NET tests only; Vitest is quick and always runs.
    run_vitest_suite
    # .NET unit and integration tests, and the browser tests (tests/LiveDesk.E2E), in one run.
    run_dotnet_suite "$@"
fi

[[ "$TOTAL_SKIPPED" == 0 ]] || log "$TOTAL_SKIPPED test(s) skipped"
if [[ $((TOTAL_PASSED + TOTAL_FAILED)) == 0 ]]; then
    log "no test ran (a --filter that matches nothing?): that counts as a failed run"
fi
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"

[[ "$TOTAL_FAILED" == 0 && $((TOTAL_PASSED + TOTAL_FAILED)) -gt 0 ]]
