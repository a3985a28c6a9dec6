# A throwaway PostgreSQL on 127.0.0.1 for tests and benchmarks: Debian's binaries (installed if missing), initdb as
# the postgres user, durability off, socket in its own temp dir. Sourced by scripts/test.sh and bench/with-postgres.sh.
#
# The caller defines log and die. start_postgres sets PG_DIR and PG_BIN, and exports LIVEDESK_TEST_POSTGRES;
# stop_postgres stops the server and deletes its directory.

PG_DIR=""
PG_BIN=""

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

stop_postgres() {
    [[ -n "$PG_DIR" ]] || return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
}
