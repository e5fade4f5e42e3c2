#!/usr/bin/env bash
# Installs, idempotently, every Debian package quifait needs to build, run and test.
# Usage: scripts/setup.sh   (the browser test's chromium + node: scripts/setup-browser.sh)
set -euo pipefail

packages=(g++ cmake make pkg-config libxapian-dev xapian-tools haproxy libicu-dev libhunspell-dev hunspell-fr libmythes-dev mythes-fr libxml2-dev pandoc poppler-utils libcpp-httplib-dev libbrotli-dev zlib1g-dev libssl-dev nlohmann-json3-dev catch2
          python3 curl)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from outside Debian on some machines: accept an existing node/npm.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null || filtered+=("$p") ;;
    npm) command -v npm >/dev/null || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
missing=("${filtered[@]}")

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all packages present" >&2
fi
