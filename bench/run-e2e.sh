#!/usr/bin/env bash
# The end-to-end benchmark of docs/performance.md ("The real path, beside heisenbridge"): one Synapse and one ngIRCd
# (the test kit's scripts/synapse.sh and scripts/ircd.sh), our IRC bridge as a deployment runs it (the distribution
# from scripts/package, started by its launcher bin/irc with the launcher's default JVM settings) and heisenbridge
# (PyPI, in its own venv under build/heisenbridge) on the same servers, both appservices registered with the one
# Synapse. bench/e2e.py is one Matrix user (alice, a /sync client) and one raw IRC client (bob) and drives the two
# bridges in alternating windows, one message in flight at a time, Matrix -> IRC and IRC -> Matrix in turn.
# Prints one Markdown table (also in build/e2e/results.md):
#   end to end p50/p95/p99 per bridge and direction; our bridge's share of it from its trace log (MXBRIDGE_TRACE=DEBUG:
#   AS receipt -> PRIVMSG written, PRIVMSG read -> homeserver send started); CPU per message (utime+stime from /proc
#   over the windows, idle time in the windows included); idle CPU and wake-ups; RSS idle and after the run.
#
#   bench/run-e2e.sh
#
# Environment: RATE (msg/s, both directions together, default 1: heisenbridge's IRC queue adds a 1.5 s sleep once
# more than 5 lines went out less than a second apart, so it is measured below that), WINDOW (s, default 20),
# WINDOWS (recorded windows per bridge, default 6), IDLE (s of idle measured before the run, default 70: the
# launcher trims the C heap once a minute),
# JAVA_OPTS (passed to the launcher, which adds its defaults, docs/configuration.md), MXB_MVN_ARGS (e.g. -o),
# MXB_H2_SETTINGS (appended to the bridge's H2 URL, e.g. ";WRITE_DELAY=500" to see what the journal's commit costs),
# MXBRIDGE_TRACE (default DEBUG; TRACE adds the Matrix -> IRC steps: journaled, lane, IRC send),
# EPHEMERAL (default true: our registration's receive_ephemeral, as the bridge generates it; false to see what the
# homeserver's typing, receipt and presence pushes cost on the path, heisenbridge's registration having none).
# Not a timed test: loopback only, bounded by about 2 * WINDOWS * WINDOW + IDLE + one minute of set-up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATE=${RATE:-1}
WINDOW=${WINDOW:-20}
WINDOWS=${WINDOWS:-6}
IDLE=${IDLE:-70}
HEISENBRIDGE_VERSION=1.15.4
E2E="$ROOT/build/e2e"
HB_VENV="$ROOT/build/heisenbridge/venv"
INSTANCE=e2e

# shellcheck source=../scripts/jdk.sh
source "$ROOT/scripts/jdk.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

bridge_pid="" hb_pid="" ircd_started="" synapse_started=""
cleanup() {
  for pid in $bridge_pid $hb_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $bridge_pid $hb_pid; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -z "$ircd_started" ] || "$ROOT/scripts/ircd.sh" stop "$INSTANCE" >&2 || true
  [ -z "$synapse_started" ] || "$ROOT/scripts/synapse.sh" stop "$INSTANCE" >&2 || true
}
trap cleanup EXIT

rm -rf "$E2E"
mkdir -p "$E2E"

echo "building the IRC bridge's distribution (scripts/package irc)..." >&2
# shellcheck disable=SC2086
MXBRIDGE_OFFLINE=$([[ " ${MXB_MVN_ARGS:-} " == *" -o "* ]] && echo 1 || echo 0) "$ROOT/scripts/package" --out "$E2E/dist" irc >&2
tar -xzf "$E2E"/dist/mxbridge-irc-*.tar.gz -C "$E2E/dist"
IRC_HOME=$(ls -d "$E2E"/dist/mxbridge-irc-*/)

if [ ! -f "$HB_VENV/.installed-$HEISENBRIDGE_VERSION" ]; then
  echo "installing heisenbridge $HEISENBRIDGE_VERSION into $HB_VENV (first run only)..." >&2
  rm -rf "$HB_VENV"
  python3 -m venv "$HB_VENV"
  "$HB_VENV/bin/pip" install --disable-pip-version-check -q "heisenbridge==$HEISENBRIDGE_VERSION" >&2
  touch "$HB_VENV/.installed-$HEISENBRIDGE_VERSION"
fi
"$ROOT/scripts/synapse.sh" install

irc_info=$("$ROOT/scripts/ircd.sh" init "$INSTANCE")
ircd_started=1
irc_start=$("$ROOT/scripts/ircd.sh" start "$INSTANCE")
irc_port=$(sed -n 's/^port=//p' <<<"$irc_info")
ircd_pid=$(sed -n 's/^pid=//p' <<<"$irc_start")

as_port=$(free_port)
hb_port=$(free_port)
cat >"$E2E/config.yaml" <<YAML
# bench/run-e2e.sh's IRC bridge: the demo's settings (scripts/demo) on the embedded H2 store.
homeserver: {url: 'http://127.0.0.1:0', domain: localhost}
appservice: {registration: registration.yaml, bind: 127.0.0.1, port: $as_port}
database: {url: 'jdbc:h2:file:$E2E/data/bridge${MXB_H2_SETTINGS:-}'}
bridge:
  permissions:
    '*': relay
    localhost: user
network:
  host: 127.0.0.1
  port: $irc_port
  tls: false
  nick: mxbridge
  nick_template: '{displayname}[m]'
  message_delay: 0ms
  puppet_connect_interval: 50ms
YAML
"$IRC_HOME/bin/irc" generate-registration -c "$E2E/config.yaml" >/dev/null
if [ "${EPHEMERAL:-true}" = false ]; then
  sed -i -E 's/^(receive_ephemeral|de\.sorunome\.msc2409\.push_ephemeral): true$/\1: false/' "$E2E/registration.yaml"
fi
"$HB_VENV/bin/python" -m heisenbridge -c "$E2E/heisenbridge.yaml" --generate -l 127.0.0.1 -p "$hb_port" >/dev/null

hs_info=$("$ROOT/scripts/synapse.sh" init "$INSTANCE" --registration "$E2E/registration.yaml" --registration "$E2E/heisenbridge.yaml")
hs_url=$(sed -n 's/^url=//p' <<<"$hs_info")
hs_dir=$(sed -n 's/^dir=//p' <<<"$hs_info")
sed -i "s#http://127.0.0.1:0#$hs_url#g" "$E2E/config.yaml"
synapse_started=1
hs_start=$("$ROOT/scripts/synapse.sh" start "$INSTANCE")
synapse_pid=$(sed -n 's/^pid=//p' <<<"$hs_start")
"$ROOT/build/synapse/venv/bin/register_new_matrix_user" -u alice -p alice-password --no-admin \
  -c "$hs_dir/homeserver.yaml" "$hs_url" >/dev/null

# Not through a function, so that $! is the bridge's own pid (the launcher execs java).
bridge_start=$(date +%s%N)
MXBRIDGE_TRACE=${MXBRIDGE_TRACE:-DEBUG} "$IRC_HOME/bin/irc" run -c "$E2E/config.yaml" >"$E2E/bridge.log" 2>&1 &
bridge_pid=$!
"$HB_VENV/bin/python" -m heisenbridge -c "$E2E/heisenbridge.yaml" -o @alice:localhost -l 127.0.0.1 -p "$hb_port" \
  "$hs_url" >"$E2E/heisenbridge.log" 2>&1 &
hb_pid=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$as_port/ready" >/dev/null 2>&1 && { bridge_ready_ms=$((($(date +%s%N) - bridge_start) / 1000000)); break; }
  kill -0 "$bridge_pid" 2>/dev/null || { tail -n 30 "$E2E/bridge.log" >&2; echo "error: the bridge exited" >&2; exit 1; }
  sleep 0.2
done

echo "## machine"
echo "nproc: $(nproc)"
free -h | sed 's/^/    /'
java -version 2>&1 | sed 's/^/    /'
echo "heisenbridge $HEISENBRIDGE_VERSION, $("$HB_VENV/bin/python" --version); $(ngircd --version 2>/dev/null | head -n 1)"
echo "our bridge ready (/ready answers) ${bridge_ready_ms:-?} ms after its launcher started, heisenbridge started beside it"
echo "our bridge's JVM: $(tr '\0' ' ' </proc/$bridge_pid/cmdline | sed 's/ -cp .*//')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## command"
echo "bench/run-e2e.sh   (RATE=$RATE WINDOW=$WINDOW WINDOWS=$WINDOWS IDLE=$IDLE JAVA_OPTS='${JAVA_OPTS:-}' MXB_H2_SETTINGS='${MXB_H2_SETTINGS:-}' MXBRIDGE_TRACE=${MXBRIDGE_TRACE:-DEBUG} EPHEMERAL=${EPHEMERAL:-true})"
echo
synapse_cpu0=$(awk '{print $14+$15}' "/proc/$synapse_pid/stat")
echo "## results"
python3 "$ROOT/bench/e2e.py" --hs "$hs_url" --irc-port "$irc_port" --mx-pid "$bridge_pid" --mx-log "$E2E/bridge.log" \
  --hb-pid "$hb_pid" --rate "$RATE" --window "$WINDOW" --windows "$WINDOWS" --idle "$IDLE" --out "$E2E/results.md"
echo
echo "Synapse CPU during the whole run: $(( ($(awk '{print $14+$15}' "/proc/$synapse_pid/stat") - synapse_cpu0) * 1000 / $(getconf CLK_TCK) )) ms; ngIRCd pid $ircd_pid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); logs: $E2E/bridge.log, $E2E/heisenbridge.log, $hs_dir/homeserver.log"
