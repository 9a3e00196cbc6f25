#!/usr/bin/env bash
# Builds the Parquet reader fuzzer with clang (libFuzzer + ASan + UBSan) and runs
# it for N seconds (default 30) from a seed corpus of files floe writes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFLOE_FUZZ=ON -DFLOE_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz --target parquet_reader_fuzzer -j "$(nproc)"

corpus=build-fuzz/corpus
mkdir -p "$corpus"
seed=$(mktemp -d)
trap 'rm -rf "$seed"' EXIT
cat >"$seed/schema.json" <<'JSON'
{"type":"struct","schema-id":0,"fields":[
 {"id":1,"name":"s","required":false,"type":"string"},
 {"id":2,"name":"l","required":true,"type":"long"},
 {"id":3,"name":"d","required":false,"type":"double"},
 {"id":4,"name":"b","required":false,"type":"boolean"},
 {"id":5,"name":"dec","required":false,"type":"decimal(20,2)"},
 {"id":6,"name":"ts","required":false,"type":"timestamptz"}]}
JSON
for i in $(seq 0 199); do
  if [ $((i % 9)) -eq 0 ]; then
    echo "{\"l\":$i}"
  else
    echo "{\"s\":\"v$((i % 13))\",\"l\":$((i * 7919)),\"d\":$i.5,\"b\":$([ $((i % 2)) -eq 0 ] && echo true || echo false),\"dec\":\"$i.25\",\"ts\":\"2024-01-01T00:00:0$((i % 10))Z\"}"
  fi
done >"$seed/rows.ndjson"
for codec in none snappy zstd gzip lz4_raw; do
  build/floe parquet convert "$seed/rows.ndjson" "$corpus/seed_$codec.parquet" --schema "$seed/schema.json" \
    --codec "$codec" --page-bytes 256 2>/dev/null
done
build/floe parquet convert "$seed/rows.ndjson" "$corpus/seed_plain.parquet" --schema "$seed/schema.json" \
  --codec none --no-dictionary 2>/dev/null

build-fuzz/src/floe/format/parquet/parquet_reader_fuzzer "$corpus" -max_total_time="$seconds" \
  -rss_limit_mb=3072 -max_len=16384 -print_final_stats=1 2>&1 | tail -n 15
