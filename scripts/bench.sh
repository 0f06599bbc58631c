#!/usr/bin/env bash
# Builds lambdex with the Google Benchmark micro-benchmarks (frame codec, API
# router, warm pool), runs them, then runs `lambdex bench` against every
# executor mode with the docker CLI baselines. Not run by CI.
#
#   scripts/bench.sh                 # micro-benchmarks + `lambdex bench --quick`
#   scripts/bench.sh --full          # the full-size `lambdex bench`
#   scripts/bench.sh -- --modes local --json out.json   # extra `lambdex bench` flags
#
# Results land in ${LAMBDEX_BENCH_OUT:-build-bench/results}: bench.txt,
# bench.json, bench.svg and microbench.json.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BUILD="${LAMBDEX_BENCH_BUILD_DIR:-${ROOT}/build-bench}"
readonly OUT="${LAMBDEX_BENCH_OUT:-${BUILD}/results}"

say() { printf '[bench] %s\n' "$*" >&2; }

quick=(--quick)
extra=()
while (($#)); do
  case "$1" in
    --full) quick=() ;;
    --) shift; extra=("$@"); break ;;
    *) extra+=("$1") ;;
  esac
  shift
done

say "building ${BUILD} (Release, LAMBDEX_BUILD_BENCH=ON)"
cmake -S "${ROOT}" -B "${BUILD}" -DCMAKE_BUILD_TYPE=Release -DLAMBDEX_BUILD_BENCH=ON >/dev/null
cmake --build "${BUILD}" -j "$(nproc)" --target lambdex lambdex-agent lambdex_microbench >/dev/null

mkdir -p "${OUT}"
say "micro-benchmarks"
"${BUILD}/bin/lambdex_microbench" --benchmark_out="${OUT}/microbench.json" \
  --benchmark_out_format=json

say "lambdex bench ${quick[*]} ${extra[*]}"
"${BUILD}/bin/lambdex" bench "${quick[@]}" --json "${OUT}/bench.json" --svg "${OUT}/bench.svg" \
  "${extra[@]}" | tee "${OUT}/bench.txt"
say "results in ${OUT} (open bench.svg in a browser)"
