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
# its port must not find it taken by some client's outgoing connection in between.
free_port() {
  python3 - <<'EOF'
import random, socket
low, high = map(int, open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
first, last = (15000, low - 1) if low > 16000 else (high + 1, 65535)
for _ in range(500):
    port = random.randint(first, last)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
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
