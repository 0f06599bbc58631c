#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a
# while: FUZZ_SECONDS per target (default 60). Not part of CI. The libraries
# get coverage instrumentation only: clang 14 cannot build Asio coroutines
# with ASan ("Cannot represent a difference across sections"); the targets
# themselves run under ASan + UBSan.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
dir="${LAMBDEX_ROOT}/build-fuzz"
cmake -S "${LAMBDEX_ROOT}" -B "${dir}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DLAMBDEX_BUILD_FUZZ=ON -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
cmake --build "${dir}" -j "$(nproc)" --target fuzz_frame fuzz_api fuzz_zip
for target in fuzz_frame fuzz_api fuzz_zip; do
  corpus="${dir}/corpus/${target}"
  mkdir -p "${corpus}"
  say "fuzzing ${target} for ${FUZZ_SECONDS:-60} s"
  "${dir}/bin/${target}" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 "${corpus}"
done
