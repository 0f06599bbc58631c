#!/usr/bin/env bash
# Builds lambdex's runtime images locally (no registry is reachable):
#   lambdex/base:bookworm   a debootstrap minbase root, imported as-is
#   lambdex/python:latest   images/python (Debian python3 + bootstrap)
#   lambdex/nodejs:latest   images/nodejs (Debian nodejs 18 + AWS's aws-lambda-ric)
#   lambdex/provided:latest images/provided (OS-only: execs the function's bootstrap)
# Idempotent: each image carries a label with the hash of its inputs and is
# rebuilt only when that hash changes. Needs root (debootstrap) and a daemon.
#
# Env: LAMBDEX_ROOTFS_CACHE (default /var/cache/lambdex), DEBIAN_MIRROR,
#      FORCE=1 to rebuild everything.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly IMAGES_DIR="${REPO_ROOT}/images"
readonly CACHE_DIR="${LAMBDEX_ROOTFS_CACHE:-/var/cache/lambdex}"
readonly MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly SUITE=bookworm
readonly HASH_LABEL=lambdex.inputs-hash
readonly FORCE="${FORCE:-0}"
REBUILT=0  # set when any image was (re)made

# The daemon has no bridge network; the legacy builder with --network host
# is what works here (the CLI may lack the buildx plugin).
export DOCKER_BUILDKIT=0

log() { printf '[build-images] %s\n' "$*"; }
die() { printf '[build-images] error: %s\n' "$*" >&2; exit 1; }

# Label value of an image, or empty when the image does not exist.
image_label() {
  local image="$1" label="$2"
  docker image inspect -f "{{index .Config.Labels \"${label}\"}}" "${image}" 2>/dev/null || true
}

# Hash of a directory's file list, sizes and mtimes: cheap, and it changes
# whenever the rootfs is rebuilt.
tree_fingerprint() {
  (cd "$1" && find . -xdev -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum | cut -d' ' -f1)
}

# Hash of a build context's content plus the id of its parent image, so a new
# base rebuilds everything above it.
context_hash() {
  local dir="$1" parent="$2" parent_id
  parent_id="$(docker image inspect -f '{{.Id}}' "${parent}")"
  {
    echo "parent ${parent_id}"
    (cd "${dir}" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
}

# Makes the debootstrap root unless a complete one is cached. Built under a
# temporary name and renamed at the end, so a half-made root is never reused.
ensure_rootfs() {
  local rootfs="${CACHE_DIR}/rootfs-${SUITE}"
  if [[ -d "${rootfs}" && "${FORCE}" != 1 ]]; then
    log "rootfs ${rootfs} cached"
    return
  fi
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  local tmp="${rootfs}.tmp.$$"
  mkdir -p "${CACHE_DIR}"
  rm -rf "${tmp}"
  # shellcheck disable=SC2064  # expand now: tmp is local
  trap "rm -rf '${tmp}'" EXIT
  log "debootstrap ${SUITE} into ${tmp} (a few minutes)…"
  debootstrap --variant=minbase "${SUITE}" "${tmp}" "${MIRROR}" >"${CACHE_DIR}/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see ${CACHE_DIR}/debootstrap.log"
  rm -rf "${rootfs}.old"
  [[ -d "${rootfs}" ]] && mv "${rootfs}" "${rootfs}.old"
  mv "${tmp}" "${rootfs}"
  rm -rf "${rootfs}.old"
  trap - EXIT
}

build_base() {
  local image=lambdex/base:bookworm
  ensure_rootfs
  local rootfs="${CACHE_DIR}/rootfs-${SUITE}" hash
  hash="$(tree_fingerprint "${rootfs}")"
  if [[ "$(image_label "${image}" "${HASH_LABEL}")" == "${hash}" && "${FORCE}" != 1 ]]; then
    log "${image} up to date"
    return
  fi
  log "${image}: importing ${rootfs}…"
  tar --numeric-owner -C "${rootfs}" -c . |
    docker import --change "LABEL ${HASH_LABEL}=${hash}" --change 'CMD ["/bin/bash"]' \
      - "${image}" >/dev/null
  REBUILT=1
  log "${image} imported"
}

# build_from_dir <image> <dir under images/> <parent image>
build_from_dir() {
  local image="$1" dir="${IMAGES_DIR}/$2" parent="$3" hash
  [[ -f "${dir}/Dockerfile" ]] || die "${dir}/Dockerfile missing"
  hash="$(context_hash "${dir}" "${parent}")"
  if [[ "$(image_label "${image}" "${HASH_LABEL}")" == "${hash}" && "${FORCE}" != 1 ]]; then
    log "${image} up to date"
    return
  fi
  log "${image}: building…"
  docker build --network host --label "${HASH_LABEL}=${hash}" -t "${image}" "${dir}" \
    >"/tmp/lambdex-build-$2.log" 2>&1 || {
    tail -n 30 "/tmp/lambdex-build-$2.log" >&2
    die "building ${image} failed; see /tmp/lambdex-build-$2.log"
  }
  REBUILT=1
  log "${image} built"
}

build_python() { build_from_dir lambdex/python:latest python lambdex/base:bookworm; }
# The tarball images/nodejs builds the Runtime Interface Client from, pinned in
# images/nodejs/aws-lambda-ric.pin and kept in its git-ignored vendor/. Fetched
# here, not in the build, so the build needs no registry but Debian's (and
# none of a proxy's TLS trust). npm when the host has it, else curl.
fetch_ric() {
  local dir="${IMAGES_DIR}/nodejs" RIC_VERSION RIC_SHA256
  # shellcheck source=/dev/null
  . "${dir}/aws-lambda-ric.pin"
  local name="aws-lambda-ric-${RIC_VERSION}.tgz"
  local tgz="${dir}/vendor/${name}"
  mkdir -p "${dir}/vendor"
  # Other versions would only bloat the context and change its hash.
  find "${dir}/vendor" -name 'aws-lambda-ric-*.tgz' ! -name "${name}" -delete
  if [[ -f "${tgz}" ]] && echo "${RIC_SHA256}  ${tgz}" | sha256sum -c --status -; then
    return
  fi
  log "fetching aws-lambda-ric@${RIC_VERSION}…"
  rm -f "${tgz}"
  if command -v npm >/dev/null; then
    (cd "${dir}/vendor" && npm pack --silent "aws-lambda-ric@${RIC_VERSION}" >/dev/null) ||
      die "npm pack aws-lambda-ric@${RIC_VERSION} failed"
  else
    curl -fsSL -o "${tgz}" "https://registry.npmjs.org/aws-lambda-ric/-/${name}" ||
      die "downloading ${name} failed"
  fi
  echo "${RIC_SHA256}  ${tgz}" | sha256sum -c --status - ||
    { rm -f "${tgz}"; die "${name}: sha256 differs from images/nodejs/aws-lambda-ric.pin"; }
}

build_nodejs() {
  fetch_ric
  build_from_dir lambdex/nodejs:latest nodejs lambdex/base:bookworm
}
build_provided() { build_from_dir lambdex/provided:latest provided lambdex/base:bookworm; }

main() {
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
    die "Docker daemon not reachable (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock})"
  local start=${SECONDS}
  build_base
  build_python
  build_nodejs
  build_provided
  # Rebuilds leave the previous versions untagged; drop those that are ours.
  if [[ "${REBUILT}" == 1 ]]; then
    docker image prune -f --filter "label=${HASH_LABEL}" >/dev/null
  fi
  log "done in $((SECONDS - start))s"
}

main "$@"
