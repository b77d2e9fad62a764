#!/usr/bin/env bash
# The AS transaction ingest benchmark of docs/performance.md ("AS transaction ingest"): builds the bench module, then
# for each scenario starts a NoopBridge JVM (real AS API, inbox, journal and store; no-op handler) and drives it with
# 100-event transactions from dev.mxbridge.bench.IngestLoad, serially and with 8 in flight. Prints machine facts and
# one Markdown table; the table is also written to bench/target/ingest-results.md. Loopback only; each scenario is
# bounded by WARMUP + DURATION seconds of load (about a minute with the defaults).
#
#   bench/run-ingest.sh [all|h2|postgres]     default: all
#
# Environment: WARMUP (s, default 20), DURATION (s, default 30), BRIDGE_JVM_OPTS (default -Xmx512m), QUIET_WAIT (s
# each scenario waits at most for the machine to be idle, default 120), MXB_MVN_ARGS (extra Maven arguments, e.g.
# -o), MXB_POSTGRES_SH (default scripts/postgres.sh), MXB_H2_SETTINGS (appended to the H2 URL, e.g. ";PAGE_SIZE=8192",
# to try a setting against the default in the same session).
#
# PostgreSQL runs twice: on the test kit's shared cluster (fsync and synchronous_commit off: a figure for the
# bridge's own overhead), and on a private cluster under bench/target/pg-durable with PostgreSQL's durable
# defaults (fsync, synchronous_commit, full_page_writes on), which is what a deployment should expect.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH=${1:-all}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
QUIET_WAIT=${QUIET_WAIT:-120}
BRIDGE_JVM_OPTS=${BRIDGE_JVM_OPTS:--Xmx512m}
DURABLE_DIR="$ROOT/bench/target/pg-durable"
RESULTS="$ROOT/bench/target/ingest-results.md"

case $WHICH in all|h2|postgres) ;; *) echo "usage: $0 [all|h2|postgres]" >&2; exit 2 ;; esac

# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
bench_build

pg_clusters=()
pg_port=""
pg_pid=""
cleanup() {
  local build_dir
  for build_dir in "${pg_clusters[@]}"; do
    MXB_BUILD_DIR="$build_dir" "$PG_SH" stop --client $$ >&2 || true
  done
}
trap cleanup EXIT

# Starts the cluster under MXB_BUILD_DIR=$1 (empty: the test kit's default); sets pg_port and pg_pid.
pg_start() {
  local info
  if [ -n "$1" ]; then info=$(MXB_BUILD_DIR="$1" "$PG_SH" start --client $$); else info=$("$PG_SH" start --client $$); fi
  pg_clusters+=("$1")
  pg_port=$(sed -n 's/^port=//p' <<<"$info")
  pg_pid=$(head -n 1 "$(sed -n 's/^data=//p' <<<"$info")/postmaster.pid")
}

# A cluster of our own with PostgreSQL's durable defaults put back over the test kit's speed settings; sets pg_port
# and pg_pid.
pg_durable_start() {
  local psql
  pg_start "$DURABLE_DIR"
  psql=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/psql' | sort -V | tail -n 1)
  "$psql" -X -q -h 127.0.0.1 -p "$pg_port" -U mxbridge -d postgres \
    -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
}

scenario() {
  java -Xmx1g -cp "$CP" dev.mxbridge.bench.IngestLoad --warmup "$WARMUP" --duration "$DURATION" --quiet-wait "$QUIET_WAIT" \
    --bridge-jvm-opts "$BRIDGE_JVM_OPTS" "$@"
}

bench_machine
echo "## command"
echo "bench/run-ingest.sh $WHICH   (WARMUP=$WARMUP DURATION=$DURATION BRIDGE_JVM_OPTS='$BRIDGE_JVM_OPTS')"
echo

rows=()
if [ "$WHICH" = all ] || [ "$WHICH" = h2 ]; then
  rows+=("$(scenario --label H2 --in-flight 1)")
  rows+=("$(scenario --label H2 --in-flight 8)")
fi
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  pg_start ""
  rows+=("$(scenario --label 'PostgreSQL, fsync off' --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid" --in-flight 1)")
  rows+=("$(scenario --label 'PostgreSQL, fsync off' --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid" --in-flight 8)")
  pg_durable_start
  rows+=("$(scenario --label 'PostgreSQL, durable' --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid" --in-flight 1)")
  rows+=("$(scenario --label 'PostgreSQL, durable' --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid" --in-flight 8)")
fi

mkdir -p "$(dirname "$RESULTS")"
{
  echo "## results"
  java -cp "$CP" dev.mxbridge.bench.IngestLoad --table-header
  printf '%s\n' "${rows[@]}"
} | tee "$RESULTS"
