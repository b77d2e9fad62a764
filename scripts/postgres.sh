#!/usr/bin/env bash
# Runs a private PostgreSQL cluster for tests (not the system service), installing PostgreSQL from Debian if needed.
#
#   postgres.sh start [--client PID]   initialises the cluster once, starts it unless it runs, prints key=value lines
#   postgres.sh stop [--client PID]    stops it; with --client only when no other live client still uses it
#   postgres.sh status                 exit 0 if running
#
# Data in $MXB_BUILD_DIR/postgres/data, log in $MXB_BUILD_DIR/postgres/log/postgres.log, socket in .../run. Trust
# authentication on 127.0.0.1 only; superuser mxbridge, password mxbridge. A fresh free port on every start.
# Clients (JVM pids) are recorded so that concurrent builds sharing the cluster do not stop it under each other.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

PG_HOME="$MXB_BUILD_DIR/postgres"
DATA="$PG_HOME/data"
RUN="$PG_HOME/run"
LOGS="$PG_HOME/log"
CLIENTS="$PG_HOME/clients"
PG_USER=mxbridge

# The newest installed version's bin directory, or nothing.
pg_bin() {
  find /usr/lib/postgresql -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
}

install_postgres() {
  [ -n "$(pg_bin)" ] && return 0
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing needs root: apt-get install postgresql"
  note "installing PostgreSQL from Debian packages (first run only)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 ||
    die "apt-get could not install postgresql"
  [ -n "$(pg_bin)" ] || die "postgresql installed, but no /usr/lib/postgresql/*/bin/pg_ctl"
}

# PostgreSQL refuses to run as root, so as root it runs as the postgres OS user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

init_cluster() {
  local bin=$1 major
  major=$(basename "$(dirname "$bin")")
  if [ -f "$DATA/PG_VERSION" ] && [ -f "$PG_HOME/initialised" ] && [ "$(cat "$DATA/PG_VERSION")" = "$major" ]; then
    return 0
  fi
  note "initialising PostgreSQL $major cluster in $DATA"
  rm -rf "$DATA" "$PG_HOME/initialised"
  mkdir -p "$DATA" "$RUN" "$LOGS"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres OS user; is the postgresql package installed?"
    chown postgres: "$DATA" "$RUN" "$LOGS"
    as_pg test -w "$DATA" || die "the postgres OS user cannot reach $DATA; every parent directory needs o+x"
  fi
  chmod 700 "$DATA"
  local pwfile
  pwfile=$(as_pg mktemp)
  as_pg sh -c "echo $PG_USER > '$pwfile'"
  as_pg "$bin/initdb" -D "$DATA" -U "$PG_USER" --pwfile="$pwfile" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$LOGS/initdb.log" 2>&1 || { as_pg rm -f "$pwfile"; cat "$LOGS/initdb.log" >&2; die "initdb failed"; }
  as_pg rm -f "$pwfile"
  as_pg sh -c "cat > '$DATA/pg_hba.conf'" <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
  as_pg sh -c "cat >> '$DATA/postgresql.conf'" <<EOF

# mxbridge test kit: loopback only, socket inside the build directory, durability traded for speed.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  touch "$PG_HOME/initialised"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

print_info() {
  local port
  port=$(sed -n 4p "$DATA/postmaster.pid")
  echo "host=127.0.0.1"
  echo "port=$port"
  echo "user=$PG_USER"
  echo "password=$PG_USER"
  echo "data=$DATA"
  echo "log=$LOGS/postgres.log"
}

# Removes client records whose process is gone; prints how many live ones remain.
live_clients() {
  local count=0 file
  mkdir -p "$CLIENTS"
  for file in "$CLIENTS"/*; do
    [ -e "$file" ] || continue
    if pid_alive "$(basename "$file")"; then count=$((count + 1)); else rm -f "$file"; fi
  done
  echo "$count"
}

start_locked() {
  local client=$1 bin port
  install_postgres
  bin=$(pg_bin)
  init_cluster "$bin"
  if [ -n "$client" ]; then mkdir -p "$CLIENTS" && touch "$CLIENTS/$client"; fi
  if ! running; then
    port=$(free_port)
    # fd 9 is the lock: the server must not inherit it, or it holds the lock for its whole life.
    as_pg "$bin/pg_ctl" start -w -t 60 -D "$DATA" -l "$LOGS/postgres.log" -o "-p $port" >/dev/null 9>&- || {
      tail -n 30 "$LOGS/postgres.log" >&2
      die "PostgreSQL did not start (log: $LOGS/postgres.log)"
    }
    note "PostgreSQL $(basename "$(dirname "$bin")") started on port $port"
  fi
  print_info
}

stop_locked() {
  local client=$1 remaining
  if [ -n "$client" ]; then
    rm -f "$CLIENTS/$client"
    remaining=$(live_clients)
    if [ "$remaining" -gt 0 ]; then note "PostgreSQL left running for $remaining other client(s)"; return 0; fi
  fi
  if running; then
    as_pg "$(pg_bin)/pg_ctl" stop -w -t 60 -m fast -D "$DATA" >/dev/null
    note "PostgreSQL stopped"
  fi
}

command=${1:-}
shift || true
client=""
if [ "${1:-}" = --client ]; then
  [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--client needs a process id"
  client=$2
fi
case $command in
  start) with_lock "$PG_HOME/lock" start_locked "$client" ;;
  stop) with_lock "$PG_HOME/lock" stop_locked "$client" ;;
  status) if running; then echo running; print_info; else echo stopped; exit 1; fi ;;
  *) die "usage: postgres.sh start [--client PID] | stop [--client PID] | status" ;;
esac
