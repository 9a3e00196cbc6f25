#!/usr/bin/env bash
# Configures and builds floe (Release) into build/, leaving the binary at build/floe.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
