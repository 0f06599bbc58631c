#!/usr/bin/env bash
# Sets up what lambdex needs (packages, Docker, images), builds it and runs
# `lambdex serve` on 127.0.0.1:4566 in the foreground. Extra arguments go to
# `lambdex serve` (e.g. --executor docker --port 4567).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $EUID -eq 0 ]] || die "run as root (it installs packages and may start dockerd)"
ensure_packages
ensure_docker
build_lambdex
build_images
say "starting lambdex serve $*"
exec "${LAMBDEX_BUILD}/bin/lambdex" serve "$@"
