#!/usr/bin/env bash
# Installs, idempotently, what the fuzzers need on top of scripts/setup.sh: Debian's clang and
# its runtime libraries (libFuzzer, ASan, UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
have_fuzzer() {
  command -v clang++ >/dev/null || return 1
  # libFuzzer's runtime ships in libclang-rt-<version>-dev.
  echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' |
    clang++ -x c++ -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null
}
if have_fuzzer; then
  echo "setup-fuzz: clang with libFuzzer present ($(clang++ --version | head -1))" >&2
  exit 0
fi
echo "setup-fuzz: installing clang libclang-rt-dev" >&2
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# libclang-rt-dev pulls the runtime of Debian's default clang (libclang-rt-14-dev on bookworm).
$SUDO apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
have_fuzzer || { echo "setup-fuzz: clang cannot link a libFuzzer target" >&2; exit 1; }
