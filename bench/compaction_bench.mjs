// The compaction benchmark: floe's bin-pack compaction and DuckDB (one thread)
// doing the equivalent rewrite — COPY (SELECT * FROM read_parquet([...])) TO
// ... (FORMAT parquet) — over the same small files, in one run. Throughput is
// input megabytes (1e6 bytes of the small files) per second; floe's compactor
// is single-threaded, so its MB per CPU second is MB/s per core.
//
// Usage: node bench/compaction_bench.mjs [--files N] [--rows-per-file R] [--runs K] [--bin PATH]
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '200' },
    'rows-per-file': { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    bin: { type: 'string', default: path.join(here, '..', 'build', 'bench', 'compaction_bench') },
  },
});
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const floe = JSON.parse(
  execFileSync(values.bin, ['--files', values.files, '--rows-per-file', values['rows-per-file'], '--runs', values.runs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  }).toString(),
);

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const conn = await instance.connect();
const list = floe.inputs.map((f) => `'${f}'`).join(',');
const out = path.join(floe.dir, 'duckdb_compacted.parquet');
const duck = [];
for (let r = 0; r < Number(values.runs); r++) {
  const t0 = process.hrtime.bigint();
  await conn.run(`COPY (SELECT * FROM read_parquet([${list}])) TO '${out}' (FORMAT parquet)`);
  duck.push(Number(process.hrtime.bigint() - t0) / 1e9);
  process.stderr.write(`duckdb run ${r + 1}: ${duck.at(-1).toFixed(3)} s\n`);
}
const [{ n }] = (await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${out}')`)).getRowObjectsJson();
if (Number(n) !== floe.rows) throw new Error(`DuckDB wrote ${n} rows, floe ${floe.rows}`);
const duckBytes = statSync(out).size;
conn.closeSync();

const mb = floe.bytes_in / 1e6;
const duckMbs = mb / median(duck);
console.log(`Compaction benchmark: ${floe.files} files, ${floe.rows} rows, ${mb.toFixed(1)} MB in, ${values.runs} runs (medians), ${os.cpus()[0].model}`);
console.log(`floe   ${floe.mb_per_s.toFixed(1)} MB/s wall, ${floe.mb_per_cpu_s.toFixed(1)} MB/s per core (CPU ${floe.median_cpu_s.toFixed(3)} s, wall ${floe.median_wall_s.toFixed(3)} s), ${floe.files_out} files, ${(floe.bytes_out / 1e6).toFixed(1)} MB out`);
console.log(`DuckDB ${duckMbs.toFixed(1)} MB/s (1 thread, wall ${median(duck).toFixed(3)} s), 1 file, ${(duckBytes / 1e6).toFixed(1)} MB out`);
console.log(`floe/DuckDB ${(floe.mb_per_s / duckMbs).toFixed(2)} (wall), ${(floe.mb_per_cpu_s / duckMbs).toFixed(2)} (floe per CPU second)`);
rmSync(floe.dir, { recursive: true, force: true });
