#!/usr/bin/env bash
# Installs, idempotently, the Debian packages the benchmark needs (on top of scripts/setup.sh):
# wrk (HTTP load), PostgreSQL + contrib (unaccent) and SQLite for the baselines, matplotlib for
# the plot, valgrind for profiling.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/../scripts/setup.sh"
packages=(wrk postgresql postgresql-contrib sqlite3 python3 python3-matplotlib python3-psycopg2 valgrind time)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bench/setup: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "bench/setup: all packages present" >&2
fi
