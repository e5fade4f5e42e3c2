#!/usr/bin/env bash
# The main job: set up, build, index the bundled corpus into build/index, then serve the
# web page and the JSON API on http://127.0.0.1:8080/ (Ctrl-C stops the server).
# Environment: QUIFAIT_PORT (default 8080), QUIFAIT_HOST (default 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
build/quifait index --corpus corpus --db build/index
port="${QUIFAIT_PORT:-8080}"
host="${QUIFAIT_HOST:-127.0.0.1}"
echo "Serving the web page and the API; open the address below in a browser (Ctrl-C stops)." >&2
echo "Try: curl 'http://$host:$port/api/ask?q=qui+g%C3%A8re+le+parc+immobilier'" >&2
exec build/quifait serve --db build/index --host "$host" --port "$port"
