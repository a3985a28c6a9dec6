# The test suites and what they need, shared by scripts/test.sh and scripts/flake-hunt.sh.
#
# The caller defines log and die, sources lib/postgres.sh first (for is_root and as_admin), and sets
# RESULTS_DIR, WORK_DIR and RUN_TOKEN before running a suite.

# The .NET suites, by the name the summary uses. Each is one test project and one `dotnet test`.
declare -A DOTNET_SUITE_PROJECTS=(
    [dotnet]=tests/LiveDesk.Tests/LiveDesk.Tests.csproj
    [bench]=tests/LiveDesk.Bench.Tests/LiveDesk.Bench.Tests.csproj
    [browser]=tests/LiveDesk.E2E/LiveDesk.E2E.csproj
)

# Marks the processes of this run's test hosts and the servers they spawn (an environment variable
# they inherit), so cleanup can kill exactly those if a crashed test host left a server behind.
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

# The SMTP server with an HTTP API that the .NET tests start for email (maildev, pinned in tests/tools/maildev).
ensure_maildev() {
    [[ -x tests/tools/maildev/node_modules/.bin/maildev ]] && return 0
    log "installing maildev (npm) for the email tests"
    (cd tests/tools/maildev && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in tests/tools/maildev failed"
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

# Runs one .NET suite: `dotnet test` of its project, console output to $dir/console.log, TRX to $dir.
# Prints "passed failed skipped seconds" as its only stdout line. Extra arguments go to `dotnet test`.
run_dotnet_suite() {
    local suite="$1" dir="$2"; shift 2
    local project="${DOTNET_SUITE_PROJECTS[$suite]}" code=0 started passed failed skipped
    rm -rf "$dir"
    mkdir -p "$dir" "$WORK_DIR/tmp"
    started=$SECONDS
    # blame-hang turns a hung test into a failure (and kills the test host with the servers it
    # started) instead of eating CI's time limit. TMPDIR inside our work dir: servers' data dirs go
    # there, so even a crashed test host leaves nothing behind once cleanup deletes the work dir.
    # Each suite's servers take ports from a block of their own (ServerProcess.PickPort), so two suites running side
    # by side can never pick the same free port and start two servers on it.
    local block
    case "$suite" in dotnet) block=0 ;; browser) block=1 ;; *) block=2 ;; esac
    LIVEDESK_TEST_RUN="$RUN_TOKEN" LIVEDESK_TEST_PORT_BLOCK="$block" TMPDIR="$WORK_DIR/tmp" \
        dotnet test "$project" -c Release --no-build \
        --results-directory "$dir" \
        --logger "trx" \
        --logger "console;verbosity=normal" \
        --blame-hang-timeout 5m --blame-hang-dump-type none \
        "$@" >"$dir/console.log" 2>&1 || code=$?

    read -r passed failed skipped < <(count_trx "$dir")
    if [[ "$code" != 0 && "$failed" == 0 ]]; then
        echo "dotnet test exited with code $code but its TRX shows no failed test (crash, hang or bad arguments): counting 1 failure" \
            >>"$dir/console.log"
        failed=1
    fi
    echo "$passed $failed $skipped $((SECONDS - started))"
}

# Prints one line per failed test in the TRX files under a directory: "name<TAB>first line of its error".
trx_failures() {
    find "$1" -name '*.trx' -type f -print0 2>/dev/null | xargs -0 -r node "$REPO_ROOT/scripts/lib/trx-failures.js"
}

# The client library's unit tests (ordering, duplicates, reset, version regression). Console output
# to $RESULTS_DIR/vitest/console.log; prints "passed failed skipped seconds".
run_vitest_suite() {
    local dir="$RESULTS_DIR/vitest" code=0 started passed=0 failed=0
    rm -rf "$dir"
    mkdir -p "$dir"
    started=$SECONDS
    {
        [[ -d web/node_modules ]] || (cd web && npm ci --no-audit --no-fund)
        (cd web && npx vitest run --reporter=default --reporter=json --outputFile="$dir/report.json")
    } >"$dir/console.log" 2>&1 || code=$?
    if [[ -f "$dir/report.json" ]]; then
        read -r passed failed < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests)' "$dir/report.json")
    fi
    if [[ "$code" != 0 && "$failed" == 0 ]]; then
        echo "vitest exited with code $code but reported no failed test: counting 1 failure" >>"$dir/console.log"
        failed=1
    fi
    echo "$passed $failed 0 $((SECONDS - started))"
}
