// The query benchmark: floe and DuckDB on the same IoT table in one run.
// The table is built with floe's CLI (`floe iceberg create` + `append` of
// NDJSON chunks DuckDB generates); DuckDB then reads floe's data files with
// read_parquet. Both use 2 threads. Each query runs --runs times after one
// warm-up; floe's time is the engine time `floe query` reports (planning,
// scan and execution, not process start), DuckDB's the wall time of
// runAndReadAll in process. Prints medians and the floe/DuckDB ratio.
//
// Usage: node bench/query_bench.mjs [--rows N] [--runs K] [--dir DIR] [--bin PATH] [--build-only]
//        [--memory-limit MB]   floe's query memory limit (default 8192; DuckDB's is 80% of RAM)
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { IOT_FIELDS } from '../test/interop/server.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'floe-query-bench') },
    bin: { type: 'string', default: path.join(here, '..', 'build', 'floe') },
    'build-only': { type: 'boolean', default: false },
    // floe's query memory limit; DuckDB's default is 80% of RAM.
    'memory-limit': { type: 'string', default: '8192' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const location = path.join(values.dir, `iot_${rows}`);
const TABLE = `iceberg_scan('${location}')`;

const duckdb = await DuckDBInstance.create(':memory:', { threads: '2' });
const duck = await duckdb.connect();
await duck.run("SET TimeZone = 'UTC'");

// Builds the table once per row count; later runs reuse it (a complete build
// leaves a marker file).
const marker = path.join(values.dir, `iot_${rows}.complete`);
if (!existsSync(marker)) {
  rmSync(location, { recursive: true, force: true });
  mkdirSync(values.dir, { recursive: true });
  const schema = path.join(values.dir, 'schema.json');
  writeFileSync(schema, JSON.stringify({ type: 'struct', 'schema-id': 0, fields: IOT_FIELDS }));
  execFileSync(values.bin, ['iceberg', 'create', location, '--schema', schema], { stdio: 'inherit' });
  const chunk = 1_000_000;
  for (let from = 0; from < rows; from += chunk) {
    const n = Math.min(chunk, rows - from);
    const file = path.join(values.dir, 'chunk.ndjson');
    await duck.run(`COPY (
      SELECT 'sensor-' || lpad(CAST(hash(i) % 500 AS VARCHAR), 3, '0') AS sensor_id,
             1700000000 + i AS timestamp,
             ['kitchen', 'garage', 'office', 'attic', 'basement', 'lab', 'roof', 'cellar'][(hash(i) % 8)::BIGINT + 1] AS location,
             round(15 + (hash(i * 7) % 2000) / 100.0, 2) AS temperature,
             round(30 + (hash(i * 13) % 500) / 10.0, 1) AS humidity,
             round(990 + (hash(i * 17) % 400) / 10.0, 1) AS pressure
      FROM range(${from}, ${from + n}) t(i)) TO '${file}' (FORMAT json)`);
    execFileSync(values.bin, ['iceberg', 'append', location, file], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(file);
  }
  writeFileSync(marker, '');
}
if (values['build-only']) process.exit(0);
const files = readdirSync(path.join(location, 'data')).filter((f) => f.endsWith('.parquet'));
await duck.run(`CREATE VIEW readings AS SELECT * FROM read_parquet([${files.map((f) => `'${path.join(location, 'data', f)}'`).join(', ')}])`);

const queries = [
  ['select * limit 100', `SELECT * FROM T LIMIT 100`],
  ['avg temp by location', `SELECT location, AVG(temperature) AS avg_temp, COUNT(*) AS readings FROM T GROUP BY location ORDER BY avg_temp DESC`],
  ['alerts: temp > 25 top 50', `SELECT sensor_id, location, temperature, from_unixtime(timestamp) AS reading_time FROM T WHERE temperature > 25 ORDER BY timestamp DESC LIMIT 50`],
  ['per-sensor summary', `SELECT sensor_id, location, COUNT(*) AS readings, AVG(temperature) AS avg_temp, MIN(temperature) AS min_temp, MAX(temperature) AS max_temp FROM T GROUP BY sensor_id, location ORDER BY sensor_id`],
  ['filter-heavy count', `SELECT count(*), sum(humidity) FROM T WHERE temperature BETWEEN 20 AND 22 AND pressure > 1000 AND location IN ('lab', 'roof')`],
  ['group-by heavy (hour, sensor)', `SELECT timestamp // 3600 AS h, sensor_id, count(*), max(pressure) FROM T GROUP BY h, sensor_id ORDER BY h, sensor_id LIMIT 10`],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function floeOnce(sql) {
  const run = spawnSync(values.bin, ['query', '--threads', '2', '--memory-limit', values['memory-limit'], sql.replaceAll('FROM T', `FROM ${TABLE}`)], {
    stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26,
  });
  const r = run.stderr.toString();
  if (run.status !== 0) throw new Error(`floe query failed: ${r}`);
  const m = /\((\d+) rows?, ([\d.]+) s\)/.exec(r);
  if (!m) throw new Error(`no timing in floe's output: ${r}`);
  return Number(m[2]) * 1000;
}
async function duckOnce(sql) {
  const t = performance.now();
  await duck.runAndReadAll(sql.replaceAll('FROM T', 'FROM readings').replace(/from_unixtime\(([^()]*)\)/g, 'to_timestamp($1)::TIMESTAMP'));
  return performance.now() - t;
}

const lines = [];
const out = (...cols) => lines.push(cols.map((c, i) => String(c).padEnd(i === 0 ? 34 : 14)).join(''));
out(`query (${rows.toLocaleString('en-US')} rows, ${files.length} files)`, 'floe ms', 'DuckDB ms', 'floe/DuckDB');
for (const [name, sql] of queries) {
  floeOnce(sql);
  await duckOnce(sql);
  const f = [];
  const d = [];
  for (let k = 0; k < runs; k++) {
    f.push(floeOnce(sql));
    d.push(await duckOnce(sql));
  }
  out(name, median(f).toFixed(1), median(d).toFixed(1), (median(f) / median(d)).toFixed(2));
}
console.log(lines.join('\n'));
