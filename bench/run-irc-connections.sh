#!/usr/bin/env bash
# The IRC puppet connection benchmark of docs/performance.md ("IRC puppet connections"): builds the bench module,
# then for each size and layout starts a fresh ngIRCd (scripts/ircd.sh, limits raised) and runs the driver
# dev.mxbridge.bench.IrcConnectionsLoad in a JVM of its own (-Xmx1g): N puppets
# connected and joined through the bridge's code (Puppets, IrcConnection, IrcBots, Pacer), each to a channel of its
# own (spread) or all to one (shared); then heap after a full GC, RSS and platform threads per puppet and message
# round trips. Prints machine facts and one Markdown table; the table also goes to bench/target/irc-results.md.
#
#   bench/run-irc-connections.sh [N ...]     default: 1000 5000 19900
#
# Environment: LAYOUTS (default "spread shared"), INTERVAL_US (connect pacing, default 3000: 333 connects/s),
# MESSAGES (round trips per direction, default 200), MAX_WAIT (s to wait for all to join before measuring what
# has; default 120 plus three times the pacing), JVM_OPTS (default -Xmx1g), HISTOGRAM_DIR (if set, a
# jcmd GC.class_histogram per run goes there), MXB_MVN_ARGS (extra Maven arguments, e.g. -o).
#
# Both ngIRCd and the JVM need a descriptor per connection; both get the shell's hard limit (ulimit -Hn), so N can
# come to a few dozen below it (20,000 here: 19,900).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000 19900)
LAYOUTS=${LAYOUTS:-spread shared}
INTERVAL_US=${INTERVAL_US:-3000}
MESSAGES=${MESSAGES:-200}
JVM_OPTS=${JVM_OPTS:--Xmx1g}
IRCD_SH="$ROOT/scripts/ircd.sh"
INSTANCE=bench-irc-connections
RESULTS="$ROOT/bench/target/irc-results.md"

# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
bench_build
# bridge-example carries a logback.xml too: name ours, so logback neither warns nor picks theirs.
JAVA_LOG="-Dlogback.configurationFile=$ROOT/bench/target/classes/logback.xml"
ulimit -n "$(ulimit -Hn)"

trap '"$IRCD_SH" stop "$INSTANCE" >&2 || true' EXIT

bench_machine "open files limit: $(ulimit -n)" "ngIRCd: $(ngircd --version 2>/dev/null | head -n 1)"
echo "## command"
echo "bench/run-irc-connections.sh ${SIZES[*]}   (LAYOUTS='$LAYOUTS' INTERVAL_US=$INTERVAL_US MESSAGES=$MESSAGES MAX_WAIT=${MAX_WAIT:-default} JVM_OPTS='$JVM_OPTS')"
echo

mkdir -p "$(dirname "$RESULTS")"
# Rows as they come, so that a run that fails keeps those before it.
echo "## results" | tee "$RESULTS"
java "$JAVA_LOG" -cp "$CP" dev.mxbridge.bench.IrcConnectionsLoad --table-header | tee -a "$RESULTS"
for n in "${SIZES[@]}"; do
  for layout in $LAYOUTS; do
    "$IRCD_SH" init "$INSTANCE" >/dev/null
    info=$("$IRCD_SH" start "$INSTANCE")
    port=$(sed -n 's/^port=//p' <<<"$info")
    pid=$(sed -n 's/^pid=//p' <<<"$info")
    echo "[$(date -u +%H:%M:%S)] $n puppets, $layout; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    extra=()
    [ -z "${HISTOGRAM_DIR:-}" ] || { mkdir -p "$HISTOGRAM_DIR"; extra=(--histogram "$HISTOGRAM_DIR/histogram-$layout-$n.txt"); }
    # shellcheck disable=SC2086
    java $JVM_OPTS "$JAVA_LOG" -cp "$CP" dev.mxbridge.bench.IrcConnectionsLoad --port "$port" --ircd-pid "$pid" \
      --puppets "$n" --layout "$layout" --interval-us "$INTERVAL_US" --messages "$MESSAGES" --max-wait-s "${MAX_WAIT:-0}" "${extra[@]}" | tee -a "$RESULTS"
    echo "[$(date -u +%H:%M:%S)] done; load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$IRCD_SH" stop "$INSTANCE" >&2
  done
done

