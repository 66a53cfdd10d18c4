#!/usr/bin/env bash
# Holds idle authenticated connections against the wsgate jar and prints, at each step, the
# server's RSS and its live heap after a full GC (jcmd GC.run + GC.heap_info). See BENCHMARKS.md.
#
#   bench/hold.sh                 # steps 10000,50000
#   bench/hold.sh 5000,10000      # other steps
#
# Needs the server jar and bench/target/benchmarks.jar (mvn -B -ntp -pl server,bench -am verify).
# Each process needs about one descriptor per connection: the script raises `ulimit -n` to the
# hard limit and warns when that is too low. Connections come from several loopback source
# addresses (127.0.0.1, 127.0.0.2, ...; SOURCES=a,b overrides), one per 10,000: one source address
# has only ~28k ephemeral ports towards one server port, and the kernel's search for a free port
# slows opening down ninefold long before they run out (BENCHMARKS.md, Memory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
steps=${1:-10000,50000}
port=${PORT:-27190}
max=$(echo "$steps" | tr ',' '\n' | sort -n | tail -1)
need=$((max + 1000))
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null ||
    echo "warning: ulimit -n is $(ulimit -n) (the hard limit); $max connections need ~$need per process" >&2
fi
export WSGATE_HMAC_SECRET=${WSGATE_HMAC_SECRET:-hold-test-secret-0123456789abcdef-0123456789}
log=$(mktemp /tmp/wsgate-hold-server.XXXXXX)
java ${SERVER_JAVA_OPTS:-} -jar "$root/server/target/wsgate-server.jar" \
  --config "$root/bench/wsgate-bench.properties" --port "$port" >"$log" 2>&1 &
started=$!
trap 'kill "$started" 2>/dev/null || true; wait "$started" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening" "$log" && break; sleep 0.2; done
grep -q "listening" "$log" || { echo "the server did not start; see $log" >&2; exit 1; }
# java -jar runs the server in a second JVM (server/README.md): measure the one that listens
pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
sources=${SOURCES:-$(seq -s, -f '127.0.0.%g' 1 $(((max + 9999) / 10000)))}
echo "server pid $pid, ulimit -n $(ulimit -n), steps $steps, sources $sources"
java -Xss256k -cp "$root/bench/target/benchmarks.jar" dev.wsgate.bench.LoadDriver hold \
  --port "$port" --secret "$WSGATE_HMAC_SECRET" --pid "$pid" --hold "$steps" --sources "$sources"
