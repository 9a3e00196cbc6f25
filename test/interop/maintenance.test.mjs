// Table maintenance end to end: a table created through the REST catalog of
// `floe serve`, 1,000 tiny appends, `floe table compact` with a small target,
// checked with DuckDB over the current snapshot's data files (row counts and
// aggregates unchanged, files near the target size), then appends running
// while a compaction commits, all of which must survive.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { openDuckDB, queryJson } from './duck.mjs';
import { describeRun, makeTempDir, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { createTable, IOT_FIELDS, startServer } from './server.mjs';

let server;
let dir;
let warehouse;  // the table's folder
const TABLE = 'iot.readings';

const LOCATIONS = ['north', 'south'];

function rows(first, n) {
  let out = '';
  for (let i = first; i < first + n; i++) {
    out += JSON.stringify({
      sensor_id: `sensor-${i % 37}`,
      timestamp: 1_700_000_000_000 + i * 1000,
      location: LOCATIONS[i % 2],
      temperature: 20 + (i % 100) / 8,
      humidity: 40 + (i % 50) / 4,
      pressure: 1000 + (i % 30) / 2,
    }) + '\n';
  }
  return out;
}

before(async () => {
  // A thousand commits sync a thousand times; tmpfs keeps that fast, and
  // durability is not what this test is about.
  dir = existsSync('/dev/shm') ? await mkdtemp('/dev/shm/floe-maint-') : await makeTempDir('floe-maint-');
  server = await startServer(dir, ['--create-bucket', 'demo']);
  const created = await createTable(server.url, 'demo', 'iot', 'readings', IOT_FIELDS, {
    'spec-id': 0,
    fields: [{ 'source-id': 3, 'field-id': 1000, name: 'location', transform: 'identity' }],
  });
  warehouse = created.metadata.location;
});

after(async () => {
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

/** The current snapshot's live data files: [{path, bytes, records}]. */
async function dataFiles() {
  const r = await runFloeOk(['iceberg', 'files', warehouse]);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [p, ...kv] = line.split(' ');
      const f = Object.fromEntries(kv.map((s) => s.split('=')));
      return { path: p, bytes: Number(f.bytes), records: Number(f.records) };
    });
}

async function aggregates(files) {
  const conn = await openDuckDB();
  try {
    const list = files.map((f) => `'${f.path}'`).join(',');
    const [row] = await queryJson(
      conn,
      `SELECT count(*) AS n, sum(timestamp) AS ts, round(sum(temperature), 6) AS temp, round(sum(humidity), 6) AS hum,
              round(sum(pressure), 6) AS pres, count(DISTINCT sensor_id) AS sensors, count(DISTINCT location) AS locs,
              min(timestamp) AS first, max(timestamp) AS last
         FROM read_parquet([${list}])`,
    );
    // Each file holds one partition (location).
    const perFile = await queryJson(conn, `SELECT filename, count(DISTINCT location) AS locs FROM read_parquet([${list}], filename=true) GROUP BY filename`);
    for (const f of perFile) assert.equal(Number(f.locs), 1, `${f.filename} mixes partitions`);
    return row;
  } finally {
    conn.closeSync();
  }
}

async function append(first, n, perCommit) {
  const file = path.join(dir, `rows-${first}.ndjson`);
  await writeFile(file, rows(first, n));
  return runFloe(['table', 'append', TABLE, file, '--data', dir, '--rows-per-commit', String(perCommit)], { timeoutMs: 120_000 });
}

test('1,000 tiny appends compact into files near the target, rows and aggregates unchanged', async () => {
  const appended = await append(0, 20_000, 20);
  assert.equal(appended.code, 0, describeRun(['table', 'append'], appended));
  assert.deepEqual(JSON.parse(appended.stdout), { rows: 20_000, commits: 1000, invalidLines: 0 });
  const before = await dataFiles();
  assert.equal(before.length, 2000); // one file per location per append
  const expected = await aggregates(before);
  assert.equal(Number(expected.n), 20_000);

  const target = 0.02; // MiB: about 20 KB, so each partition's rows fill several files
  const args = ['table', 'compact', TABLE, '--data', dir, '--target-file-size-mb', String(target)];
  const r = await runFloe(args);
  assert.equal(r.code, 0, describeRun(args, r));
  const report = JSON.parse(r.stdout);
  assert.equal(report.kind, 'icebergCompaction');
  assert.equal(report.status, 'Successful');
  assert.equal(report.filesIn, 2000);
  assert.equal(report.rows, 20_000);
  assert.match(r.stderr, /compacted 2000 files/);

  const after = await dataFiles();
  assert.equal(after.length, report.filesOut);
  assert.ok(after.length >= 6 && after.length < 40, `${after.length} files`);
  assert.deepEqual(await aggregates(after), expected);
  // All but the last file of each partition are near the target.
  const targetBytes = target * 1024 * 1024;
  const sizes = after.map((f) => f.bytes).sort((a, b) => b - a);
  for (const s of sizes.slice(0, sizes.length - LOCATIONS.length)) {
    assert.ok(s >= 0.7 * targetBytes && s <= 1.3 * targetBytes, `file of ${s} bytes, target ${targetBytes}: ${sizes}`);
  }

  const again = await runFloeOk(args);
  assert.equal(JSON.parse(again.stdout).nothingToDo, true);
});

test('appends running during a compaction all survive', async () => {
  const before = await dataFiles();
  const base = await aggregates(before);
  // 100 commits of 10 rows race a compaction of the files they add.
  const appending = append(100_000, 1_000, 10);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const args = ['table', 'compact', TABLE, '--data', dir, '--target-file-size-mb', '0.02'];
  const compacted = await runFloe(args);
  const appended = await appending;
  assert.equal(appended.code, 0, describeRun(['table', 'append'], appended));
  assert.equal(JSON.parse(appended.stdout).commits, 100);
  // The compaction either committed on top of the appends or gave up cleanly.
  if (compacted.code !== 0) assert.match(compacted.stderr, /gave up, nothing changed/, describeRun(args, compacted));
  else assert.equal(JSON.parse(compacted.stdout).status, 'Successful');
  const now = await aggregates(await dataFiles());
  assert.equal(Number(now.n), Number(base.n) + 1_000);
  const conn = await openDuckDB();
  try {
    const [added] = await queryJson(conn, `SELECT sum(timestamp) AS ts FROM read_json_auto('${path.join(dir, 'rows-100000.ndjson')}')`);
    assert.equal(BigInt(now.ts), BigInt(base.ts) + BigInt(added.ts));
  } finally {
    conn.closeSync();
  }
});

test('expire and clean run on demand; unknown tables and buckets fail clearly', async () => {
  const expire = await runFloeOk(['table', 'expire', TABLE, '--data', dir, '--max-age-hours', '0', '--min-snapshots', '1']);
  const er = JSON.parse(expire.stdout);
  assert.equal(er.kind, 'icebergSnapshotManagement');
  assert.ok(er.snapshotsExpired > 1000, expire.stdout);
  const clean = await runFloeOk(['table', 'clean', TABLE, '--data', dir, '--older-than-days', '0']);
  assert.equal(JSON.parse(clean.stdout).kind, 'icebergUnreferencedFileRemoval');
  // The table still reads whole after both.
  assert.equal(Number((await aggregates(await dataFiles())).n), 21_000);

  const missing = await runFloe(['table', 'compact', 'iot.nope', '--data', dir]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /iot\.nope/);
  const badName = await runFloe(['table', 'expire', 'nodot', '--data', dir]);
  assert.equal(badName.code, 1);
  assert.match(badName.stderr, /NAMESPACE\.TABLE/);
  const noBucket = await runFloe(['table', 'clean', TABLE, '--data', dir, '--bucket', 'other']);
  assert.equal(noBucket.code, 1);
  const help = await runFloeOk(['table', 'compact', '--help']);
  assert.match(help.stdout, /--target-file-size-mb/);
});
