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

# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

# ---------------------------------------------------------------------------------------------
# Cleanup: always runs (tests failed, build failed, Ctrl+C), so no server or temp dir outlives us.
# ---------------------------------------------------------------------------------------------
cleanup() {
    local status=$?
    set +e
    kill_leftover_processes
    stop_postgres
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
