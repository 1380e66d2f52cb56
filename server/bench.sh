#!/usr/bin/env bash
# Runs the benchmark (docs/benchmarks.md), e.g.:  server/bench.sh --scenario 1
# Build and install first, from the repository root (mvn -B -DskipTests install). This compiles the test sources (where the
# benchmark lives), asks Maven for the test class path, and runs nl.werkplaats.bench.Benchmark in its own
# JVM with every option passed on. BENCH_MAVEN_ARGS adds Maven flags (e.g. -o); BENCH_JAVA_OPTS replaces
# the load generator's JVM options.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q ${BENCH_MAVEN_ARGS:-} test-compile
classpath="$(mvn -B -q ${BENCH_MAVEN_ARGS:-} exec:exec -Dexec.executable=echo -Dexec.classpathScope=test \
  -Dexec.args=%classpath | tr -d '\033' | sed 's/\[0m//g' | tail -n 1)"
# Many connections: as many file descriptors as this shell may have (the servers started inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java ${BENCH_JAVA_OPTS:--Xms2g -Xmx3g} \
  -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "$classpath" nl.werkplaats.bench.Benchmark "$@"
