#!/usr/bin/env bash
# Builds quifait and its tests with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/
# and runs the whole CTest suite there. Any sanitizer report fails the run (halt_on_error,
# -fno-sanitize-recover=undefined). Leak checking is on, with no suppressions.
# Usage: scripts/test-sanitize.sh [ctest args...]      (e.g. -R fault)
# Env: CXX (default g++), JOBS (default 2), BUILD_DIR (default build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${BUILD_DIR:-build-asan}
jobs=${JOBS:-2}
cmake -S . -B "$build" -DQUIFAIT_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      ${CXX:+-DCMAKE_CXX_COMPILER=$CXX} >/dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:detect_invalid_pointer_pairs=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
# The sanitized binaries are 2-3x slower; run tests two at a time on small machines.
ctest --output-on-failure -j "$jobs" --timeout 900 "$@"
echo "test-sanitize: the whole suite passed under ASan+UBSan (build dir: $build)"
