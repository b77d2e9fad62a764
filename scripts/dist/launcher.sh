#!/bin/sh
# The @BRIDGE@ bridge's launcher: bin/@BRIDGE@ run -c config.yaml (--help lists every command).
# Java: the runtime bundled in runtime/ if this distribution has one, else the first Java 25+ of $JAVA_HOME, the
# java on PATH and /usr/lib/jvm/*. JAVA_OPTS is passed to the JVM after the defaults for a small bridge, each of which
# it replaces by giving its own (docs/configuration.md, "JVM settings"): the serial collector with larger survivor
# spaces, -Xmx128m, -Xms16m, a heap that gives memory back, compact object headers, the C heap trimmed once a minute,
# the quick JIT compiler only, idle monitor deflation checks every 2 s; MALLOC_ARENA_MAX=2.
# A busy bridge sets e.g. JAVA_OPTS='-XX:+UseZGC -Xmx512m -XX:TieredStopAtLevel=4'.
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
# Defaults for a small bridge (idle RSS about 120 MiB instead of 255 with ZGC, no collector thread waking the CPU
# 100 times a second when idle); what JAVA_OPTS sets wins.
case " $opts " in *" -XX:+Use"*GC" "*) ;; *) opts="-XX:+UseSerialGC $opts" ;; esac
# Survivor spaces that hold what lives one young collection (a message in flight, H2's pages of the last commits):
# with the serial collector's defaults, it overflowed at a few hundred messages a second and was promoted, and the
# old generation then filled with it (full collections of 70-80 ms).
case " $opts " in *"SurvivorRatio="*) ;; *) opts="-XX:SurvivorRatio=6 -XX:TargetSurvivorRatio=90 $opts" ;; esac
case " $opts " in *" -Xmx"* | *" -XX:MaxHeapSize="* | *" -XX:MaxRAMPercentage="*) ;; *) opts="-Xmx128m $opts" ;; esac
case " $opts " in *" -Xms"* | *" -XX:InitialHeapSize="* | *" -XX:InitialRAMPercentage="*) ;; *) opts="-Xms16m $opts" ;; esac
case " $opts " in *"HeapFreeRatio="*) ;; *) opts="-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 $opts" ;; esac
case " $opts " in *"CompactObjectHeaders"*) ;; *) opts="-XX:+UseCompactObjectHeaders $opts" ;; esac
case " $opts " in *"TrimNativeHeapInterval="*) ;; *) opts="-XX:TrimNativeHeapInterval=60000 $opts" ;; esac
# The quick JIT compiler only: no C2 and none of the profiled code and data it needs (idle RSS about 13 MiB less, and
# no C2 compilations eating the CPU of the first hours at a few messages a second); hot code runs slower, so a busy
# bridge gives -XX:TieredStopAtLevel=4 (or any TieredStopAtLevel, TieredCompilation or CompilationMode).
case " $opts " in *"TieredStopAtLevel="* | *"TieredCompilation"* | *"CompilationMode="*) ;; *) opts="-XX:TieredStopAtLevel=1 $opts" ;; esac
# The JVM's monitor deflation thread looks every 250 ms whether inflated monitors need cleaning up: 4 of an idle
# bridge's 9 wake-ups a second. Once every 2 s is plenty for a bridge's few monitors (a diagnostic flag of HotSpot).
case " $opts " in *"AsyncDeflationInterval="*) ;; *) opts="-XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=2000 $opts" ;; esac
# glibc's malloc keeps an arena per core and thread burst; two are plenty for the JVM's native allocations.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# JAVA_OPTS is split on spaces, as in most launchers.
# shellcheck disable=SC2086
# Native access for the libraries on the class path that load a native library (JLine's terminal, for migrate-db's
# progress bar): without it Java 25 warns on the first call.
exec "$java" --enable-native-access=ALL-UNNAMED $opts -cp "$home/lib/*" @MAIN@ "$@"
