#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every
# test: unit tests (CTest), interop tests against independent readers (node's
# test runner with DuckDB and hyparquet from npm), and a short fuzz run of the
# Parquet reader under ASan/UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
npm ci --no-audit --no-fund --loglevel=error >&2

status=0
echo "== unit tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" || status=1

echo "== interop tests (node --test)"
node --test --test-concurrency=2 test/interop/ || status=1

echo "== fuzz smoke run of the Parquet reader (libFuzzer, ASan/UBSan)"
scripts/fuzz.sh "${FLOE_FUZZ_SECONDS:-30}" || status=1

if [ $status -eq 0 ]; then echo "all test suites passed"; else echo "some test suites FAILED"; fi
exit $status
