# Sourced by the bench/run-*.sh scripts (ROOT set to the checkout): builds the bench module and prints the machine's
# facts; for run-slack.sh and run-telegram.sh, starts the test kit's PostgreSQL for the run and stops it on exit.
# MXB_MVN_ARGS: extra Maven arguments (e.g. -o); MXB_POSTGRES_SH: default scripts/postgres.sh.

PG_SH=${MXB_POSTGRES_SH:-$ROOT/scripts/postgres.sh}
pg_started=""
bench_cleanup() {
  if [ -n "$pg_started" ]; then
    "$PG_SH" stop --client $$ >&2 || true
  fi
}

# Builds the bench module (package only, nothing installed into ~/.m2); sets CP, its class path.
bench_build() {
  # shellcheck source=../scripts/jdk.sh
  source "$ROOT/scripts/jdk.sh"
  echo "building bench (and what it needs)..." >&2
  # shellcheck disable=SC2086
  "$ROOT/scripts/mvn" -q -B ${MXB_MVN_ARGS:-} -pl bench -am package -DskipTests >&2
  CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

# Starts the test kit's PostgreSQL for this run (stopped on exit); sets pg_port and pg_pid (its postmaster).
bench_pg_start() {
  local info
  trap bench_cleanup EXIT
  info=$("$PG_SH" start --client $$)
  pg_started=yes
  pg_port=$(sed -n 's/^port=//p' <<<"$info")
  pg_pid=$(head -n 1 "$(sed -n 's/^data=//p' <<<"$info")/postmaster.pid")
}

# The "## machine" section of a results page; each argument is one more line of it.
bench_machine() {
  echo "## machine"
  echo "nproc: $(nproc)"
  free -h | sed 's/^/    /'
  java -version 2>&1 | sed 's/^/    /'
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local line
  for line in "$@"; do
    echo "$line"
  done
  echo
}
