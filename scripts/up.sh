#!/usr/bin/env bash
# The README's first command: install what is missing, build, run floe's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo
build/floe --version
build/floe --help
