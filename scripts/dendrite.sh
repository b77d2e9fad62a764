#!/usr/bin/env bash
# Builds and runs throw-away Dendrite homeservers for tests, as synapse.sh does for Synapse.
#
#   dendrite.sh install                                  builds Dendrite from source (instant when already built)
#   dendrite.sh init NAME [--registration FILE]...       (re)creates instance NAME: new port, key, empty databases
#   dendrite.sh start NAME                               starts it in the background, waits until it answers
#   dendrite.sh stop NAME                                SIGTERM, SIGKILL after 15 s, waits for the exit
#   dendrite.sh status NAME                              exit 0 if running
#
# An instance keeps its port and data across stop and start, so tests can simulate an outage. Its directory is
# $MXB_BUILD_DIR/dendrite/instances/NAME, with logs/dendrite.log (Dendrite's log) and console.log (its stdout/stderr).
# On success init and start print key=value lines (dir, url, port, log, server_name, shared_secret (registration),
# pid) on stdout; everything for people goes to stderr. Unlike Synapse there is no login_shared_secret: Dendrite has
# no login modules, so double puppeting by shared secret cannot be tested on it.
#
# MXB_GO: the Go (1.21+) to build with, default go on the PATH, else /usr/local/go/bin/go. The build fetches
# modules through the Go module proxy (GOPROXY as set, else Go's default) into $MXB_BUILD_DIR/dendrite/go.
# MXB_DENDRITE_START_TIMEOUT: seconds to wait for the client API, default 90.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

DENDRITE_VERSION=v0.13.8
DENDRITE_HOME="$MXB_BUILD_DIR/dendrite"
BIN="$DENDRITE_HOME/bin"
MARKER="$BIN/.built-dendrite-$DENDRITE_VERSION"

go_command() {
  if [ -n "${MXB_GO:-}" ]; then echo "$MXB_GO"
  elif command -v go >/dev/null; then command -v go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else die "Go not found; install Go 1.21+ or set MXB_GO"
  fi
}

install_locked() {
  [ -f "$MARKER" ] && return 0
  local go started=$SECONDS
  go=$(go_command)
  note "building Dendrite $DENDRITE_VERSION into $BIN with $("$go" version) (first run only, about two minutes)"
  rm -rf "$BIN"
  mkdir -p "$BIN"
  # Everything Go writes stays in the build directory; -modcacherw lets rm -rf clean the module cache.
  GOPATH="$DENDRITE_HOME/go" GOMODCACHE="$DENDRITE_HOME/go/pkg/mod" GOCACHE="$DENDRITE_HOME/go/cache" \
    GOBIN="$BIN" GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=1 \
    "$go" install "github.com/matrix-org/dendrite/cmd/dendrite@$DENDRITE_VERSION" \
    "github.com/matrix-org/dendrite/cmd/generate-keys@$DENDRITE_VERSION" >&2 ||
    die "go install of github.com/matrix-org/dendrite $DENDRITE_VERSION failed"
  touch "$MARKER"
  # The module and build caches (over a gigabyte) serve no later run: only the binaries are kept.
  rm -rf "$DENDRITE_HOME/go"
  note "built Dendrite $DENDRITE_VERSION in $((SECONDS - started)) s"
}

cmd_install() { [ -f "$MARKER" ] || with_lock "$DENDRITE_HOME/install.lock" install_locked; }

instance_dir() {
  [[ "${1:-}" =~ ^[A-Za-z0-9._-]+$ ]] || die "instance name must match [A-Za-z0-9._-]+, got '${1:-}'"
  echo "$DENDRITE_HOME/instances/$1"
}

# The pid of the instance's Dendrite if it runs; checks the command line so a recycled pid is not mistaken for it.
running_pid() {
  local dir=$1 pid
  pid=$(cat "$dir/dendrite.pid" 2>/dev/null) || return 1
  pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir/dendrite.yaml" || return 1
  echo "$pid"
}

yaml_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

print_info() {
  local dir=$1 port
  port=$(cat "$dir/port")
  echo "dir=$dir"
  echo "url=http://127.0.0.1:$port"
  echo "port=$port"
  echo "log=$dir/logs/dendrite.log"
  echo "server_name=localhost"
  echo "shared_secret=$(cat "$dir/shared_secret")"
}

cmd_init() {
  local name=${1:-} dir registrations=()
  dir=$(instance_dir "$name"); shift
  while [ $# -gt 0 ]; do
    case $1 in
      --registration)
        [ $# -ge 2 ] || die "--registration needs a file"
        [ -f "$2" ] || die "registration file $2 does not exist"
        registrations+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  cmd_install
  local pid
  if pid=$(running_pid "$dir"); then note "stopping the running instance $name first"; stop_pid "$pid" 15; fi
  rm -rf "$dir"
  mkdir -p "$dir/media_store" "$dir/logs" "$dir/jetstream"

  local port shared_secret
  port=$(free_port)
  echo "$port" >"$dir/port"
  "$BIN/generate-keys" --private-key "$dir/matrix_key.pem" >/dev/null 2>&1 ||
    die "generate-keys could not write $dir/matrix_key.pem"
  shared_secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  echo "$shared_secret" >"$dir/shared_secret"

  local appservices="[]"
  if [ ${#registrations[@]} -gt 0 ]; then
    appservices=""
    for r in "${registrations[@]}"; do appservices+=$'\n'"    - $(yaml_string "$r")"; done
  fi
  db() { yaml_string "file:$dir/$1.db"; }

  cat >"$dir/dendrite.yaml" <<EOF
# Generated by dendrite.sh for tests: a monolith for localhost only, SQLite, no federation, no rate limits.
version: 2
global:
  server_name: localhost
  private_key: $(yaml_string "$dir/matrix_key.pem")
  disable_federation: true
  trusted_third_party_id_servers: []
  presence:
    enable_inbound: false
    enable_outbound: false
  report_stats:
    enabled: false
  jetstream:
    storage_path: $(yaml_string "$dir/jetstream")
    topic_prefix: Dendrite
  cache:
    max_size_estimated: 64mb
    max_age: 1h
app_service_api:
  disable_tls_validation: true
  config_files: $appservices
client_api:
  registration_disabled: true
  guests_disabled: true
  registration_shared_secret: "$shared_secret"
  # Rate limits off: tests and bridges send bursts that a production server would throttle.
  rate_limiting:
    enabled: false
federation_api:
  database:
    connection_string: $(db federationapi)
  key_perspectives: []
key_server:
  database:
    connection_string: $(db keyserver)
media_api:
  database:
    connection_string: $(db mediaapi)
  base_path: $(yaml_string "$dir/media_store")
  max_file_size_bytes: 10485760
mscs:
  database:
    connection_string: $(db mscs)
relay_api:
  database:
    connection_string: $(db relayapi)
room_server:
  database:
    connection_string: $(db roomserver)
sync_api:
  database:
    connection_string: $(db syncapi)
  search:
    enabled: false
user_api:
  account_database:
    connection_string: $(db userapi)
  # The lowest bcrypt cost: test users register and log in often, and their passwords protect nothing.
  bcrypt_cost: 4
logging:
  - type: file
    level: info
    params:
      path: $(yaml_string "$dir/logs")
EOF
  note "initialised Dendrite instance $name on port $port"
  print_info "$dir"
}

# Waits until the client API answers; exit 2 if the process died, 1 on timeout.
wait_ready() {
  python3 - "$1" "$2" "$3" <<'EOF'
import sys, time, urllib.request
url, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(") ", 1)[1].startswith("Z"):
                sys.exit(2)
    except FileNotFoundError:
        sys.exit(2)
    try:
        with urllib.request.urlopen(url + "/_matrix/client/versions", timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
EOF
}

log_tail() {
  local dir=$1
  echo "--- last lines of $dir/logs/dendrite.log ---"
  tail -n 30 "$dir/logs/dendrite.log" 2>/dev/null || echo "(no log)"
  echo "--- last lines of $dir/console.log ---"
  tail -n 10 "$dir/console.log" 2>/dev/null || echo "(no output)"
}

cmd_start() {
  local name=${1:-} dir pid port started=$SECONDS
  dir=$(instance_dir "$name")
  [ -f "$dir/dendrite.yaml" ] || die "Dendrite instance $name does not exist; run: dendrite.sh init $name"
  [ -f "$MARKER" ] || die "Dendrite is not built; run: dendrite.sh install"
  if pid=$(running_pid "$dir"); then
    note "Dendrite instance $name already runs (pid $pid)"
  else
    port=$(cat "$dir/port")
    port_is_free "$port" || die "port $port of Dendrite instance $name is taken by another process"
    # Not detached from the caller's process group, so Ctrl-C on the build stops Dendrite as well. The HTTPS
    # address is never served without -tls-cert, but it must parse.
    (cd "$dir" && exec "$BIN/dendrite" -config "$dir/dendrite.yaml" -http-bind-address "127.0.0.1:$port" \
      -https-bind-address "127.0.0.1:0" >>"$dir/console.log" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$dir/dendrite.pid"
    local status=0
    wait_ready "http://127.0.0.1:$port" "$pid" "${MXB_DENDRITE_START_TIMEOUT:-90}" || status=$?
    case $status in
      0) note "Dendrite instance $name ready on port $port in $((SECONDS - started)) s (pid $pid)" ;;
      2) log_tail "$dir" >&2; die "Dendrite instance $name exited during start-up (see $dir/logs/dendrite.log)" ;;
      *) log_tail "$dir" >&2; stop_pid "$pid" 5
         die "Dendrite instance $name did not answer on port $port within ${MXB_DENDRITE_START_TIMEOUT:-90} s" ;;
    esac
  fi
  print_info "$dir"
  echo "pid=$pid"
}

cmd_stop() {
  local name=${1:-} dir pid
  dir=$(instance_dir "$name")
  if pid=$(running_pid "$dir"); then
    stop_pid "$pid" 15
    note "stopped Dendrite instance $name"
  fi
  rm -f "$dir/dendrite.pid"
}

cmd_status() {
  local dir pid
  dir=$(instance_dir "${1:-}")
  pid=$(running_pid "$dir") || { echo "stopped"; return 1; }
  echo "running pid=$pid"
}

command=${1:-}
shift || true
case $command in
  install) cmd_install ;;
  init) cmd_init "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) die "usage: dendrite.sh install | init NAME [--registration FILE]... | start NAME | stop NAME | status NAME" ;;
esac
