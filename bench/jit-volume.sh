#!/usr/bin/env bash
# What C2 compiles while a fresh server takes the harness's sequence: 20,000 warm-up handshakes
# with 30% invalid tokens, 5 s of valid ones, 5 s with 30% invalid; the server on CPU 0 and the
# driver on CPU 1, as ../shared/bench pins them. Prints C2's compilations, time and code per phase
# and the largest compilations (CompileVolume). See BENCHMARKS.md, "What C2 compiles twice".
#
#   bench/jit-volume.sh            # the server jar with bench/wsgate-bench.properties
#   bench/jit-volume.sh --bare     # the bare Java-WebSocket server (BareServer) instead
#
# Needs the server jar and bench/target/benchmarks.jar (mvn -B -ntp -pl server,bench -am verify),
# and taskset. SERVER_JAVA_OPTS are passed to the server's JVM; the recording and the driver's
# output stay in the directory printed first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-27192}
export WSGATE_HMAC_SECRET=${WSGATE_HMAC_SECRET:-jit-volume-secret-0123456789abcdef-0123456789}
out=$(mktemp -d /tmp/wsgate-jit.XXXXXX)
echo "recording and logs in $out"
cat >"$out/compilations.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="compilations">
  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
</configuration>
JFC
recording="-XX:StartFlightRecording=filename=$out/server.jfr,settings=$out/compilations.jfc"
bench="$root/bench/target/benchmarks.jar"
if [ "${1:-}" = "--bare" ]; then
  taskset -c 0 java ${SERVER_JAVA_OPTS:-} "$recording" -cp "$bench" dev.wsgate.bench.BareServer "$port" \
    >"$out/server.log" 2>&1 &
else
  taskset -c 0 java ${SERVER_JAVA_OPTS:-} "$recording" -jar "$root/server/target/wsgate-server.jar" \
    --config "$root/bench/wsgate-bench.properties" --port "$port" >"$out/server.log" 2>&1 &
fi
started=$!
trap 'kill "$started" 2>/dev/null || true; wait "$started" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
# java -jar runs the server in a second JVM with the recording's option too (server/README.md):
# drive and dump the one that listens
pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
drive() {
  echo "$1 $(date +%s%3N)" >>"$out/marks.txt"
  taskset -c 1 java -cp "$bench" dev.wsgate.bench.LoadDriver load --port "$port" \
    --secret "$WSGATE_HMAC_SECRET" --pid "$pid" --warmup 0 --label "$1" "${@:2}" | tee -a "$out/driver.log"
}
drive warmup --n 20000 --secs 600 --invalid 0.3
drive valid --secs 5 --invalid 0
drive mix --secs 5 --invalid 0.3
echo "end $(date +%s%3N)" >>"$out/marks.txt"
jcmd "$pid" JFR.dump filename="$out/server.jfr" >/dev/null
java -cp "$bench" dev.wsgate.bench.CompileVolume "$out/server.jfr" "$out/marks.txt"
