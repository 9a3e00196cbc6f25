#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run floe's
# main job — `floe up`, the reference pipeline (server, table bucket with
# firehosetos3demo.firehosetos3demo, delivery stream, IoT generator every
# minute, dashboard) on the embedded default in ./floe-data. Ctrl-C stops it.
# Arguments go to `floe up` (for example --port 9100 or --data DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/floe up "$@"
