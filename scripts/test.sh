#!/usr/bin/env bash
# Sets up, builds and runs every test (Catch2 through CTest). Tests that read ../shared
# skip cleanly when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)"
