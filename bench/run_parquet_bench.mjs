// The Parquet benchmark: floe and DuckDB (one thread each) on the same 10M
// seed-IoT rows in one run. floe writes its files and an uncompressed input;
// DuckDB loads that input and writes its own; each then reads both sets.
// Prints a table of medians and the floe/DuckDB ratios.
//
// Usage: node bench/run_parquet_bench.mjs [--rows N] [--runs K] [--dir DIR] [--bin PATH]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'floe-parquet-bench') },
    bin: { type: 'string', default: path.join(here, '..', 'build', 'bench', 'parquet_bench') },
  },
});
mkdirSync(values.dir, { recursive: true });
const run = (cmd, args) =>
  JSON.parse(execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }).toString());

const floe = run(values.bin, ['--rows', values.rows, '--runs', values.runs, '--out', values.dir]);
const f = (codec) => path.join(values.dir, `floe_${codec}.parquet`);
const d = (codec) => path.join(values.dir, `duckdb_${codec}.parquet`);
const duck = run(process.execPath, [
  path.join(here, 'duckdb_parquet.mjs'), '--input', path.join(values.dir, 'input.parquet'),
  '--outdir', values.dir, '--runs', values.runs, '--read', f('snappy'), '--read', f('zstd'),
]);
const floeOnDuck = run(values.bin, ['--runs', values.runs, '--read', d('snappy'), '--read', d('zstd')]);

const rows = Number(values.rows);
const mrows = (s) => (rows / s / 1e6).toFixed(2);
const lines = [];
const out = (...cols) => lines.push(cols.map((c, i) => String(c).padEnd(i === 0 ? 48 : 14)).join(''));
out('measure', 'floe', 'DuckDB', 'floe/DuckDB');
for (const codec of ['snappy', 'zstd']) {
  const fw = floe.write[codec], dw = duck.write[codec];
  out(`write ${codec} (M rows/s)`, mrows(fw.median_s), mrows(dw.median_s), (dw.median_s / fw.median_s).toFixed(2));
  out(`write ${codec} (MB/s of file)`, (fw.bytes / fw.median_s / 1e6).toFixed(1), (dw.bytes / dw.median_s / 1e6).toFixed(1), '');
  out(`file size ${codec} (bytes)`, fw.bytes, dw.bytes, (fw.bytes / dw.bytes).toFixed(3));
}
for (const codec of ['snappy', 'zstd']) {
  for (const [label, file, floeRead] of [
    ['floe file', f(codec), floe.read[f(codec)]],
    ['DuckDB file', d(codec), floeOnDuck.read[d(codec)]],
  ]) {
    const dr = duck.read[file];
    const fr = floeRead.doubles_only;
    out(`read 3 doubles, ${label} ${codec} (M rows/s)`, mrows(fr.median_s), mrows(dr.median_s), (dr.median_s / fr.median_s).toFixed(2));
    out(`read all columns, ${label} ${codec} (M rows/s)`, mrows(floeRead.all_columns.median_s), '', '');
    const same = fr.sums.every((s, i) => Math.abs(s - dr.sums[i]) <= 1e-6 * Math.abs(s) + 1e-3);
    if (!same) throw new Error(`sums differ on ${file}: floe ${fr.sums} DuckDB ${dr.sums}`);
  }
}
console.log(`Parquet benchmark: ${rows} rows, ${values.runs} runs each (medians), one thread, ${os.cpus()[0].model}`);
console.log(lines.join('\n'));
console.log('Ratios above 1.0 mean floe is faster (throughput) or larger (file size).');
