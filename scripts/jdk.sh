#!/usr/bin/env bash
# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/temurin-25*, then any /usr/lib/jvm/*25*/ JDK.

java_major() { # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

mxb_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! MXB_JDK=$(mxb_find_jdk); then
  echo "error: no JDK 25 found. Set JAVA_HOME to a JDK 25+ or install one, e.g. Temurin 25 under /usr/lib/jvm/temurin-25-jdk-amd64." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$MXB_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
