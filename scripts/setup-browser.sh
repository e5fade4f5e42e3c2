#!/usr/bin/env bash
# Installs, idempotently, what the end-to-end browser test (tests/e2e) needs: Debian's chromium,
# node and npm (an existing node/npm is accepted), and tests/e2e/node_modules from the committed
# package-lock.json (npm ci, only when node_modules is absent or older than the lock file).
# Usage: scripts/setup-browser.sh     then: node tests/e2e/browser.test.mjs
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup-browser: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup-browser: chromium, node and npm present" >&2
fi

e2e=tests/e2e
stamp="$e2e/node_modules/.package-lock.json"   # written by npm ci / npm install
if [[ ! -d "$e2e/node_modules/playwright-core" || ! -f "$stamp" || "$e2e/package-lock.json" -nt "$stamp" ]]; then
  echo "setup-browser: npm ci in $e2e" >&2
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "setup-browser: $e2e/node_modules up to date" >&2
fi
