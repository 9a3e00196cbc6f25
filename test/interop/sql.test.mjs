// Differential test of `floe query` with DuckDB as the judge: an IoT table is
// built with floe's own CLI (four appends = four snapshots) and registered
// in the catalog through the REST API; every query of the corpus runs through
// `floe query --format csv` and through DuckDB over the table's data files
// (read_parquet), and the results must match (doubles within 1e-9 relative,
// row order compared only where ORDER BY fixes it).

import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { openDuckDB } from './duck.mjs';
import { makeTempDir, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { httpJson, IOT_FIELDS, startServer } from './server.mjs';

const TABLE = 'firehosetos3demo.firehosetos3demo';
let dir;
let duck;
let server;
let apiBase;
let totalRows = 0;

// A small deterministic generator (mulberry32), so failures reproduce.
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function iotRows(n, seed, t0) {
  const r = rng(seed);
  const locations = ['kitchen', 'garage', 'office', 'attic', 'basement'];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const sensor = Math.floor(r() * 20);
    rows.push({
      sensor_id: `sensor-${String(sensor).padStart(2, '0')}`,
      timestamp: t0 + i * 7 + Math.floor(r() * 5),
      location: locations[sensor % locations.length],
      temperature: r() < 0.03 ? null : Math.round((15 + r() * 20) * 100) / 100,
      humidity: Math.round((30 + r() * 50) * 10) / 10,
      pressure: r() < 0.02 ? null : Math.round((990 + r() * 40) * 10) / 10,
    });
  }
  return rows;
}

before(async () => {
  dir = await makeTempDir('floe-sql-');
  const data = path.join(dir, 'data');
  const location = path.join(data, 'tables', 'demo', 'firehosetos3demo', 'firehosetos3demo');
  const schema = { type: 'struct', 'schema-id': 0, fields: IOT_FIELDS };
  await writeFile(path.join(dir, 'schema.json'), JSON.stringify(schema));
  await runFloeOk(['iceberg', 'create', location, '--schema', path.join(dir, 'schema.json')]);
  // The last file spans several scan batches (the first 4K, 16K, then 64K rows).
  for (const [k, n] of [[0, 3000], [1, 2500], [2, 1500], [3, 90000]]) {
    const file = path.join(dir, `batch${k}.ndjson`);
    const rows = iotRows(n, 17 + k, 1700000000 + k * 30000);
    totalRows += rows.length;
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await runFloeOk(['iceberg', 'append', location, file]);
  }
  const hint = (await readFile(path.join(location, 'metadata', 'version-hint.text'), 'utf8')).trim();
  server = await startServer(data, ['--create-bucket', 'demo']);
  apiBase = server.url;
  const base = `${server.url}/iceberg/v1`;
  assert.equal((await httpJson(`${base}/demo/namespaces`, { method: 'POST', body: { namespace: ['firehosetos3demo'] } })).status, 200);
  const reg = await httpJson(`${base}/demo/namespaces/firehosetos3demo/register`, {
    method: 'POST',
    body: { name: 'firehosetos3demo', 'metadata-location': path.join(location, 'metadata', `${hint}.metadata.json`) },
  });
  assert.equal(reg.status, 200, JSON.stringify(reg.json));
  const files = (await readdir(path.join(location, 'data'))).filter((f) => f.endsWith('.parquet'));
  assert.equal(files.length, 4);
  duck = await openDuckDB({ threads: 2 });
  const list = files.map((f) => `'${path.join(location, 'data', f)}'`).join(', ');
  await duck.run(`CREATE VIEW readings AS SELECT * FROM read_parquet([${list}])`);
});

after(async () => {
  await server?.stop();
  duck?.closeSync?.();
  if (dir) await removeTempDir(dir);
});

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      row.push(field === '' && !wasQuoted ? null : field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n') {
      row.push(field === '' && !wasQuoted ? null : field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
    } else {
      field += c;
    }
  }
  return rows;
}

async function floeRows(sql) {
  const args = ['query', '--data', path.join(dir, 'data'), '--format', 'csv', sql];
  const r = await runFloe(args);
  assert.equal(r.code, 0, `floe query failed: ${r.stderr}\n${sql}`);
  const rows = parseCsv(r.stdout);
  return { header: rows[0], rows: rows.slice(1) };
}

function duckText(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\+00$/, '');
}

async function duckRows(sql) {
  const translated = sql.replaceAll(TABLE, 'readings').replace(/from_unixtime\(([^()]*)\)/g, 'to_timestamp($1)::TIMESTAMP');
  const reader = await duck.runAndReadAll(translated);
  return reader.getRowsJson().map((r) => r.map(duckText));
}

function sameCell(a, b) {
  if (a === null || b === null) return a === b;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) {
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return a === b;
}

function sortKey(row) {
  // Rounds numbers so rows that differ only in the last bits sort alike.
  return JSON.stringify(row.map((c) => (c !== null && Number.isFinite(Number(c)) ? Number(Number(c).toPrecision(10)) : c)));
}

async function compare(sql, { ordered }) {
  const f = await floeRows(sql);
  const d = await duckRows(sql);
  assert.equal(f.rows.length, d.length, `row count differs for\n${sql}`);
  let a = f.rows;
  let b = d;
  if (!ordered) {
    a = [...a].sort((x, y) => sortKey(x).localeCompare(sortKey(y)));
    b = [...b].sort((x, y) => sortKey(x).localeCompare(sortKey(y)));
  }
  for (let i = 0; i < a.length; i++) {
    assert.equal(a[i].length, b[i].length, `column count differs for\n${sql}`);
    for (let k = 0; k < a[i].length; k++) {
      assert.ok(sameCell(a[i][k], b[i][k]), `row ${i} column ${f.header[k]}: floe ${a[i][k]} vs DuckDB ${b[i][k]}\n${sql}`);
    }
  }
  return a.length;
}

// The reference pipeline's queries, verbatim. The first has no ORDER BY, so
// any 100 rows of the table are a right answer: each must exist in DuckDB's.
test('reference query: SELECT * LIMIT 100', async () => {
  const sql = `SELECT * FROM ${TABLE} LIMIT 100`;
  const f = await floeRows(sql);
  assert.deepEqual(f.header, ['sensor_id', 'timestamp', 'location', 'temperature', 'humidity', 'pressure']);
  assert.equal(f.rows.length, 100);
  const all = new Set((await duckRows(`SELECT * FROM ${TABLE}`)).map((r) => sortKey(r)));
  for (const row of f.rows) assert.ok(all.has(sortKey(row)), `floe returned a row DuckDB does not have: ${row}`);
});

const ordered = [
  `SELECT location, AVG(temperature) AS avg_temp, COUNT(*) AS readings FROM ${TABLE} GROUP BY location ORDER BY avg_temp DESC`,
  `SELECT sensor_id, location, temperature, from_unixtime(timestamp) AS reading_time FROM ${TABLE} WHERE temperature > 25 ORDER BY timestamp DESC LIMIT 50`,
  `SELECT sensor_id, location, COUNT(*) AS readings, AVG(temperature) AS avg_temp, MIN(temperature) AS min_temp, MAX(temperature) AS max_temp FROM ${TABLE} GROUP BY sensor_id, location ORDER BY sensor_id`,
  `SELECT count(*), count(temperature), sum(temperature), avg(humidity), min(pressure), max(pressure), stddev(temperature) FROM ${TABLE}`,
  `SELECT location, count(DISTINCT sensor_id), sum(timestamp % 1000) FROM ${TABLE} GROUP BY location ORDER BY location`,
  `SELECT date_trunc('hour', from_unixtime(timestamp)) AS h, count(*), round(avg(temperature), 6) FROM ${TABLE} GROUP BY h ORDER BY h`,
  `SELECT sensor_id, timestamp, temperature FROM ${TABLE} WHERE temperature IS NOT NULL ORDER BY temperature DESC, timestamp LIMIT 25`,
  `SELECT sensor_id, timestamp FROM ${TABLE} ORDER BY pressure NULLS FIRST, timestamp, sensor_id LIMIT 40`,
  `SELECT sensor_id, timestamp, pressure FROM ${TABLE} ORDER BY pressure DESC NULLS LAST, timestamp DESC LIMIT 10 OFFSET 5`,
  `SELECT location, count(*) AS n FROM ${TABLE} WHERE humidity BETWEEN 40 AND 60 AND location IN ('attic', 'garage', 'office') GROUP BY location HAVING count(*) > 10 ORDER BY n DESC, location`,
  `SELECT extract(hour FROM from_unixtime(timestamp)) AS hr, max(temperature) - min(temperature) FROM ${TABLE} GROUP BY 1 ORDER BY 1`,
  `SELECT CASE WHEN temperature > 30 THEN 'hot' WHEN temperature > 20 THEN 'warm' WHEN temperature IS NULL THEN 'unknown' ELSE 'cool' END AS band, count(*) FROM ${TABLE} GROUP BY band ORDER BY band`,
  `SELECT upper(location) || '-' || substr(sensor_id, 8) AS k, count(*) FROM ${TABLE} WHERE sensor_id LIKE 'sensor-1%' GROUP BY k ORDER BY k`,
  `SELECT count(*) FROM ${TABLE} WHERE NOT (temperature > 20 OR pressure < 1000)`,
  `SELECT count(*), count(pressure) FROM ${TABLE} WHERE location ILIKE '%A%' AND timestamp >= 1700030000`,
  `SELECT timestamp // 3600 AS hour_bucket, count(*), sum(CAST(humidity AS INTEGER)) FROM ${TABLE} GROUP BY hour_bucket ORDER BY hour_bucket LIMIT 5`,
  `WITH per AS (SELECT sensor_id, avg(temperature) AS t FROM ${TABLE} GROUP BY sensor_id) SELECT count(*), round(max(t), 9), round(min(t), 9) FROM per`,
  `SELECT a.location, count(*) FROM ${TABLE} a JOIN (SELECT DISTINCT location FROM ${TABLE} WHERE temperature > 34) b ON a.location = b.location GROUP BY a.location ORDER BY a.location`,
  `SELECT location, count(*) FROM ${TABLE} GROUP BY location UNION ALL SELECT 'total', count(*) FROM ${TABLE} ORDER BY 2 DESC, 1`,
  `SELECT round(temperature / 3, 2), abs(pressure - 1010), floor(humidity), ceil(humidity) FROM ${TABLE} ORDER BY timestamp, sensor_id LIMIT 30`,
  `SELECT sensor_id, count(*) FROM ${TABLE} WHERE temperature > (SELECT avg(temperature) + 2 * stddev(temperature) FROM ${TABLE}) GROUP BY sensor_id ORDER BY sensor_id`,
  `SELECT count(*), round(avg(humidity), 9) FROM ${TABLE} WHERE timestamp // 1000 IN (SELECT timestamp // 1000 FROM ${TABLE} WHERE pressure > 1029.8)`,
  `SELECT count(*) FROM ${TABLE} WHERE timestamp // 1000 NOT IN (SELECT timestamp // 1000 FROM ${TABLE} WHERE temperature > 34.8) AND EXISTS (SELECT 1 FROM ${TABLE} WHERE humidity > 79)`,
  `SELECT timestamp // 10000 FROM ${TABLE} WHERE temperature > 34.9 INTERSECT SELECT timestamp // 10000 FROM ${TABLE} WHERE pressure < 990.3 ORDER BY 1`,
  `SELECT timestamp // 3000 FROM ${TABLE} WHERE temperature > 34.5 EXCEPT SELECT timestamp // 3000 FROM ${TABLE} WHERE humidity > 79.9 ORDER BY 1`,
  `SELECT sensor_id FROM ${TABLE} WHERE temperature > 34.9 EXCEPT ALL SELECT sensor_id FROM ${TABLE} WHERE pressure > 1029.9 ORDER BY 1`,
  `SELECT count(*), count(a.k), count(b.k) FROM (SELECT DISTINCT timestamp // 5000 AS k FROM ${TABLE} WHERE temperature > 34.9) a FULL JOIN (SELECT DISTINCT timestamp // 5000 AS k FROM ${TABLE} WHERE pressure < 990.3) b ON a.k = b.k`,
  `SELECT b.k, count(a.k) FROM (SELECT timestamp // 20000 AS k FROM ${TABLE} WHERE temperature > 34.9) a RIGHT JOIN (SELECT DISTINCT timestamp // 20000 AS k FROM ${TABLE} WHERE humidity < 30.2) b ON a.k = b.k GROUP BY b.k ORDER BY b.k`,
  `SELECT sensor_id, timestamp, temperature FROM (SELECT *, row_number() OVER (PARTITION BY sensor_id ORDER BY timestamp DESC, humidity) AS rn FROM ${TABLE}) WHERE rn <= 2 ORDER BY sensor_id, timestamp, temperature`,
  `SELECT location, rank() OVER (ORDER BY count(*) DESC) AS r, dense_rank() OVER (ORDER BY location), count(*) FROM ${TABLE} GROUP BY location ORDER BY r, location`,
  `SELECT sensor_id, timestamp, timestamp - lag(timestamp) OVER (PARTITION BY sensor_id ORDER BY timestamp, humidity), lead(humidity, 2, -1.0) OVER (PARTITION BY sensor_id ORDER BY timestamp, humidity) FROM ${TABLE} WHERE temperature > 34.9 ORDER BY sensor_id, timestamp, humidity LIMIT 60`,
  `SELECT timestamp, sensor_id, round(sum(humidity) OVER (PARTITION BY location ORDER BY timestamp), 6), count(*) OVER (PARTITION BY location), round(avg(pressure) OVER (PARTITION BY sensor_id), 6) FROM ${TABLE} WHERE pressure > 1029.9 ORDER BY timestamp, sensor_id, humidity LIMIT 40`,
  `SELECT timestamp // 50000, location FROM ${TABLE} WHERE temperature > 34.9 UNION SELECT timestamp // 50000, location FROM ${TABLE} WHERE humidity < 30.1 ORDER BY 1, 2`,
];

const unordered = [
  `SELECT DISTINCT location FROM ${TABLE}`,
  `SELECT sensor_id, count(*) FROM ${TABLE} WHERE temperature < 16 GROUP BY sensor_id`,
  `SELECT location, sensor_id, min(timestamp), max(timestamp) FROM ${TABLE} GROUP BY location, sensor_id`,
];

test('query corpus matches DuckDB', async () => {
  let rows = 0;
  for (const sql of ordered) rows += await compare(sql, { ordered: true });
  for (const sql of unordered) rows += await compare(sql, { ordered: false });
  assert.ok(rows > 300, `the corpus compared only ${rows} rows`);
  const [[count]] = await duckRows(`SELECT count(*) FROM ${TABLE}`);
  assert.equal(Number(count), totalRows);
});

test('table output, footer on stderr, errors exit 1 with a caret', async () => {
  const ok = await runFloeOk(['query', '--data', path.join(dir, 'data'), `SELECT location, count(*) AS n FROM ${TABLE} GROUP BY location ORDER BY location`]);
  const lines = ok.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^location +\| +n$/);
  assert.match(lines[1], /^-+\+-+$/);
  assert.equal(lines.length, 2 + 5);
  assert.match(ok.stderr, /^\(5 rows, \d+\.\d{3} s\)\n$/);

  const bad = await runFloe(['query', '--data', path.join(dir, 'data'), `SELECT temprature FROM ${TABLE}`]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /Binder Error: column "temprature" not found; did you mean "temperature"\?/);
  assert.match(bad.stderr, /\nLINE 1: SELECT temprature FROM/);
  assert.match(bad.stderr, /\n {15}\^/);

  const json = await runFloeOk(['query', '--data', path.join(dir, 'data'), '--format', 'ndjson', `SELECT count(*) AS n, min(location) AS l FROM ${TABLE}`]);
  assert.deepEqual(JSON.parse(json.stdout), { n: totalRows, l: 'attic' });
});

test('POST /api/query returns columns with types, rows and stats', async () => {
  const post = (body) =>
    fetch(`${apiBase}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const res = await post({ sql: `SELECT location, count(*) AS n, avg(temperature) AS t FROM ${TABLE} GROUP BY location ORDER BY location` });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.columns, [
    { name: 'location', type: 'VARCHAR' },
    { name: 'n', type: 'BIGINT' },
    { name: 't', type: 'DOUBLE' },
  ]);
  const want = await duckRows(`SELECT location, count(*), avg(temperature) FROM ${TABLE} GROUP BY location ORDER BY location`);
  assert.equal(body.rows.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.equal(body.rows[i][0], want[i][0]);
    assert.equal(body.rows[i][1], Number(want[i][1]));
    assert.ok(sameCell(String(body.rows[i][2]), want[i][2]));
  }
  assert.equal(body.stats.rows, want.length);
  assert.equal(typeof body.stats.elapsed_ms, 'number');

  const bad = await post({ sql: 'SELECT * FROM firehosetos3demo.nope' });
  assert.equal(bad.status, 404);
  const err = await bad.json();
  assert.equal(err.error.type, 'CatalogError');
  assert.match(err.error.message, /table firehosetos3demo.nope does not exist in bucket demo/);
  const parse = await post({ sql: 'SELEC 1' });
  assert.equal(parse.status, 400);
  assert.equal((await parse.json()).error.type, 'ParserError');
  assert.equal((await post({ query: 'SELECT 1' })).status, 400);
});
