#!/usr/bin/env bash
# haproxy (Debian) in front of two `quifait serve` on loopback, configured as
# docs/deploy/haproxy.cfg's backend (health check on /healthz, leastconn, maxconn below the
# servers' threads, http-server-close): one server is killed under a steady stream of
# questions, and once haproxy has seen it down (two failed checks) every request must still be
# answered. Usage: tests/haproxy_failover.sh QUIFAIT_BINARY CORPUS_DIR
set -euo pipefail
bin=$1 corpus=$2
command -v haproxy >/dev/null || { echo "haproxy_failover: haproxy is missing (Debian package haproxy, scripts/setup.sh)"; exit 1; }
command -v curl >/dev/null || { echo "haproxy_failover: curl is missing (scripts/setup.sh)"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" index --quiet --corpus "$corpus" --db "$work/index"
ports=()
for i in 1 2; do
  port=$(free_port)
  "$bin" serve --quiet --db "$work/index" --port "$port" --threads 8 --access-log off > "$work/serve$i.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
front=$(free_port)
stats=$(free_port)
cat > "$work/haproxy.cfg" <<CFG
global
    maxconn 256
defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
    option http-server-close
    retries 2
    option redispatch
frontend questions
    bind 127.0.0.1:$front
    default_backend quifait
backend quifait
    balance leastconn
    option httpchk GET /healthz
    http-check expect status 200
    default-server check inter 200ms fall 2 rise 2 maxconn 6
    server q1 127.0.0.1:${ports[0]}
    server q2 127.0.0.1:${ports[1]}
CFG
haproxy -c -f "$work/haproxy.cfg" >/dev/null
haproxy -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)
url="http://127.0.0.1:$front/api/ask?q=qui%20g%C3%A8re%20le%20parc%20immobilier"
ok=0
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] && ok=$((ok + 1)) && [ $ok -ge 3 ] && break
  sleep 0.1
done
[ $ok -ge 3 ] || { echo "haproxy_failover: the front never answered"; cat "$work/haproxy.log"; exit 1; }

count() { local good=0 bad=0; for _ in $(seq 1 "$1"); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")" = 200 ]; then good=$((good + 1)); else bad=$((bad + 1)); fi
done; echo "$good $bad"; }
read -r good bad <<<"$(count 40)"
echo "both servers up: $good answered, $bad failed"
[ "$bad" = 0 ] || exit 1
kill -9 "${pids[0]}"
sleep 1  # detection: two failed checks 200 ms apart, with margin
read -r good bad <<<"$(count 60)"
echo "one server killed, after detection: $good answered, $bad failed"
[ "$bad" = 0 ] || exit 1
echo "haproxy_failover: ok"
