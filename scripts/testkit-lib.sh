#!/usr/bin/env bash
# Shared by synapse.sh, dendrite.sh, postgres.sh and ircd.sh (sourced, never run). The test kit jar carries this
# directory's scripts as resources, so the copies here are the only ones.
#
# MXB_BUILD_DIR: where installs, data and logs go; default <repo>/build (never cleaned by mvn clean).

set -euo pipefail

MXB_BUILD_DIR="${MXB_BUILD_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build}"

die() { echo "error: $*" >&2; exit 1; }
note() { echo "$*" >&2; }

# Runs "$@" while holding an exclusive lock on file $1, so that concurrent builds do not install or start twice.
with_lock() {
  local lock=$1; shift
  mkdir -p "$(dirname "$lock")"
  (
    flock -w 900 9 || die "could not lock $lock within 15 minutes"
    "$@"
  ) 9>"$lock"
}

# Prints a free TCP port on 127.0.0.1 below the kernel's ephemeral range: a server that is stopped and restarted on
# its port must not find it taken by some client's outgoing connection in between. The port is also reserved for an
# hour in $TMPDIR/mxbridge-test-ports (as the test kit's TestPorts does), so that a port chosen for a server that
# does not listen yet (a bridge whose URL is in a homeserver's registration) is not chosen again meanwhile, by this
# process or another test JVM.
free_port() {
  python3 - <<'EOF'
import os, random, socket, tempfile, time
low, high = map(int, open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
first, last = (15000, low - 1) if low > 16000 else (high + 1, 65535)
reserved = os.path.join(os.environ.get("TMPDIR") or tempfile.gettempdir(), "mxbridge-test-ports")
os.makedirs(reserved, exist_ok=True)

def reserve(port):
    path = os.path.join(reserved, str(port))
    for _ in range(2):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:
                if time.time() - os.path.getmtime(path) < 3600:
                    return False
                os.remove(path)  # an old reservation: its test is over
            except FileNotFoundError:
                pass
    return False

for _ in range(500):
    port = random.randint(first, last)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    if not reserve(port):
        continue
    print(port)
    break
else:
    raise SystemExit("no free port found")
EOF
}

# Binds like a server does (SO_REUSEADDR), so connections in TIME_WAIT from before a stop do not count.
port_is_free() {
  python3 - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
EOF
}

# True if pid $1 runs and is not a zombie (an orphan's parent in a container may never reap it).
pid_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# SIGTERM to pid $1, SIGKILL after $2 seconds, then waits until it is gone.
stop_pid() {
  local pid=$1 grace=$2 waited=0
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid" && [ "$waited" -lt $((grace * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
  if pid_alive "$pid"; then
    note "pid $pid did not stop within ${grace}s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while pid_alive "$pid"; do sleep 0.1; done
  fi
}

# Quotes $1 as a YAML double-quoted string.
yaml_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

# Waits until the Matrix client API at $1 answers /_matrix/client/versions while pid $2 runs; exit 0 when it does,
# 2 if the process died, 1 after $3 seconds.
wait_client_api() {
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

# Instance handling shared by synapse.sh, dendrite.sh and ircd.sh. Each defines instance_dir NAME (with
# instance_dir_in) and running_pid DIR (synapse.sh and dendrite.sh with pid_if_running); then instance_status serves
# all three; add_registrations, clear_instance, instance_stop, homeserver_info, start_homeserver (with the script's
# print_info DIR) and run_command (with its cmd_install, cmd_init, cmd_start and cmd_stop) the two homeservers.

# The directory of instance $2 under $1, once the name is checked.
instance_dir_in() {
  [[ "${2:-}" =~ ^[A-Za-z0-9._-]+$ ]] || die "instance name must match [A-Za-z0-9._-]+, got '${2:-}'"
  echo "$1/$2"
}

# The pid in file $1 if that process runs and its command line holds $2, so a recycled pid is not mistaken for it.
pid_if_running() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$2" || return 1
  echo "$pid"
}

# "running pid=N" and exit 0, or "stopped" and exit 1, for instance $1.
instance_status() {
  local dir pid
  dir=$(instance_dir "${1:-}")
  pid=$(running_pid "$dir") || { echo "stopped"; return 1; }
  echo "running pid=$pid"
}

# Stops instance $1 if it runs (SIGKILL after $2 s), saying "stopped $3 instance NAME", then removes its pid files $4...
instance_stop() {
  local name=${1:-} grace=$2 label=$3 dir pid
  shift 3
  dir=$(instance_dir "$name")
  if pid=$(running_pid "$dir"); then
    stop_pid "$pid" "$grace"
    note "stopped $label instance $name"
  fi
  for file in "$@"; do rm -f "$dir/$file"; done
}

# The last lines of a homeserver instance's log $2 and of its console output, in directory $1.
log_tail() {
  local dir=$1 log=$2
  echo "--- last lines of $log ---"
  tail -n 30 "$log" 2>/dev/null || echo "(no log)"
  echo "--- last lines of $dir/console.log ---"
  tail -n 10 "$dir/console.log" 2>/dev/null || echo "(no output)"
}

# Waits for homeserver $1 (Synapse, Dendrite) of instance $2 in directory $3, started as pid $5 at $SECONDS $7, to
# answer on port $4 within $6 s; says so, or shows the end of log $8 and dies (stopping it if it still runs).
await_homeserver() {
  local label=$1 name=$2 dir=$3 port=$4 pid=$5 timeout=$6 started=$7 log=$8 status=0
  wait_client_api "http://127.0.0.1:$port" "$pid" "$timeout" || status=$?
  case $status in
    0) note "$label instance $name ready on port $port in $((SECONDS - started)) s (pid $pid)" ;;
    2) log_tail "$dir" "$log" >&2; die "$label instance $name exited during start-up (see $log)" ;;
    *) log_tail "$dir" "$log" >&2; stop_pid "$pid" 5
       die "$label instance $name did not answer on port $port within $timeout s" ;;
  esac
}

# Appends the files of init's options "--registration FILE"..., as absolute paths, to the caller's array
# registrations (bash's dynamic scope: the caller declares it local).
add_registrations() {
  while [ $# -gt 0 ]; do
    case $1 in
      --registration)
        [ $# -ge 2 ] || die "--registration needs a file"
        [ -f "$2" ] || die "registration file $2 does not exist"
        registrations+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
}

# Stops instance $2 in directory $1 if it runs, then deletes the directory: a fresh start for init.
clear_instance() {
  local dir=$1 name=$2 pid
  if pid=$(running_pid "$dir"); then note "stopping the running instance $name first"; stop_pid "$pid" 15; fi
  rm -rf "$dir"
}

# The key=value lines the test kit reads about the homeserver instance in directory $1, whose log is $2.
homeserver_info() {
  local dir=$1 log=$2 port
  port=$(cat "$dir/port")
  echo "dir=$dir"
  echo "url=http://127.0.0.1:$port"
  echo "port=$port"
  echo "log=$log"
  echo "server_name=localhost"
  echo "shared_secret=$(cat "$dir/shared_secret")"
}

# Starts homeserver $1 (Synapse, Dendrite) of instance $2 in directory $3 unless it runs: the command after the first
# six arguments runs in $3 with its output appended to console.log, its pid goes to file $4, and it must answer on the
# instance's port within $5 s (log $6 shows why not). Prints the instance's info and pid=N.
start_homeserver() {
  local label=$1 name=$2 dir=$3 pid_file=$4 timeout=$5 log=$6 pid port started=$SECONDS
  shift 6
  if pid=$(running_pid "$dir"); then
    note "$label instance $name already runs (pid $pid)"
  else
    port=$(cat "$dir/port")
    port_is_free "$port" || die "port $port of $label instance $name is taken by another process"
    # Not detached from the caller's process group, so Ctrl-C on the build stops the homeserver as well.
    (cd "$dir" && exec "$@" >>"$dir/console.log" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$dir/$pid_file"
    await_homeserver "$label" "$name" "$dir" "$port" "$pid" "$timeout" "$started" "$log"
  fi
  print_info "$dir"
  echo "pid=$pid"
}

# Runs the script's command $2 (install, init, start, stop, status) with the rest as its arguments; anything else
# dies with usage $1.
run_command() {
  local usage=$1 command=${2:-}
  shift 2 || shift $#
  case $command in
    install) cmd_install "$@" ;;
    init) cmd_init "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) instance_status "${1:-}" ;;
    *) die "usage: $usage" ;;
  esac
}
