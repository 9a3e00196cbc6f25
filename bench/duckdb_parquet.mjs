// DuckDB side of the Parquet benchmark: single-threaded write time per codec
// and scan time of the sensor columns, for comparison with floe.
//
// Usage: node bench/duckdb_parquet.mjs --input FILE.parquet --outdir DIR --runs K [--read FILE]...
// Prints one JSON object on stdout:
//   {"rows":N,
//    "write":{"snappy":{"median_s":..,"runs_s":[..],"bytes":..},"zstd":{..}},
//    "read":{"<path>":{"median_s":..,"runs_s":[..],"sums":[t,h,p]}}}
// Progress goes to stderr.

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const CODECS = ['snappy', 'zstd'];

function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  process.stderr.write('usage: node bench/duckdb_parquet.mjs --input FILE.parquet --outdir DIR --runs K [--read FILE]...\n');
  process.exit(2);
}

function parseCli() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: 'string' },
        outdir: { type: 'string' },
        runs: { type: 'string' },
        read: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  if (values.help) usage();
  if (!values.input) usage('--input is required');
  if (!values.outdir) usage('--outdir is required');
  const runs = Number(values.runs ?? '');
  if (!Number.isInteger(runs) || runs < 1) usage('--runs must be a positive integer');
  // Paths are used as given, so read results are keyed the way the caller named them.
  return { input: values.input, outdir: values.outdir, runs, extra: values.read };
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;
const log = (msg) => process.stderr.write(`${msg}\n`);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, result };
}

async function main() {
  const { input, outdir, runs, extra } = parseCli();
  await mkdir(outdir, { recursive: true });

  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run('SET threads = 1');

  log(`loading ${input}`);
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${sqlString(input)})`);
  const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
  log(`loaded ${rows} rows`);

  const write = {};
  const written = [];
  for (const codec of CODECS) {
    const out = path.join(outdir, `duckdb_${codec}.parquet`);
    const runsS = [];
    for (let k = 0; k < runs; k++) {
      const { seconds } = await timed(() => conn.run(`COPY t TO ${sqlString(out)} (FORMAT parquet, COMPRESSION ${codec})`));
      runsS.push(seconds);
      log(`write ${codec} run ${k + 1}/${runs}: ${seconds.toFixed(3)} s`);
    }
    write[codec] = { median_s: median(runsS), runs_s: runsS, bytes: (await stat(out)).size };
    written.push(out);
  }

  const read = {};
  for (const file of [...written, ...extra]) {
    const sql = `SELECT sum(temperature), sum(humidity), sum(pressure) FROM read_parquet(${sqlString(file)})`;
    const runsS = [];
    let sums;
    for (let k = 0; k < runs; k++) {
      const { seconds, result } = await timed(async () => (await conn.runAndReadAll(sql)).getRows()[0]);
      runsS.push(seconds);
      sums = result.map((x) => (x === null ? null : Number(x)));
      log(`read ${path.basename(file)} run ${k + 1}/${runs}: ${seconds.toFixed(3)} s`);
    }
    read[file] = { median_s: median(runsS), runs_s: runsS, sums };
  }

  conn.closeSync();
  process.stdout.write(`${JSON.stringify({ rows, write, read })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
