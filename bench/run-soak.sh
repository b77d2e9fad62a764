#!/usr/bin/env bash
# The soak and fault run of docs/reliability.md (issue 14), not part of the regular tests: builds the bench module
# (package only, nothing is installed into ~/.m2), then runs dev.mxbridge.bench.Soak: the IRC bridge as a process of
# its own between a real Synapse (scripts/synapse.sh through the test kit) and ngIRCd (scripts/ircd.sh), ROOMS portals,
# RATE messages/s in all, half from a Matrix user and half from an IRC client, for MINUTES; every FAULT_EVERY seconds
# the next of: SIGKILL of the bridge and a restart, SIGSTOP of Synapse for 30 s, a restart of the ircd, and on
# PostgreSQL every bridge connection terminated. At the end it checks that every message arrived exactly once and in
# its room's order, and prints the database size over time, the bridge's heap after a full GC and failed-events.
# Exit 0 when every check passed. The whole output also goes to bench/target/soak-<db>.txt.
#
#   bench/run-soak.sh [h2|postgres]      default: h2
#
# Environment: HOMESERVER (synapse, the default, or dendrite: the test kit's, for rates one Synapse process does not
# take; the stop-synapse fault then stops Dendrite), MINUTES (default 30), RATE (msg/s, default 200), ROOMS (default 100), FAULT_EVERY (s, default 180),
# FAULTS (comma-separated, in turn; default kill-bridge,stop-synapse,restart-ircd and on PostgreSQL drop-db),
# BRIDGE_JVM_OPTS (default -Xmx512m), NO_FORCED_GC (set: sample RSS without forcing a full GC every 30 s), MXB_MVN_ARGS (extra Maven arguments, e.g. -o).
# On a shared machine, run it under the benchmark lock: flock /work/notes/bench.lock bench/run-soak.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB=${1:-h2}
MINUTES=${MINUTES:-30}
RATE=${RATE:-200}
ROOMS=${ROOMS:-100}
FAULT_EVERY=${FAULT_EVERY:-180}
BRIDGE_JVM_OPTS=${BRIDGE_JVM_OPTS:--Xmx512m}
case $DB in h2|postgres) ;; *) echo "usage: $0 [h2|postgres]" >&2; exit 2 ;; esac

# shellcheck source=../scripts/jdk.sh
source "$ROOT/scripts/jdk.sh"
echo "building bench (and what it needs)..." >&2
# shellcheck disable=SC2086
"$ROOT/scripts/mvn" -q -B ${MXB_MVN_ARGS:-} -pl bench -am package -DskipTests >&2
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
PG_SH=${MXB_POSTGRES_SH:-$ROOT/scripts/postgres.sh}
WORK="$ROOT/bench/target/soak-$DB-$$"
OUT="$ROOT/bench/target/soak-$DB.txt"
HOMESERVER=${HOMESERVER:-synapse}
case $HOMESERVER in synapse|dendrite) ;; *) echo "HOMESERVER must be synapse or dendrite" >&2; exit 2 ;; esac
"$ROOT/scripts/$HOMESERVER.sh" install

db_args=()
pg_started=""
cleanup() {
  "$ROOT/scripts/$HOMESERVER.sh" stop soak >/dev/null 2>&1 || true
  "$ROOT/scripts/ircd.sh" stop soak >/dev/null 2>&1 || true
  if [ -n "$pg_started" ]; then "$PG_SH" stop --client $$ >&2 || true; fi # (a failed test here would be the exit status)
}
trap cleanup EXIT
if [ "$DB" = postgres ]; then
  pg_port=$("$PG_SH" start --client $$ | sed -n 's/^port=//p')
  pg_started=yes
  database=mxbridge_soak_$$
  db_args=(--db-url "jdbc:postgresql://127.0.0.1:$pg_port/$database")
fi

mkdir -p "$(dirname "$OUT")"
{
  echo "## command"
  echo "bench/run-soak.sh $DB   (HOMESERVER=$HOMESERVER MINUTES=$MINUTES RATE=$RATE ROOMS=$ROOMS FAULT_EVERY=$FAULT_EVERY FAULTS=${FAULTS:-default} BRIDGE_JVM_OPTS='$BRIDGE_JVM_OPTS')"
  echo "nproc: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg); work: $WORK"
  java -Xmx1g -Dmxbridge.homeserver="$HOMESERVER" -Dlogback.configurationFile="$ROOT/bench/target/classes/logback.xml" -cp "$CP" dev.mxbridge.bench.Soak \
    --work "$WORK" --minutes "$MINUTES" --rate "$RATE" --rooms "$ROOMS" --fault-every "$FAULT_EVERY" \
    --bridge-jvm-opts "$BRIDGE_JVM_OPTS" ${FAULTS:+--faults "$FAULTS"} ${NO_FORCED_GC:+--no-forced-gc} "${db_args[@]}" 2>&1
} | tee "$OUT"
exit "${PIPESTATUS[0]}"
