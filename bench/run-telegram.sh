#!/usr/bin/env bash
# The Telegram benchmark of docs/performance.md ("Telegram through the fake Bot API"): builds the bench module
# (package only, nothing is installed into ~/.m2), then runs dev.mxbridge.bench.TelegramLoad, which starts the
# Telegram bridge (dev.mxbridge.bench.TelegramBridgeProcess) as a separate JVM between FakeTelegram (reached through
# the real telegrambots client, as the ITs do) and a timestamping homeserver stub, both in the driver's JVM, and
# carries RATE msg/s over CHATS chats each way: Telegram -> Matrix (getUpdates -> the ghost's send reaching the
# homeserver) and Matrix -> Telegram (AS transactions -> sendMessage reaching the fake). Per direction: msg/s and
# bridge-added p50/p99 (target: p99 <= 5 ms on PostgreSQL).
#
# Telegram's flood limits are OFF in the fake and the bridge's own pacing is off (TELEGRAM_LIMITS=none): 100 msg/s over
# 50 chats is 2 msg/s per chat, which real Telegram refuses (about 1/s per chat, 20/min per group, 30/s per bot).
# TELEGRAM_LIMITS=telegram puts the fake's limits back (the bridge's pacing stays off: expect 429s and retries).
#
#   bench/run-telegram.sh [postgres|h2|all]     default: postgres
#
# Environment: RATE (msg/s per direction, default 100), CHATS (default 50), WARMUP (s of unrecorded load in both
# directions at once, default 20), DURATION (s per recorded run, default 30), TELEGRAM_LIMITS (none|telegram, default
# none), BRIDGE_JVM_OPTS (default -Xmx512m), QUIET_WAIT (s to wait at most for an idle machine, default 120),
# MXB_MVN_ARGS (extra Maven arguments, e.g. -o), MXB_POSTGRES_SH (default scripts/postgres.sh).
# Prints machine facts and one Markdown table, also written to bench/target/telegram-results.md. Loopback only.
# On a shared machine, run it under the benchmark lock: flock /work/notes/bench.lock bench/run-telegram.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH=${1:-postgres}
RATE=${RATE:-100}
CHATS=${CHATS:-50}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-30}
TELEGRAM_LIMITS=${TELEGRAM_LIMITS:-none}
QUIET_WAIT=${QUIET_WAIT:-120}
BRIDGE_JVM_OPTS=${BRIDGE_JVM_OPTS:--Xmx512m}
RESULTS="$ROOT/bench/target/telegram-results.md"

case $WHICH in all|h2|postgres) ;; *) echo "usage: $0 [postgres|h2|all]" >&2; exit 2 ;; esac

# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
bench_build

scenario() {
  java -Xmx1g -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$CP" \
    dev.mxbridge.bench.TelegramLoad --rate "$RATE" --chats "$CHATS" --warmup "$WARMUP" --duration "$DURATION" \
    --telegram-limits "$TELEGRAM_LIMITS" --quiet-wait "$QUIET_WAIT" --bridge-jvm-opts "$BRIDGE_JVM_OPTS" "$@" ||
    echo "| scenario $* failed after the rows above; see the messages on stderr |"
}

bench_machine
echo "## command"
echo "bench/run-telegram.sh $WHICH   (RATE=$RATE CHATS=$CHATS WARMUP=$WARMUP DURATION=$DURATION TELEGRAM_LIMITS=$TELEGRAM_LIMITS BRIDGE_JVM_OPTS='$BRIDGE_JVM_OPTS')"
echo

rows=()
if [ "$WHICH" = all ] || [ "$WHICH" = h2 ]; then
  rows+=("$(scenario)")
fi
if [ "$WHICH" = all ] || [ "$WHICH" = postgres ]; then
  bench_pg_start
  rows+=("$(scenario --postgres "127.0.0.1:$pg_port" --db-server-pid "$pg_pid")")
fi

mkdir -p "$(dirname "$RESULTS")"
{
  echo "## results (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$CP" dev.mxbridge.bench.TelegramLoad --table-header
  printf '%s\n' "${rows[@]}"
} | tee "$RESULTS"
