#!/usr/bin/env bash
# The IRC link-mode benchmark of docs/performance.md ("IRC link mode"): builds the bench module, starts a fresh
# ngIRCd that accepts a server link (scripts/ircd.sh init ... link), and runs dev.mxbridge.bench.IrcLinkLoad in a JVM
# of its own: N Matrix users introduced through one link (a channel each), the time until ngIRCd has them all, the
# heap they cost, and the time to link again and re-introduce them all. Prints one Markdown table.
#
#   bench/run-irc-link.sh [N ...]     default: 1000 20000
#
# Environment: IRCD (ngircd, the default, linked with RFC 2813; or hybrid, ircd-hybrid 8 linked with TS6), JVM_OPTS
# (default -Xmx1g), MXB_MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 20000)
JVM_OPTS=${JVM_OPTS:--Xmx1g}
IRCD=${IRCD:-ngircd}
case $IRCD in
  ngircd) protocol=rfc2813; version=$(ngircd --version 2>/dev/null | head -n 1) ;;
  hybrid) protocol=ts6; version="ircd-hybrid (TS6, from scripts/ircd.sh)" ;;
  *) echo "IRCD must be ngircd or hybrid" >&2; exit 2 ;;
esac
IRCD_SH="$ROOT/scripts/ircd.sh"
INSTANCE=bench-irc-link

# shellcheck source=../scripts/jdk.sh
source "$ROOT/scripts/jdk.sh"
echo "building bench (and what it needs)..." >&2
# shellcheck disable=SC2086
"$ROOT/scripts/mvn" -q -B ${MXB_MVN_ARGS:-} -pl bench -am package -DskipTests >&2
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
JAVA_LOG="-Dlogback.configurationFile=$ROOT/bench/target/classes/logback.xml"

trap '"$IRCD_SH" stop "$INSTANCE" >&2 || true' EXIT

echo "## command"
echo "IRCD=$IRCD bench/run-irc-link.sh ${SIZES[*]}   (JVM_OPTS='$JVM_OPTS'; $version)"
echo
java "$JAVA_LOG" -cp "$CP" dev.mxbridge.bench.IrcLinkLoad --table-header
for n in "${SIZES[@]}"; do
  "$IRCD_SH" init "$INSTANCE" "$IRCD" link matrix.bench bench-bridge bench-ircd >/dev/null
  port=$("$IRCD_SH" start "$INSTANCE" | sed -n 's/^port=//p')
  # shellcheck disable=SC2086
  java $JVM_OPTS "$JAVA_LOG" -cp "$CP" dev.mxbridge.bench.IrcLinkLoad --port "$port" --users "$n" --protocol "$protocol"
  "$IRCD_SH" stop "$INSTANCE" >&2
done
