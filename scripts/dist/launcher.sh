#!/bin/sh
# The @BRIDGE@ bridge's launcher: bin/@BRIDGE@ run -c config.yaml (--help lists every command).
# Java: the runtime bundled in runtime/ if this distribution has one, else the first Java 25+ of $JAVA_HOME, the
# java on PATH and /usr/lib/jvm/*. JAVA_OPTS is passed to the JVM; without a -XX:+Use...GC in it, ZGC is used
# (docs/configuration.md: sub-millisecond pauses where G1 stops the bridge for 12-22 ms).
set -eu
self=$(readlink -f "$0")
home=$(cd "$(dirname "$self")/.." && pwd)

java_major() { # the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

find_java() {
  if [ -x "$home/runtime/bin/java" ]; then
    echo "$home/runtime/bin/java"
    return 0
  fi
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! java=$(find_java); then
  echo "error: no Java 25 or newer found: set JAVA_HOME to one, or use the distribution built with a runtime (--runtime)" >&2
  exit 1
fi

opts=${JAVA_OPTS:-}
case " $opts " in
  *" -XX:+Use"*GC" "*) ;;
  *) opts="-XX:+UseZGC $opts" ;;
esac

# JAVA_OPTS is split on spaces, as in most launchers.
# shellcheck disable=SC2086
# Native access for the libraries on the class path that load a native library (JLine's terminal, for migrate-db's
# progress bar): without it Java 25 warns on the first call.
exec "$java" --enable-native-access=ALL-UNNAMED $opts -cp "$home/lib/*" @MAIN@ "$@"
