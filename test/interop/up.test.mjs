// `floe up`: the reference pipeline end to end. The built-in stack comes up,
// the generator sends through the Firehose API, a clean stop delivers the
// buffer, and the reference pipeline's four queries run verbatim.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';

import { makeTempDir, removeTempDir, runFloe } from './floe.mjs';
import { parsePrometheus } from './prometheus.mjs';
import { httpJson, startUp } from './server.mjs';

let dir;
after(async () => {
  if (dir) await removeTempDir(dir);
});

const QUERIES = [
  'SELECT * FROM firehosetos3demo.firehosetos3demo LIMIT 100',
  'SELECT location, AVG(temperature) AS avg_temp, COUNT(*) AS readings FROM firehosetos3demo.firehosetos3demo GROUP BY location ORDER BY avg_temp DESC',
  'SELECT sensor_id, location, temperature, from_unixtime(timestamp) AS reading_time FROM firehosetos3demo.firehosetos3demo WHERE temperature > 25 ORDER BY timestamp DESC LIMIT 50',
  'SELECT sensor_id, location, COUNT(*) AS readings, AVG(temperature) AS avg_temp, MIN(temperature) AS min_temp, MAX(temperature) AS max_temp FROM firehosetos3demo.firehosetos3demo GROUP BY sensor_id, location ORDER BY sensor_id',
];

test('floe up runs the reference pipeline and the four queries answer', { timeout: 120_000 }, async () => {
  dir = await makeTempDir('floe-up-');
  const up = await startUp(dir, ['--records', '1000', '--rate', '1000']);
  const url = up.url;
  const err = up.stderr();
  assert.match(err, /dashboard\s+http:\/\/127\.0\.0\.1:\d+\//);
  assert.match(err, /firehosetos3demo\.firehosetos3demo/);

  const d = await httpJson(url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.DescribeDeliveryStream' },
    body: { DeliveryStreamName: 'floe-demo-stream' },
  });
  assert.equal(d.status, 200);
  assert.deepEqual(d.json.DeliveryStreamDescription.Destinations[0].IcebergDestinationDescription.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
  const table = await httpJson(`${url}/iceberg/v1/floe-demo-tables/namespaces/firehosetos3demo/tables/firehosetos3demo`);
  assert.equal(table.status, 200);

  // The first invocation starts at once: wait for its 1,000 records to be acknowledged.
  const deadline = Date.now() + 30_000;
  let incoming = 0;
  while (Date.now() < deadline) {
    const m = await fetch(url + '/metrics').then((r) => r.text());
    const line = m.split('\n').find((l) => l.startsWith('floe_firehose_incoming_records_total{stream="floe-demo-stream"}'));
    incoming = line ? Number(line.split(' ').pop()) : 0;
    if (incoming >= 1000) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(incoming, 1000);
  // /metrics is valid exposition text, generator and delivery series included.
  const exposition = parsePrometheus(await fetch(url + '/metrics').then((r) => r.text()));
  assert.equal(exposition.types.get('floe_generator_invocations_total'), 'counter');
  assert.ok(exposition.samples.some((x) => x.name === 'floe_firehose_incoming_records_total'));

  // The four queries, verbatim, on the running server: the 1,000 records are
  // still in the 300 s buffer, and fresh reads see them.
  const fresh = [];
  for (const sql of QUERIES) {
    const r = await runFloe(['query', '--endpoint', url, '--format', 'json', sql]);
    assert.equal(r.code, 0, `${sql}\n${r.stderr}`);
    fresh.push(JSON.parse(r.stdout));
  }
  checkReferenceResults(fresh, 1000);

  // Ctrl-C: the 300 s buffer is delivered before exit.
  assert.equal((await up.stop('SIGINT')).code, 0, up.stderr());

  const count = await runFloe(['query', '--data', dir, '--format', 'json', 'SELECT COUNT(*) AS n, COUNT(DISTINCT sensor_id) AS sensors FROM firehosetos3demo.firehosetos3demo']);
  assert.equal(count.code, 0, count.stderr);
  assert.match(count.stdout, /"n":\s*1000/);
  assert.match(count.stdout, /"sensors":\s*10/);
  const results = [];
  for (const sql of QUERIES) {
    const r = await runFloe(['query', '--data', dir, '--format', 'json', sql]);
    assert.equal(r.code, 0, `${sql}\n${r.stderr}`);
    results.push(JSON.parse(r.stdout));
  }
  checkReferenceResults(results, 1000);
  // Valid records never reach the error bucket.
  const errors = await readdir(path.join(dir, 'buckets', 'floe-demo-errors'), { recursive: true }).catch(() => []);
  assert.deepEqual(errors.filter((f) => /iceberg-failed\/.+\/.+\/.+\/.+\/./.test(f)), []);
});

// The reference queries' answers make sense for `total` generated readings.
function checkReferenceResults([all, byLocation, alerts, bySensor], total) {
  assert.equal(all.length, Math.min(100, total));
  assert.deepEqual(Object.keys(all[0]), ['sensor_id', 'timestamp', 'location', 'temperature', 'humidity', 'pressure']);
  assert.deepEqual(byLocation.map((r) => r.location).sort(), ['office', 'warehouse']);
  assert.equal(byLocation.reduce((n, r) => n + r.readings, 0), total);
  assert.ok(byLocation[0].avg_temp >= byLocation[1].avg_temp, 'ordered by avg_temp DESC');
  assert.ok(alerts.length > 0 && alerts.length <= 50, `${alerts.length} alerts`);
  for (const a of alerts) assert.ok(a.temperature > 25);
  for (let i = 1; i < alerts.length; ++i) assert.ok(alerts[i - 1].reading_time >= alerts[i].reading_time, 'newest first');
  assert.equal(bySensor.length, 10);
  assert.deepEqual(bySensor.map((r) => r.sensor_id), [...bySensor.map((r) => r.sensor_id)].sort());
  assert.equal(bySensor.reduce((n, r) => n + r.readings, 0), total);
  for (const r of bySensor) assert.ok(r.min_temp <= r.avg_temp && r.avg_temp <= r.max_temp);
}

test('floe validate passes on a good setup and names the fix for a taken port', async () => {
  const net = await import('node:net');
  const d = await makeTempDir('floe-validate-');
  try {
    const ok = await runFloe(['validate', '--data', d, '--port', '39999']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^pass {2}data directory .* is writable$/m);
    assert.match(ok.stdout, /^pass {2}system clock is sane$/m);
    const busy = net.createServer();
    await new Promise((r) => busy.listen(0, '127.0.0.1', r));
    const port = busy.address().port;
    const bad = await runFloe(['validate', '--data', d, '--port', String(port)]);
    busy.close();
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, new RegExp(`^FAIL {2}port ${port} on 127\\.0\\.0\\.1 is free`, 'm'));
    assert.match(bad.stdout, /fix: stop what listens there/);
    assert.match(bad.stderr, /1 of 6 checks failed/);
  } finally {
    await removeTempDir(d);
  }
});
