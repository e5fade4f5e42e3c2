#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan + coverage) into build-fuzz/
# and runs each for SECONDS (default 60). New inputs go to build-fuzz/corpus/<target> (the seeds
# in fuzz/corpus/<target> are read, never written); a crash leaves its input in
# build-fuzz/artifacts/<target>/ and fails the run. Prints each target's exec count.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]        e.g. scripts/fuzz.sh 600    scripts/fuzz.sh 30 fuzz_ask
# Env: JOBS (build parallelism, default 2), FUZZ_BUILD_DIR (default build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
shift || true
all_targets=(fuzz_reader fuzz_manifest fuzz_analyzer fuzz_ask fuzz_query_string fuzz_filters fuzz_records)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${JOBS:-2}

bash scripts/setup-fuzz.sh
CC=clang CXX=clang++ cmake -S . -B "$build" -DQUIFAIT_BUILD_FUZZERS=ON -DQUIFAIT_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

# Per-target input size limit and extra dictionary.
max_len() {
  case "$1" in
    fuzz_reader | fuzz_filters) echo 16384 ;;
    fuzz_analyzer | fuzz_manifest) echo 4096 ;;
    *) echo 2048 ;;
  esac
}
extra_dict() {
  case "$1" in
    fuzz_query_string) echo fuzz/dict/query-string.dict ;;
    fuzz_manifest) echo fuzz/dict/manifest.dict ;;
  esac
}

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
summary=()
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  dict="$build/$t.dict"
  cat fuzz/dict/french-admin.dict $(extra_dict "$t") >"$dict"
  log="$build/$t.log"
  echo "fuzz: $t for ${seconds}s (log: $log)" >&2
  set +e
  "$build/fuzz/$t" "$work" "fuzz/corpus/$t" -dict="$dict" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len="$(max_len "$t")" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  line="$t: execs=${execs:-?} exec/s=${speed:-?} cov=${cov:-?} corpus=$(ls "$work" | wc -l)"
  if ((rc != 0)); then
    line+=" CRASH (exit $rc): $(ls -t "$artifacts" | head -1)"
    failed+=("$t")
    # What the process said when it died (an uncaught exception's "terminate called after throwing",
    # an invariant, a sanitizer report), without libFuzzer's progress lines.
    grep -vE '^#[0-9]+|^(INFO|MS|Done|stat)::?|^\s*$' "$log" | tail -40 >&2 || true
  fi
  echo "$line"
  summary+=("$line")
done

echo "----"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/artifacts/; replay: $build/fuzz/<target> <file>)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), no crash in ${seconds}s each"
