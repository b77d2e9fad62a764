#!/usr/bin/env bash
# The bridging benchmark of docs/performance.md ("Bridging through the example network"): builds the bench module
# (package only, nothing is installed into ~/.m2), then runs dev.mxbridge.bench.BridgingLoad, which starts the example
# bridge (dev.mxbridge.bench.BridgeProcess) as a separate JVM and carries messages through it both ways:
#   stub     against a homeserver stub in the driver's JVM that answers every call at once: bridge-added latency at
#            RATES msg/s (open loop, timed from each message's due time), then a burst of BURST messages (msg/s);
#   postgres as stub, with the store in PostgreSQL (the test kit's cluster from scripts/postgres.sh, fsync off)
#            instead of H2;
#   synapse  end to end against a real Synapse (scripts/synapse.sh via the test kit) at SYNAPSE_RATES msg/s: a Matrix
#            user's sends reach the network, remote posts reach the user's /sync; Synapse included.
# Prints machine facts, the load average, and one Markdown table, also written to bench/target/bridging-results.md.
#
#   bench/run-bridging.sh [all|stub|postgres|synapse]     default: all
#
# Environment: RATES (comma-separated msg/s, default 1000), SYNAPSE_RATES (default 10,25: below this machine's
# Synapse saturation, about 50 msg/s), WARMUP (s of unrecorded load, default 20),
# WARMUP_MODE (both: the two directions at once, the default; each: one after the other), DURATION (s per paced run, default 30),
# BURST (messages, default 30000), BRIDGE_JVM_OPTS (default -Xmx512m; add -Dmxbridge.bench.durable=true for remote
# messages pushed through the remote inbox, pushDurably, instead of in memory), QUIET_WAIT (s to wait at most for an idle
# machine, default 120), MXB_MVN_ARGS (extra Maven arguments, e.g. -o), NICE (scheduling priority of the driver, the
# bridge JVM, Synapse and PostgreSQL, default 0; as root e.g. -10 so that other people's builds on a shared machine do not
# preempt the bridge: closer to a dedicated machine, and said so in the printed command).
# On a shared machine, run it under the benchmark lock: flock /work/notes/bench.lock bench/run-bridging.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH=${1:-all}
RATES=${RATES:-1000}
SYNAPSE_RATES=${SYNAPSE_RATES:-10,25}
WARMUP=${WARMUP:-20}
WARMUP_MODE=${WARMUP_MODE:-both}
DURATION=${DURATION:-30}
BURST=${BURST:-30000}
QUIET_WAIT=${QUIET_WAIT:-120}
BRIDGE_JVM_OPTS=${BRIDGE_JVM_OPTS:--Xmx512m}
NICE=${NICE:-0}
RESULTS="$ROOT/bench/target/bridging-results.md"

case $WHICH in all|stub|postgres|synapse) ;; *) echo "usage: $0 [all|stub|postgres|synapse]" >&2; exit 2 ;; esac

# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
bench_build

cleanup() {
  if [ -n "$pg_started" ]; then
    renice_postgres 0
    "$PG_SH" stop --client $$ >&2 || true
  fi
}
# The store is part of the bridge: PostgreSQL's processes (and the backends they fork later) get the bridge's NICE.
renice_postgres() {
  local pid
  pid=$(head -n 1 "${MXB_BUILD_DIR:-$ROOT/build}/postgres/data/postmaster.pid" 2>/dev/null) || return 0
  [ "$1" = 0 ] && [ "$NICE" = 0 ] && return 0
  # shellcheck disable=SC2046
  renice -n "$1" -p "$pid" $(pgrep -P "$pid") >/dev/null 2>&1 || echo "could not renice PostgreSQL to $1" >&2
}
trap cleanup EXIT

# Runs one scenario; prints its rows, and a line saying so if it failed part-way (its error is on stderr).
scenario() {
  nice -n "$NICE" java -Xmx1g -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$CP" \
    dev.mxbridge.bench.BridgingLoad --repo "$ROOT" --warmup "$WARMUP" --warmup-mode "$WARMUP_MODE" --duration "$DURATION" \
    --quiet-wait "$QUIET_WAIT" --bridge-jvm-opts "$BRIDGE_JVM_OPTS" "$@" ||
    echo "| scenario $* failed after the rows above; see the messages on stderr |"
}

bench_machine
echo "## command"
echo "bench/run-bridging.sh $WHICH   (RATES=$RATES SYNAPSE_RATES=$SYNAPSE_RATES WARMUP=$WARMUP WARMUP_MODE=$WARMUP_MODE DURATION=$DURATION BURST=$BURST BRIDGE_JVM_OPTS='$BRIDGE_JVM_OPTS' NICE=$NICE)"
echo

rows=()
if [ "$WHICH" = all ] || [ "$WHICH" = stub ]; then
  rows+=("$(scenario --homeserver stub --rate "$RATES" --burst "$BURST")")
fi
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  pg_port=$("$PG_SH" start --client $$ | sed -n 's/^port=//p')
  pg_started=yes
  renice_postgres "$NICE"
  pg_pid=$(head -n 1 "${MXB_BUILD_DIR:-$ROOT/build}/postgres/data/postmaster.pid")
  rows+=("$(scenario --homeserver stub --rate "$RATES" --burst "$BURST" --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid")")
fi
if [ "$WHICH" = all ] || [ "$WHICH" = synapse ]; then
  "$ROOT/scripts/synapse.sh" install
  rows+=("$(scenario --homeserver synapse --rate "$SYNAPSE_RATES" --burst 0)")
fi

mkdir -p "$(dirname "$RESULTS")"
{
  echo "## results (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$CP" dev.mxbridge.bench.BridgingLoad --table-header
  printf '%s\n' "${rows[@]}"
} | tee "$RESULTS"
