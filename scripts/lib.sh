# Shared set-up steps for scripts/run.sh and scripts/test.sh. Each step is
# idempotent and quick when its work is already done. Source, don't run.

readonly LAMBDEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly LAMBDEX_BUILD="${LAMBDEX_BUILD_DIR:-${LAMBDEX_ROOT}/build}"
readonly DOCKER_SOCK="/var/run/docker.sock"

say() { printf '[lambdex] %s\n' "$*"; }
die() { printf '[lambdex] error: %s\n' "$*" >&2; exit 1; }

readonly APT_PACKAGES=(
  build-essential cmake pkg-config file curl
  libboost1.81-dev libboost-json1.81-dev
  libprotobuf-dev protobuf-compiler
  libcxxopts-dev libspdlog-dev libarchive-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  docker.io debootstrap
  python3-boto3 python3-pytest awscli
)

ensure_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

docker_answers() {
  curl -sf --max-time 2 --unix-socket "${DOCKER_SOCK}" http://localhost/_ping >/dev/null 2>&1
}

# Starts dockerd in the background when no daemon answers. No bridge and no
# iptables: function containers use network "none" (or "host" if asked).
ensure_docker() {
  docker_answers && return 0
  command -v dockerd >/dev/null || die "dockerd not found (install docker.io)"
  say "no Docker daemon answers on ${DOCKER_SOCK}: starting dockerd --bridge=none --iptables=false (log: /var/log/lambdex-dockerd.log)"
  setsid nohup dockerd --bridge=none --iptables=false >/var/log/lambdex-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    docker_answers && { say "dockerd is up"; return 0; }
    sleep 0.5
  done
  tail -n 20 /var/log/lambdex-dockerd.log >&2 || true
  die "dockerd did not answer within 60 s"
}

build_lambdex() {
  local type="${1:-RelWithDebInfo}"
  if [[ ! -f "${LAMBDEX_BUILD}/CMakeCache.txt" ]]; then
    cmake -S "${LAMBDEX_ROOT}" -B "${LAMBDEX_BUILD}" -DCMAKE_BUILD_TYPE="${type}" >/dev/null
  fi
  say "building (${LAMBDEX_BUILD}, log: ${LAMBDEX_BUILD}/build.log)"
  if ! cmake --build "${LAMBDEX_BUILD}" -j "$(nproc)" >"${LAMBDEX_BUILD}/build.log" 2>&1; then
    grep -E -A5 'error' "${LAMBDEX_BUILD}/build.log" | head -n 60 >&2 || tail -n 40 "${LAMBDEX_BUILD}/build.log" >&2
    die "build failed"
  fi
}

build_images() {
  "${LAMBDEX_ROOT}/scripts/build-images.sh"
}
