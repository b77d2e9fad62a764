#!/usr/bin/env bash
# The Slack benchmark of docs/performance.md ("Slack bridge through the fake"): builds the bench module (package only,
# nothing is installed into ~/.m2), starts the test kit's PostgreSQL (scripts/postgres.sh, fsync off), then runs
# dev.mxbridge.bench.SlackLoad: the Slack bridge as its own JVM (SlackBridge run) between the test kit's FakeSlack
# (through the bridge's real Slack SDK: Socket Mode and the Web API) and a homeserver stub that answers at once, both in
# the driver's JVM. RATE msg/s round-robin over CHANNELS channels, both ways: Slack -> Matrix (from the fake sending the
# envelope to the stub reading the ghost's send) and Matrix -> Slack (from the AS transaction's due time to the fake
# reading chat.postMessage). The stub makes these the bridge's share (bridge-added latency), not end to end.
# Prints machine facts and one Markdown table, also written to bench/target/slack-results.md.
#
#   bench/run-slack.sh [postgres|h2]     default: postgres
#
# Environment: RATE (msg/s per direction, default 100), CHANNELS (default 50), WARMUP (s of both directions at once,
# default 20), DURATION (s per direction, default 30), POST_INTERVAL (ms FakeSlack wants between two chat.postMessage to
# one channel, answering 429 with Retry-After otherwise; default 0, no pacing: 100 msg/s over 50 channels is 2 a second
# per channel, twice what Slack allows, so with Slack's 1000 the queue grows without bound and the figure would be the
# queue, not the bridge), BRIDGE_JVM_OPTS (default -Xmx512m), QUIET_WAIT (s to wait at most for an idle machine,
# default 120), MXB_MVN_ARGS (extra Maven arguments, e.g. -o), MXB_POSTGRES_SH (default scripts/postgres.sh).
# On a shared machine, run it under the benchmark lock: flock /work/notes/bench.lock bench/run-slack.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH=${1:-postgres}
RATE=${RATE:-100}
CHANNELS=${CHANNELS:-50}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
POST_INTERVAL=${POST_INTERVAL:-0}
QUIET_WAIT=${QUIET_WAIT:-120}
BRIDGE_JVM_OPTS=${BRIDGE_JVM_OPTS:--Xmx512m}
RESULTS="$ROOT/bench/target/slack-results.md"

case $WHICH in postgres|h2) ;; *) echo "usage: $0 [postgres|h2]" >&2; exit 2 ;; esac

# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
bench_build

bench_machine
echo "## command"
echo "bench/run-slack.sh $WHICH   (RATE=$RATE CHANNELS=$CHANNELS WARMUP=$WARMUP DURATION=$DURATION POST_INTERVAL=$POST_INTERVAL BRIDGE_JVM_OPTS='$BRIDGE_JVM_OPTS')"
echo

args=(--rate "$RATE" --channels "$CHANNELS" --warmup "$WARMUP" --duration "$DURATION" --post-interval "$POST_INTERVAL"
  --quiet-wait "$QUIET_WAIT" --bridge-jvm-opts "$BRIDGE_JVM_OPTS")
if [ "$WHICH" = postgres ]; then
  bench_pg_start
  args+=(--postgres "127.0.0.1:$pg_port")
fi
rows=$(java -Xmx1g -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$CP" \
  dev.mxbridge.bench.SlackLoad "${args[@]}") || rows="$rows
| the run failed after the rows above; see the messages on stderr |"

mkdir -p "$(dirname "$RESULTS")"
{
  echo "## results (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$CP" dev.mxbridge.bench.SlackLoad --table-header
  printf '%s\n' "$rows"
} | tee "$RESULTS"
