#!/usr/bin/env bash
# Sets up what the tests need (packages, Docker, images, the JS SDK), builds,
# and runs the whole suite through ctest: unit tests, then integration tests
# against the real Docker daemon and real clients.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $EUID -eq 0 ]] || die "run as root (it installs packages and may start dockerd)"
ensure_packages
ensure_docker
build_lambdex
build_images
say "running the test suite"
cd "${LAMBDEX_BUILD}"
ctest --output-on-failure --timeout 600 -j "$(nproc)" "$@"
