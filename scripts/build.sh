#!/usr/bin/env bash
# Configures and builds floe (Release) into build/, leaving the binary at build/floe.
set -euo pipefail
cd "$(dirname "$0")/.."
# The dashboard embeds uPlot from node_modules at build time.
[ -f node_modules/uplot/dist/uPlot.iife.min.js ] || npm ci --no-audit --no-fund --loglevel=error >&2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
