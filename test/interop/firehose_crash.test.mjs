// Crash safety of the delivery path: producers stream PutRecordBatch calls
// while `floe serve` is killed with SIGKILL at random moments (the stream
// delivers every tick, so kills land during WAL appends, Parquet writes and
// catalog commits alike) and restarted, many times over. At the end every
// acknowledged record is in the table exactly once, and no record at all
// appears twice.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';

import { makeTempDir, removeTempDir, runFloeOk } from './floe.mjs';
import { createTable, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from './server.mjs';

const ROUNDS = Number(process.env.FLOE_CRASH_ROUNDS || 8);
let dir;
after(async () => {
  if (dir) await removeTempDir(dir);
});

function put(url, ids) {
  const Records = ids.map((id) => ({
    Data: Buffer.from(JSON.stringify({ sensor_id: `s${id % 10}`, timestamp: id, location: 'lab', temperature: id % 50, humidity: 1, pressure: 2 })).toString('base64'),
  }));
  return fetch(url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecordBatch' },
    body: JSON.stringify({ DeliveryStreamName: 'crash', Records }),
  }).then((r) => r.json());
}

test(`every acknowledged record lands exactly once across ${ROUNDS} SIGKILLs`, { timeout: 240_000 }, async (t) => {
  dir = await makeTempDir('floe-crash-');
  let server = await startServer(dir, ['--create-bucket', 'demo']);
  await createTable(server.url, 'demo', 'iot', 'crash', IOT_FIELDS);
  const created = await httpJson(server.url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.CreateDeliveryStream' },
    body: icebergStreamRequest('crash', 'demo', 'iot', 'crash', { size: 1, interval: 0 }),
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));

  const acked = new Set();
  let next = 1;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) server = await startServer(dir);
    let alive = true;
    const producer = async () => {
      while (alive) {
        const ids = [];
        for (let i = 0; i < 100; i++) ids.push(next++);
        try {
          const out = await put(server.url, ids);
          out.RequestResponses.forEach((r, i) => {
            if (r.RecordId) acked.add(ids[i]);
          });
        } catch {
          return; // the server died mid-request: those records are unacknowledged
        }
      }
    };
    const producers = [producer(), producer(), producer(), producer()];
    await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 900)));
    await server.stop('SIGKILL');
    alive = false;
    await Promise.all(producers);
  }
  server = await startServer(dir);
  await server.stop('SIGTERM'); // a clean stop delivers what the restart replayed

  const scan = await runFloeOk(['iceberg', 'scan', path.join(dir, 'tables', 'demo', 'iot', 'crash')]);
  const counts = new Map();
  for (const line of scan.stdout.split('\n')) {
    if (!line) continue;
    const id = JSON.parse(line).timestamp;
    counts.set(id, (counts.get(id) || 0) + 1);
  }
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  assert.deepEqual(twice.slice(0, 10), [], `${twice.length} records appear more than once`);
  const missing = [...acked].filter((id) => !counts.has(id));
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged records are missing`);
  assert.ok(acked.size > 1000, `only ${acked.size} records were acknowledged`);
  t.diagnostic(`${acked.size} acknowledged, ${counts.size} in the table, ${next - 1} sent`);
});
