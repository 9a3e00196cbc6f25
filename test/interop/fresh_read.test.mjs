// Fresh reads: records a delivery stream acknowledged are visible to SQL on
// the server (`floe query --endpoint`, POST /api/query) before they are
// committed, counted once after the commit, and hidden with --snapshot-only.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';

import { makeTempDir, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { createTable, firehoseClient, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from './server.mjs';

let server;
let dir;
let client;

before(async () => {
  dir = await makeTempDir('floe-fresh-');
  server = await startServer(dir, ['--create-bucket', 'demo']);
  await createTable(server.url, 'demo', 'iot', 'slow', IOT_FIELDS);
  await createTable(server.url, 'demo', 'iot', 'busy', IOT_FIELDS);
  client = await firehoseClient(server.url);
});

after(async () => {
  client?.destroy();
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

const enc = new TextEncoder();
const reading = (i) =>
  JSON.stringify({ sensor_id: `r-${i}`, timestamp: 1764000000 + i, location: i % 2 ? 'warehouse' : 'office', temperature: 20 + (i % 10), humidity: 40.5, pressure: 1013.25 });

async function put(stream, from, n) {
  const Records = [];
  for (let i = from; i < from + n; ++i) Records.push({ Data: enc.encode(reading(i)) });
  const r = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records }));
  assert.equal(r.FailedPutCount, 0);
}

async function sql(query, extra = {}) {
  const r = await httpJson(`${server.url}/api/query`, { method: 'POST', body: { sql: query, ...extra } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.rows;
}

async function floeCount(table, args = []) {
  const r = await runFloeOk(['query', '--endpoint', server.url, '--format', 'csv', ...args, `SELECT count(*) AS n, count(DISTINCT sensor_id) AS d FROM iot.${table}`]);
  const [n, d] = r.stdout.trim().split('\n')[1].split(',').map(Number);
  return { n, d };
}

test('acknowledged records are queryable before the buffer interval, and counted once after the commit', async () => {
  // A 900 s interval and 128 MiB: nothing is committed while the test looks.
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('slow', 'demo', 'iot', 'slow', { size: 128, interval: 900 })));
  await put('slow', 0, 500);
  const acked = Date.now();
  const fresh = await floeCount('slow');
  const visibleMs = Date.now() - acked;
  assert.deepEqual(fresh, { n: 500, d: 500 });
  assert.ok(visibleMs < 1000, `visible ${visibleMs} ms after the acknowledgement`);

  assert.deepEqual(await floeCount('slow', ['--snapshot-only']), { n: 0, d: 0 });
  assert.deepEqual(await sql('SELECT count(*) FROM iot.slow', { snapshot_only: true }), [[0]]);
  assert.deepEqual(await sql('SELECT count(*) FROM "iot"."slow$snapshots"'), [[0]]);
  // Filters, projections and aggregates run over the fresh rows like any others.
  assert.deepEqual(await sql("SELECT location, count(*) FROM iot.slow WHERE temperature >= 25 GROUP BY location ORDER BY location"), [['office', 100], ['warehouse', 150]]);
  assert.deepEqual(await sql("SELECT sensor_id, timestamp FROM iot.slow WHERE sensor_id = 'r-42'"), [['r-42', 1764000042]]);

  // EXPLAIN names the fresh rows.
  const plan = await sql('EXPLAIN SELECT count(*) FROM iot.slow');
  assert.match(JSON.stringify(plan), /FRESH rows=500/);

  // The session setting, through the shell reading stdin.
  const shell = await runFloe(['query', '--endpoint', server.url, '--format', 'csv'], {
    input: 'SELECT count(*) AS n FROM iot.slow;\nSET snapshot_only = true;\nSELECT count(*)\n  AS n FROM iot.slow;\n',
  });
  assert.equal(shell.code, 0, shell.stderr);
  assert.equal(shell.stdout, 'n\n500\nn\n0\n');

  // Deleting the stream delivers its buffer: one commit, the rows counted once.
  await put('slow', 500, 250);
  await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'slow' }));
  assert.deepEqual(await floeCount('slow'), { n: 750, d: 750 });
  assert.deepEqual(await floeCount('slow', ['--snapshot-only']), { n: 750, d: 750 });
});

test('no record is lost or doubled while commits land between queries', async () => {
  // Interval 0: the delivery thread commits whatever is buffered at every tick.
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('busy', 'demo', 'iot', 'busy', { size: 1, interval: 0 })));
  let total = 0;
  for (let round = 0; round < 40; ++round) {
    await put('busy', total, 100);
    total += 100;
    for (let q = 0; q < 2; ++q) {
      const [[n, d]] = await sql('SELECT count(*), count(DISTINCT sensor_id) FROM iot.busy');
      assert.deepEqual([n, d], [total, total], `round ${round}`);
    }
  }
  const [[snapshots]] = await sql('SELECT count(*) FROM "iot"."busy$snapshots"');
  assert.ok(snapshots >= 5, `${snapshots} commits happened during the test`);
  await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'busy' }));
  assert.deepEqual(await floeCount('busy', ['--snapshot-only']), { n: total, d: total });
});

test('floe query --endpoint explains what went wrong', async () => {
  let r = await runFloe(['query', '--endpoint', server.url, 'SELECT * FROM iot.nope']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /iot\.nope does not exist/);
  r = await runFloe(['query', '--endpoint', 'http://127.0.0.1:1', 'SELECT 1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot reach http:\/\/127\.0\.0\.1:1 .*floe serve/);
  r = await runFloe(['query', '--endpoint', 'localhost:9099', 'SELECT 1']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /must start with http:\/\//);
  r = await runFloe(['query', '--endpoint', server.url, '--data', dir, 'SELECT 1']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /excludes/);
});
