#!/usr/bin/env bash
# Runs every LiveDesk test suite, prints each suite's duration, and ends with exactly one line:
# "N passed, N failed".
#
#   ./scripts/test.sh                                       # everything
#   ./scripts/test.sh --suite browser                       # one suite (repeatable): vitest, dotnet, bench, browser
#   ./scripts/test.sh --suite dotnet --filter FullyQualifiedName~Replay   # other args go to `dotnet test`
#
# Works on a fresh Debian 12 machine as root (CI: `bash .ci/run`, CI=true, no stdin) and for a
# developer. It installs PostgreSQL if missing and runs a throwaway server of its own, so tests never
# depend on (or damage) a PostgreSQL that happens to be on the machine. It installs Debian's chromium
# for the browser tests when missing. Suites: Vitest (web/), then the .NET ones side by side: dotnet
# (unit and integration), bench (the benchmark's own tests) and browser (Playwright). docs/testing.md
# has more.
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
# shellcheck source=lib/suites.sh
source "$REPO_ROOT/scripts/lib/suites.sh"

# ---------------------------------------------------------------------------------------------
# Cleanup: always runs (tests failed, build failed, Ctrl+C), so no server or temp dir outlives us.
# ---------------------------------------------------------------------------------------------
cleanup() {
    local status=$?
    set +e
    # Suites still running in the background (Ctrl+C) go first, then whatever servers they left.
    jobs -p | xargs -r kill 2>/dev/null
    kill_leftover_processes
    stop_postgres
    rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Counting and timing
# ---------------------------------------------------------------------------------------------
DURATIONS=()

add_counts() { # suite passed failed skipped seconds
    TOTAL_PASSED=$((TOTAL_PASSED + $2))
    TOTAL_FAILED=$((TOTAL_FAILED + $3))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + $4))
    DURATIONS+=("$1 $5")
    # Deliberately not in "N passed, N failed" form: only the closing line may look like that.
    log "suite $1: passed=$2 failed=$3 skipped=$4 in $(human_seconds "$5")"
}

human_seconds() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

print_durations() {
    local entry
    log "durations (budget: the whole command under 20 minutes on 2 cores):"
    for entry in "${DURATIONS[@]}"; do
        printf '    %-10s %s\n' "${entry% *}" "$(human_seconds "${entry##* }")"
    done
    printf '    %-10s %s\n' total "$(human_seconds "$SECONDS")"
}

# ---------------------------------------------------------------------------------------------
# Suites
# ---------------------------------------------------------------------------------------------
# The .NET suites run side by side: most of their time is spent waiting on servers, browsers and
# deadlines, not on the CPU. Each one's console output is shown when it ends (a failure's details
# come with it), and a line every minute says what is still running.
run_dotnet_suites() {
    local suite pending=() counts
    for suite in "$@"; do
        [[ "$suite" == vitest ]] && continue
        log "dotnet test: suite $suite (${DOTNET_SUITE_PROJECTS[$suite]}), started"
        run_dotnet_suite "$suite" "$RESULTS_DIR/$suite" "${DOTNET_ARGS[@]}" >"$WORK_DIR/$suite.counts" &
        pending+=("$suite:$!")
    done
    local next_note=$((SECONDS + 60)) still entry
    while ((${#pending[@]} > 0)); do
        still=()
        for entry in "${pending[@]}"; do
            if kill -0 "${entry#*:}" 2>/dev/null; then
                still+=("$entry")
                continue
            fi
            wait "${entry#*:}" || true
            suite="${entry%%:*}"
            cat "$RESULTS_DIR/$suite/console.log"
            counts="$(cat "$WORK_DIR/$suite.counts")"
            # shellcheck disable=SC2086
            add_counts "$suite" ${counts:-0 1 0 0}
        done
        pending=("${still[@]+"${still[@]}"}")
        if ((${#pending[@]} > 0 && SECONDS >= next_note)); then
            log "still running after $(human_seconds "$SECONDS"): ${pending[*]%%:*}"
            next_note=$((SECONDS + 60))
        fi
        ((${#pending[@]} == 0)) || sleep 1
    done
    kill_leftover_processes
}

# ---------------------------------------------------------------------------------------------
# The server the tests start
# ---------------------------------------------------------------------------------------------
# The suites start a few hundred servers, and each JIT-compiled itself: 7 CPU-seconds a start, the largest single cost
# of a CI run on 2 cores. A ReadyToRun publish of the same code starts in about 4 (docs/testing.md). The test hosts
# find it through LIVEDESK_SERVER_DLL; a failed publish only costs time, so the tests then use the plain build.
publish_test_server() {
    local out="$REPO_ROOT/artifacts/test-server" started=$SECONDS
    log "dotnet publish src/LiveDesk.Server (ReadyToRun, for the tests)"
    rm -rf "$out"
    if dotnet publish src/LiveDesk.Server -c Release --use-current-runtime --self-contained false \
        -p:PublishReadyToRun=true -o "$out" -v quiet -nologo >"$WORK_DIR/publish.log" 2>&1; then
        export LIVEDESK_SERVER_DLL="$out/LiveDesk.Server.dll"
    else
        tail -20 "$WORK_DIR/publish.log"
        log "the ReadyToRun publish failed (above); the tests start the plain build instead, only more slowly"
    fi
    DURATIONS+=("publish $((SECONDS - started))")
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
ALL_SUITES=(vitest dotnet bench browser)
SUITES=()
DOTNET_ARGS=()
while (($# > 0)); do
    case "$1" in
        --suite)
            [[ $# -ge 2 && " ${ALL_SUITES[*]} " == *" $2 "* ]] || die "--suite takes one of: ${ALL_SUITES[*]}"
            SUITES+=("$2"); shift 2 ;;
        *) DOTNET_ARGS+=("$1"); shift ;;
    esac
done
((${#SUITES[@]} > 0)) || SUITES=("${ALL_SUITES[@]}")
wants() { [[ " ${SUITES[*]} " == *" $1 "* ]]; }

command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
check_node
wants browser && ensure_chromium
{ wants dotnet || wants browser || wants bench; } && ensure_maildev

if [[ -n "${LIVEDESK_TEST_POSTGRES:-}" ]]; then
    # A developer may point the tests at a PostgreSQL of their own.
    log "using LIVEDESK_TEST_POSTGRES from the environment"
elif wants dotnet || wants bench; then
    start_postgres
fi

log "dotnet build LiveDesk.slnx -c Release"
build_started=$SECONDS
if ! dotnet build LiveDesk.slnx -c Release; then
    echo "BUILD FAILED: fix the compile errors above; no test was run."
    add_counts build 0 1 0 $((SECONDS - build_started))
else
    DURATIONS+=("build $((SECONDS - build_started))")
    { wants dotnet || wants browser || wants bench; } && publish_test_server
    if wants vitest; then
        log "vitest (web/)"
        counts="$(run_vitest_suite)"
        cat "$RESULTS_DIR/vitest/console.log"
        # shellcheck disable=SC2086
        add_counts vitest $counts
    fi
    run_dotnet_suites "${SUITES[@]}"
fi

print_durations
if ((TOTAL_FAILED > 0)); then
    # Repeated here, next to the closing line, because a CI log is often read from its tail, and each suite's own
    # output (with its failures) is printed when that suite ends, possibly long before.
    log "what failed:"
    for suite in "${SUITES[@]}"; do
        [[ "$suite" == vitest ]] || trx_failures "$RESULTS_DIR/$suite" | sed "s/^/    $suite: /" || true
    done
    grep -h -E '^ *(FAIL|×) ' "$RESULTS_DIR/vitest/console.log" 2>/dev/null | sed 's/^ */    vitest: /' | head -20 || true
fi
[[ "$TOTAL_SKIPPED" == 0 ]] || log "$TOTAL_SKIPPED test(s) skipped"
if [[ $((TOTAL_PASSED + TOTAL_FAILED)) == 0 ]]; then
    log "no test ran (a --filter that matches nothing?): that counts as a failed run"
fi
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"

[[ "$TOTAL_FAILED" == 0 && $((TOTAL_PASSED + TOTAL_FAILED)) -gt 0 ]]
