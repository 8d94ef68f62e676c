#!/usr/bin/env bash
# End-to-end load test: the jetty-demo on loopback without the filter, with the bundled rules, and (when a CRS
# directory is given) with OWASP CRS at paranoia level 1, driven by wrk with the JMH benchmarks' request shapes.
# Prints requests/s, p50 and p99 latency per shape and configuration and the throughput ratio against no filter;
# with --cpu also the thread CPU per request of the demo's filter chain (the filter and the application, from the
# demo's --cpu-report; reading the clock costs about a microsecond per request, so it is not on by default).
#
#   benchmarks/load.sh [--crs DIR] [--duration 10s] [--warmup 30s] [--connections 16] [--threads 2]
#                      [--shapes "get form_1k ..."] [--cpu]
#
# Requests go to localhost (a numeric Host header is itself a CRS finding, 920350).
# Needs wrk (Debian: apt-get install wrk) and the built jars (mvn -q -DskipTests package).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
crs=""
duration=10s
warmup=30s
connections=16
threads=2
shapes="get minimal form_1k json_4k form_64k sqli upload_1m"
cpu_report=()
while [ $# -gt 0 ]; do
    case "$1" in
        --crs) crs=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --shapes) shapes=$2; shift 2 ;;
        --cpu) cpu_report=(--cpu-report 2000); shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "wrk not found (Debian: apt-get install wrk)" >&2; exit 1; }
demo_jar=$root/jetty-demo/target/jetty-demo.jar
bench_jar=$root/benchmarks/target/benchmarks.jar
if [ ! -f "$demo_jar" ] || [ ! -f "$bench_jar" ]; then
    (cd "$root" && mvn -q -DskipTests package)
fi

work=$(mktemp -d)
demo_pid=""
cleanup() {
    [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
java -cp "$bench_jar" dev.bulwark.benchmarks.WriteLoadRequests "$work/requests"

port=18080
start_demo() {
    java -jar "$demo_jar" --port "$port" "${cpu_report[@]}" "$@" > "$work/demo.log" 2>&1 &
    demo_pid=$!
    for _ in $(seq 1 100); do
        if grep -q "listening on" "$work/demo.log"; then return 0; fi
        if ! kill -0 "$demo_pid" 2>/dev/null; then cat "$work/demo.log" >&2; exit 1; fi
        sleep 0.2
    done
    echo "demo did not start" >&2; cat "$work/demo.log" >&2; exit 1
}
stop_demo() {
    kill "$demo_pid" 2>/dev/null; wait "$demo_pid" 2>/dev/null || true; demo_pid=""
}

# wrk --latency prints "50%  1.23ms" lines; keep requests/s, p50 and p99 (in ms), and the average of the demo's
# CPU report lines ("CPU per request (filter chain, thread CPU): 150.3 µs over 2000 requests") printed meanwhile
run_shape() {
    local out from cpu
    from=$(wc -l < "$work/demo.log")
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/requests/$1.lua" "http://localhost:$port" \
        > "$work/wrk.txt" 2>&1 || true
    out=$(awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
        $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses/ { non2xx = $NF }
        END { printf "%.0f %.2f %.2f %s", rps, p50, p99, (non2xx == "" ? 0 : non2xx) }' "$work/wrk.txt")
    cpu=$(tail -n +"$((from + 1))" "$work/demo.log" | awk '/^CPU per request/ { s += $(NF - 4); n++ }
        END { if (n) printf "%.1f", s / n; else print "-" }')
    echo "$out $cpu"
}

declare -A rps
configs=("no-filter" "bundled")
[ -n "$crs" ] && configs+=("crs-pl1")
printf "%-10s %-10s %10s %9s %9s %8s %10s %12s\n" config shape "req/s" "p50 ms" "p99 ms" non-2xx "vs none" \
    "CPU µs/req"
for config in "${configs[@]}"; do
    case "$config" in
        no-filter) start_demo --no-waf ;;
        bundled) start_demo ;;
        crs-pl1) start_demo --crs "$crs" ;;
    esac
    for shape in $shapes; do
        # warm-up: the JIT needs tens of seconds of load on two cores before the filter runs at full speed
        wrk -t"$threads" -c"$connections" -d"$warmup" -s "$work/requests/$shape.lua" "http://localhost:$port" \
            > /dev/null 2>&1 || true
        read -r r p50 p99 non2xx cpu <<< "$(run_shape "$shape")"
        rps[$config/$shape]=$r
        base=${rps[no-filter/$shape]:-0}
        ratio=$(awk -v a="$r" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        printf "%-10s %-10s %10s %9s %9s %8s %10s %12s\n" "$config" "$shape" "$r" "$p50" "$p99" "$non2xx" "$ratio" \
            "$cpu"
    done
    stop_demo
done
