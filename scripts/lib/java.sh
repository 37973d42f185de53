# The Java that runs Parley's nodes, and the options it gets: sourced (not run) by scripts/run, scripts/cluster,
# scripts/users, scripts/build-server, scripts/aot-cache and the bench scripts that start Parley. Sets:
#   PARLEY_JAVA          the java binary: $PARLEY_JAVA_HOME/bin/java, else $JAVA_HOME/bin/java, else the newest
#                        Java (17 or later) of `java` on the PATH and the JDKs under /usr/lib/jvm (Debian's packages
#                        and Temurin's install there)
#   PARLEY_JAVA_FEATURE  its feature version (17, 21, 25, ...)
#   PARLEY_JAR           the server's jar, by its absolute path (an AOT cache names the jar it was made for)
#   PARLEY_AOT_CACHE     where that jar's AOT cache is (server/target/parley-server.aot), made by scripts/aot-cache
#   PARLEY_JVM_ARGS      (array) cluster-config/jvm.options; from Java 25 on also cluster-config/jvm25.options and,
#                        when it was made for this jar and this Java, -XX:AOTCache (PARLEY_AOT=off: never)
# PARLEY_JAVA_OPTS (the user's own, last) is not in PARLEY_JVM_ARGS: each launcher appends it.

PARLEY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# The feature version a java binary reports: "17.0.15" -> 17, "25.0.3" -> 25 (0 when it does not run)
parley_java_feature() {
  local v
  v=$("$1" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p')
  echo "${v:-0}"
}

parley_choose_java() {
  local home=${PARLEY_JAVA_HOME:-${JAVA_HOME:-}}
  if [ -n "$home" ]; then
    PARLEY_JAVA=$home/bin/java
    PARLEY_JAVA_FEATURE=$(parley_java_feature "$PARLEY_JAVA")
    return
  fi
  local best= best_v=0 j v
  for j in "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v=$(parley_java_feature "$j")
    if [ "$v" -gt "$best_v" ]; then best=$j best_v=$v; fi
  done
  PARLEY_JAVA=${best:-java}
  PARLEY_JAVA_FEATURE=$best_v
}

# What the AOT cache was made with, one line: a cache is only for the jar (path, size, time) and the Java that made it
parley_aot_stamp() {
  echo "$(readlink -f "$PARLEY_JAVA") $(stat -c '%s %Y' "$PARLEY_JAR" 2>/dev/null) $PARLEY_JAR"
}

parley_aot_cache_current() {
  [ -f "$PARLEY_AOT_CACHE" ] && [ -f "$PARLEY_AOT_CACHE.stamp" ] && [ "$(cat "$PARLEY_AOT_CACHE.stamp")" = "$(parley_aot_stamp)" ]
}

parley_choose_java
if [ "$PARLEY_JAVA_FEATURE" -gt 0 ] && [ "$PARLEY_JAVA_FEATURE" -lt 17 ]; then
  echo "Parley needs Java 17 or later; $PARLEY_JAVA is Java $PARLEY_JAVA_FEATURE (set JAVA_HOME)" >&2
  exit 1
fi
PARLEY_JAR=$PARLEY_ROOT/server/target/parley-server.jar
PARLEY_AOT_CACHE=$PARLEY_ROOT/server/target/parley-server.aot
PARLEY_JVM_ARGS=(@"$PARLEY_ROOT/cluster-config/jvm.options")
if [ "$PARLEY_JAVA_FEATURE" -ge 25 ]; then
  PARLEY_JVM_ARGS+=(@"$PARLEY_ROOT/cluster-config/jvm25.options")
  if [ "${PARLEY_AOT:-on}" != off ] && parley_aot_cache_current; then
    PARLEY_JVM_ARGS+=(-XX:AOTCache="$PARLEY_AOT_CACHE")
  fi
fi
