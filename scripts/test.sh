#!/usr/bin/env bash
# Sets up, builds and runs every test through CTest: the Catch2 suite (library, CLI, HTTP
# API) and the end-to-end browser test of the web page (headless Debian chromium driven by
# playwright-core). Test data lives in tests/data; a missing file fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
bash scripts/build.sh
cd build
# The browser test must run here, not skip: a missing browser is a set-up failure.
QUIFAIT_REQUIRE_BROWSER=1 ctest --output-on-failure -j "$(nproc)"
