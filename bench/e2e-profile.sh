#!/usr/bin/env bash
# Runs bench/run-e2e.sh and watches our bridge from outside (docs/performance.md, "Where the CPU goes"): its CPU
# ticks every second (cpu.tsv), every thread's CPU ticks and context switches every 5 s (threads.txt), and with
# PERF=1 a `perf record -F 999 -g` of its last recorded window (perf.data, with the JIT's symbol map: pass
# JAVA_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer' for Java stacks). Then
#   python3 bench/e2e_threads.py OUT RATE N    # CPU and context switches per message and thread in window N
#   perf report -i OUT/perf.data --children --sort sym   # (copy OUT/perf-PID.map to /tmp first)
#
#   bench/e2e-profile.sh OUT        (RATE, WINDOW, WINDOWS, IDLE, JAVA_OPTS, MXB_H2_SETTINGS as for run-e2e.sh)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=$(realpath -m "$1"); mkdir -p "$OUT"
W=${WINDOW:-20}; N=${WINDOWS:-6}
( cd "$ROOT" && MXB_MVN_ARGS=${MXB_MVN_ARGS:--o} bench/run-e2e.sh >"$OUT/stdout" 2>"$OUT/stderr" ) &
runner=$!
pid=""
for _ in $(seq 1 6000); do
  pid=$(pgrep -f "IrcBridge run -c $ROOT/build/e2e/config.yaml" | head -1)
  [ -n "$pid" ] && break
  kill -0 $runner 2>/dev/null || exit 1
  sleep 0.1
done
echo "pid=$pid" >"$OUT/pid"
( while kill -0 "$pid" 2>/dev/null; do
    echo "$(date +%s.%N) $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null)"; sleep 1
  done ) >"$OUT/cpu.tsv" &
( while kill -0 "$pid" 2>/dev/null; do
    t=$(date +%s)
    for d in /proc/$pid/task/*; do
      echo "$t|${d##*/}|$(cat "$d/comm" 2>/dev/null)|$(awk '{print $14+$15}' "$d/stat" 2>/dev/null)|$(awk '/ctxt_switches/{s+=$2} END{print s}' "$d/status" 2>/dev/null)"
    done
    sleep 5
  done ) >"$OUT/threads.txt" &
if [ "${PERF:-0}" = 1 ]; then
  last=$((2 * N - 1))
  for _ in $(seq 1 20000); do grep -q "window $last/" "$OUT/stderr" 2>/dev/null && break; kill -0 $runner 2>/dev/null || exit 1; sleep 0.2; done
  perf record -F 999 -g -p "$pid" -o "$OUT/perf.data" -- sleep $((W - 1)) 2>"$OUT/perf-record.err"
  jcmd "$pid" Compiler.perfmap >/dev/null 2>&1 && cp "/tmp/perf-$pid.map" "$OUT/" 2>/dev/null
fi
wait $runner
