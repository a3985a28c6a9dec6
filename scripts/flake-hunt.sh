#!/usr/bin/env bash
# Runs .NET test suites again and again while every core is kept busy, and lists every test that
# failed at least once, with how often and its first error. A test that only fails under load is a
# timing bug: this is how to find one before CI does.
#
#   ./scripts/flake-hunt.sh                                   # suite dotnet, 5 runs, under load
#   ./scripts/flake-hunt.sh -n 50 --filter "FullyQualifiedName~BodyLargerThanTheLimitGets413"
#   ./scripts/flake-hunt.sh --suite dotnet --suite bench --suite browser   # all three side by side, as the test command runs them
#   ./scripts/flake-hunt.sh --no-load -n 10                   # the same without the CPU hogs
#
# Options: -n RUNS (default 5); --suite NAME (repeatable: dotnet, bench, browser; default dotnet; several run side
# by side); --hogs N (CPU hogs, default one per core); --no-load; anything else goes to `dotnet test`.
# It builds once (Release), starts its own throwaway PostgreSQL, and stops the hogs, the database
# and any leftover server when it ends, also on Ctrl+C. Exit code 1 when any test failed.
# Each run's TRX and console output stay in TestResults/flake-hunt/run-N/SUITE.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
die() { printf 'flake-hunt.sh: %s\n' "$*" >&2; exit 2; }

RESULTS_ROOT="$REPO_ROOT/TestResults/flake-hunt"
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/livedesk-flake.XXXXXX")"
RUN_TOKEN="livedesk-flake-$$-$RANDOM$RANDOM"
HOG_PIDS=()

# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"
# shellcheck source=lib/suites.sh
source "$REPO_ROOT/scripts/lib/suites.sh"

RUNS=5
HOGS="$(nproc)"
SUITES=()
DOTNET_ARGS=()
while (($# > 0)); do
    case "$1" in
        -n) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "-n takes a positive number of runs"; RUNS="$2"; shift 2 ;;
        --hogs) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--hogs takes a number"; HOGS="$2"; shift 2 ;;
        --no-load) HOGS=0; shift ;;
        --suite)
            [[ -n "${DOTNET_SUITE_PROJECTS[${2:-}]:-}" ]] || die "--suite takes one of: ${!DOTNET_SUITE_PROJECTS[*]}"
            SUITES+=("$2"); shift 2 ;;
        *) DOTNET_ARGS+=("$1"); shift ;;
    esac
done
((${#SUITES[@]} > 0)) || SUITES=(dotnet)

stop_hogs() {
    ((${#HOG_PIDS[@]} == 0)) || kill "${HOG_PIDS[@]}" 2>/dev/null || true
    HOG_PIDS=()
}

cleanup() {
    local status=$?
    set +e
    stop_hogs
    jobs -p | xargs -r kill 2>/dev/null
    kill_leftover_processes
    stop_postgres
    rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A busy loop per hog, at normal priority, so the tests compete for every core as they would on a
# shared CI machine.
start_hogs() {
    local i
    for ((i = 0; i < HOGS; i++)); do
        bash -c 'while :; do :; done' &
        HOG_PIDS+=("$!")
    done
    ((HOGS == 0)) || log "$HOGS CPU hog(s) running on $(nproc) core(s)"
}

command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"
check_node
[[ " ${SUITES[*]} " == *" browser "* ]] && ensure_chromium
[[ " ${SUITES[*]} " == *" dotnet "* || " ${SUITES[*]} " == *" browser "* || " ${SUITES[*]} " == *" bench "* ]] && ensure_maildev
[[ -n "${LIVEDESK_TEST_POSTGRES:-}" ]] || start_postgres

log "dotnet build LiveDesk.slnx -c Release"
dotnet build LiveDesk.slnx -c Release -v quiet -nologo >"$WORK_DIR/build.log" 2>&1 \
    || { cat "$WORK_DIR/build.log"; die "the build failed"; }

rm -rf "$RESULTS_ROOT"
mkdir -p "$RESULTS_ROOT"
start_hogs

failed_runs=0
for ((run = 1; run <= RUNS; run++)); do
    # The suites of one run go side by side, as in scripts/test.sh, so the hunt sees the same contention CI does.
    suite_pids=()
    for suite in "${SUITES[@]}"; do
        run_dotnet_suite "$suite" "$RESULTS_ROOT/run-$run/$suite" "${DOTNET_ARGS[@]}" >"$WORK_DIR/$suite.counts" &
        suite_pids+=("$!")
    done
    # Not a bare `wait`: that would wait for the hogs too.
    wait "${suite_pids[@]}"
    kill_leftover_processes
    for suite in "${SUITES[@]}"; do
        dir="$RESULTS_ROOT/run-$run/$suite"
        read -r passed failed _ seconds <"$WORK_DIR/$suite.counts"
        log "run $run/$RUNS, suite $suite: passed=$passed failed=$failed in ${seconds}s (load $(cut -d' ' -f1-3 /proc/loadavg))"
        ((passed + failed > 0)) || log "warning: no test ran in suite $suite (a --filter that matches nothing there?)"
        if ((failed > 0)); then
            failed_runs=$((failed_runs + 1))
            failures="$(trx_failures "$dir")"
            # A crash or hang may leave no failed test in the TRX; keep the run visible anyway.
            [[ -n "$failures" ]] || failures="$(printf '(suite %s crashed or hung)\t%s' "$suite" "$(tail -n 1 "$dir/console.log")")"
            printf '%s\n' "$failures" >>"$WORK_DIR/failures.tsv"
            printf '%s\n' "$failures" | cut -f1 | sed 's/^/      failed: /'
        fi
    done
done
stop_hogs

echo
log "flake hunt: $RUNS run(s) of ${SUITES[*]} with $HOGS CPU hog(s); $failed_runs suite run(s) had failures"
if [[ -s "$WORK_DIR/failures.tsv" ]]; then
    # One line per test: how many runs it failed in, its name, and the first error it gave.
    awk -F'\t' '
        { count[$1]++; if (!($1 in first)) { first[$1] = $2; order[++n] = $1 } }
        END { for (i = 1; i <= n; i++) printf "  %d× %s\n      first error: %s\n", count[order[i]], order[i], first[order[i]] }' "$WORK_DIR/failures.tsv"
    exit 1
fi
echo "  no test failed"
