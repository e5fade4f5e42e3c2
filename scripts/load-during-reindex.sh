#!/usr/bin/env bash
# Load while reindexing (issue 6): starts `quifait serve` on a copy of the corpus, loads it with
# wrk on loopback (64 connections, 60 s by default) over /api/ask, /api/search, /api/suggest,
# /api/units and /healthz, and meanwhile rebuilds the index every few seconds from a corpus that
# changes each time (a document naming a new unit with a new unique word). After each rebuild it
# asks the running server for the new word and checks the new unit answers (no restart).
# Prints `non2xx=N errors=N` (errors = wrk socket errors: connect, read, write, timeout) and exits
# non-zero unless both are 0, every rebuild succeeded and the server switched to every new index.
#
# Usage: scripts/load-during-reindex.sh [--seconds N] [--connections N] [--interval S] [--binary PATH]
#   --seconds 60      how long wrk loads the server
#   --connections 64  wrk connections (wrk threads: 2)
#   --interval 1      seconds between the end of one rebuild and the start of the next
#   --binary PATH     the quifait executable (default: build/quifait, built by scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
connections=64
interval=1
binary=""
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "load-during-reindex: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -z "$binary" ]]; then
  bash scripts/setup.sh
  bash scripts/build.sh
  binary=$root/build/quifait
fi
binary=$(realpath "$binary")
if ! command -v wrk >/dev/null; then
  echo "load-during-reindex: installing wrk" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null ||
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/quifait-load-XXXXXX")
server_pid=""
loop_pid=""
cleanup() {
  [[ -n "$loop_pid" ]] && kill "$loop_pid" 2>/dev/null && wait "$loop_pid" 2>/dev/null
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The corpus copy, with one extra document that each round rewrites.
cp -r corpus "$work/corpus"
chmod -R u+w "$work/corpus"
python3 - "$work/corpus/corpus.json" <<'EOF'
import json, sys
path = sys.argv[1]
m = json.load(open(path, encoding="utf-8"))
m["documents"].append({"file": "reindex.txt", "org": "RELOAD", "org_name": "Service de rechargement",
                       "title": "Document réécrit à chaque reconstruction", "source": "load-during-reindex.sh",
                       "date": ""})
json.dump(m, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
# Round N: the unit "bureau <word>" and the unique word <word>, both letters only (zorg + base 26).
word_of() {
  local n=$1 w=""
  for _ in 1 2 3; do w=$(printf "\\x$(printf %x $((97 + n % 26)))")$w; n=$((n / 26)); done
  echo "zorg$w"
}
write_round() {
  local w
  w=$(word_of "$1")
  printf '# Article 1\n\nLe bureau %s assure la vérification des %s et la tenue du registre %s.\n\nLe bureau %s instruit les demandes de %s.\n' \
    "$w" "$w" "$w" "$w" "$w" >"$work/corpus/reindex.txt"
}
write_round 0
"$binary" index --quiet --corpus "$work/corpus" --db "$work/index"

# The server, on a free loopback port, as `quifait serve` starts by default.
"$binary" serve --db "$work/index" --port 0 --host 127.0.0.1 --quiet >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's#^quifait: listening on \(http://[^ ]*\)/$#\1#p' "$work/server.out" | head -1)
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "load-during-reindex: the server did not start" >&2; exit 1; }
  sleep 0.05
done
[[ -n "$url" ]] || { echo "load-during-reindex: the server did not print its URL" >&2; exit 1; }
echo "load-during-reindex: server $url (pid $server_pid), index $work/index, ${seconds}s at $connections connections" >&2

# Checks that the running server answers the question about round N's word with round N's unit.
switched_to() {
  local w body
  w=$(word_of "$1")
  body=$(curl -fsS --max-time 30 "$url/api/ask?q=qui+assure+la+v%C3%A9rification+des+$w" 2>/dev/null) || return 1
  # The first "name" of the answer is its first unit's (keys are sorted: evidence has none).
  # (grep, not python: under this load a python start-up takes seconds.)
  [[ "$(grep -o '"name":"[^"]*"' <<<"$body" | head -1)" == "\"name\":\"bureau $w\"" ]]
}
switched_to 0 || { echo "load-during-reindex: the first index does not answer as expected" >&2; exit 1; }

# The wrk script: a rotation of URLs (every other request with a word added to q, so that half
# the requests miss the response cache and really search), counting non-2xx responses itself.
python3 - "$work/load.lua" <<'EOF'
import sys, urllib.parse
q = urllib.parse.quote_plus
asks = ["Qui gère le parc immobilier ?", "qui soccupe du site web de linsee", "que comprend le secrétariat général ?",
        "de quel département dépend la division grands comptes ?", "qui assure la communication de crise ?",
        "quelles sont les missions du département de la diffusion", "qui gère <script>alert(1)</script> ?",
        "qui assure la vérification des registres ?", "qui g\u200fère la qualité des statistiques ?"]
searches = ["q=gestion", "q=ressources+humaines", "org=INSEE&q=diffusion", "page=2&q=qualit%C3%A9",
            "type=d%C3%A9partement&q=communication", "q=registre"]
suggests = ["dep", "serv", "dir", "communic", "ress hum", "zorg"]
paths = ["/api/ask?q=" + q(a) for a in asks] + ["/api/search?" + s for s in searches] \
    + ["/api/suggest?q=" + q(s) for s in suggests] + ["/api/units", "/healthz"]
lua = """-- generated by scripts/load-during-reindex.sh
local paths = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; counter = 0; offset = math.random(#paths) end
function request()
  counter = counter + 1
  local p = paths[(counter + offset) %% #paths + 1]
  -- q is the last parameter: every other request adds a number to it, so that it misses the
  -- server's response cache and really searches.
  if counter %% 2 == 0 and p:find("q=", 1, true) then p = p .. "+" .. counter end
  return wrk.format("GET", p)
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format("wrk: requests=%%d non2xx=%%d connect=%%d read=%%d write=%%d timeout=%%d p50=%%.2fms p99=%%.2fms\\n",
    summary.requests, n, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
""" % ", ".join('"%s"' % p for p in paths)
open(sys.argv[1], "w").write(lua)
EOF

# The rebuild loop, in the background while wrk runs.
(
  round=0 failed=0 not_switched=0
  deadline=$((SECONDS + seconds))
  while ((SECONDS + interval < deadline)); do
    sleep "$interval"
    round=$((round + 1))
    write_round "$round"
    start=$(date +%s.%N)
    if "$binary" index --quiet --corpus "$work/corpus" --db "$work/index" 2>>"$work/index.err"; then
      built=$(date +%s.%N)
      ok=0
      for _ in $(seq 1 50); do switched_to "$round" && { ok=1; break; }; sleep 0.1; done
      ((ok)) || not_switched=$((not_switched + 1))
      printf 'rebuild %d: index %.1fs, new answer seen after %.1fs: switched=%d\n' "$round" \
        "$(awk -v a="$start" -v b="$built" 'BEGIN { print b - a }')" \
        "$(awk -v a="$built" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" "$ok" >>"$work/rebuilds.log"
    else
      failed=$((failed + 1))
    fi
    echo "rounds=$round failed=$failed not_switched=$not_switched" >"$work/rebuilds.state"
  done
) &
loop_pid=$!

wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 10s --latency -s "$work/load.lua" "$url" >"$work/wrk.out" 2>&1 || true
wait "$loop_pid" || true
loop_pid=""
cat "$work/wrk.out" >&2
[[ -f "$work/rebuilds.log" ]] && cat "$work/rebuilds.log" >&2

line=$(grep '^wrk: requests=' "$work/wrk.out" || true)
if [[ -z "$line" ]]; then
  echo "load-during-reindex: wrk did not report" >&2
  exit 1
fi
requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$line")
errors=0
for k in connect read write timeout; do errors=$((errors + $(sed -n "s/.* $k=\([0-9]*\).*/\1/p" <<<"$line"))); done
state=$(cat "$work/rebuilds.state" 2>/dev/null || echo "rounds=0 failed=0 not_switched=0")
eval "$state"

# The server is still up, serves the last round's index, and stops cleanly.
final_ok=0
switched_to "$rounds" && final_ok=1
kill -TERM "$server_pid"
server_rc=0
wait "$server_pid" || server_rc=$?
server_pid=""

echo "requests=$requests rebuilds=$rounds rebuild_failures=$failed not_switched=$not_switched final_answer_switched=$final_ok server_exit=$server_rc"
echo "non2xx=$non2xx errors=$errors"
[[ -s "$work/index.err" ]] && { echo "index errors:" >&2; cat "$work/index.err" >&2; }
if ((non2xx == 0 && errors == 0 && failed == 0 && not_switched == 0 && rounds > 0 && final_ok == 1 && server_rc == 0)); then
  echo "load-during-reindex: OK"
else
  echo "load-during-reindex: FAILED" >&2
  exit 1
fi
