// The dashboard side of `floe serve`: /metrics parsed as Prometheus text, the
// dashboard page (all assets inline, the reference pipeline's widgets), the series
// API the page reads, table metrics from the catalog, and `floe generate`'s exit
// status when its records cannot be delivered.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { makeTempDir, removeTempDir, runFloe } from './floe.mjs';
import { parsePrometheus } from './prometheus.mjs';
import { createTable, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from './server.mjs';

let server;
let base;
let dir;

before(async () => {
  dir = await makeTempDir('floe-dashboard-');
  server = await startServer(dir, ['--create-bucket', 'demo']);
  base = server.url;
});

after(async () => {
  await server?.stop();
  if (dir) await removeTempDir(dir);
});


async function waitFor(check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('/metrics is Prometheus text and carries the table metrics of the catalog', async () => {
  await createTable(base, 'demo', 'sensors', 'readings', IOT_FIELDS);
  const table = 'demo/sensors/readings';
  const parsed = await waitFor(async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const p = parsePrometheus(await res.text());
    return p.samples.some((s) => s.name === 'floe_table_files' && s.labels.table === table) ? p : null;
  }, 'floe_table_files for the new table (the sampler runs every 5 s)');
  assert.equal(parsed.types.get('floe_table_files'), 'gauge');
  assert.equal(parsed.types.get('floe_table_storage_bytes'), 'gauge');
  assert.equal(parsed.types.get('floe_table_snapshots_total'), 'counter');
  assert.equal(parsed.types.get('floe_table_compactions_total'), 'counter');
  const files = parsed.samples.find((s) => s.name === 'floe_table_files' && s.labels.table === table);
  assert.equal(files.value, 0);  // created, nothing appended yet
  for (const [name, type] of parsed.types) {
    assert.match(name, /^floe_/);
    if (type === 'counter') assert.match(name, /_total$/);
    assert.ok(parsed.help.has(name), `HELP for ${name}`);
  }
});

test('the dashboard page embeds uPlot and shows the pipeline widgets', async () => {
  for (const path of ['/', '/dashboard']) {
    const res = await fetch(base + path);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    for (const title of [
      'Incoming records',
      'Delivery success and failure',
      'Data freshness',
      'Bytes delivered',
      'Generator invocations',
      'Generator errors',
      'Generator duration',
      'Table storage size',
      'Table file count',
      'Snapshot activity',
      'Compaction activity',
    ]) {
      assert.ok(html.includes(`title: "${title}"`), `widget ${title}`);
    }
    assert.ok(html.includes('var uPlot='), 'uPlot inlined');
    assert.ok(html.includes('.uplot'), 'uPlot stylesheet inlined');
    assert.ok(html.includes('/api/metrics/series') && html.includes('/api/query'));
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/i, 'no external scripts');
    assert.doesNotMatch(html, /<link[^>]*\shref=/i, 'no external stylesheets');
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import/i, 'no remote assets');
  }
});

test('/api/metrics/series gives aligned time series for the dashboard', async () => {
  const doc = await waitFor(async () => {
    const d = await (await fetch(`${base}/api/metrics/series?window=600`)).json();
    return d.series.some((s) => s.name === 'floe_table_files') ? d : null;
  }, 'a sample with the table metrics');
  assert.ok(doc.timestamps.length >= 1);
  for (const t of doc.timestamps) assert.ok(Math.abs(t - Date.now()) < 600_000);
  for (const s of doc.series) {
    assert.ok(['counter', 'gauge', 'histogram'].includes(s.type));
    for (const points of Object.values(s.values)) assert.equal(points.length, doc.timestamps.length);
  }
  const files = doc.series.find((s) => s.name === 'floe_table_files');
  assert.deepEqual(files.labels, { table: 'demo/sensors/readings' });
  const one = await (await fetch(`${base}/api/metrics/series?names=floe_table_files`)).json();
  assert.ok(one.series.every((s) => s.name === 'floe_table_files'));
  const bad = await fetch(`${base}/api/metrics/series?window=soon`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /window must be a positive number of seconds/);
});

test('POST / is not the dashboard', async () => {
  const res = await fetch(`${base}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' },
    body: '{}',
  });
  assert.doesNotMatch(res.headers.get('content-type') || '', /text\/html/);
});

test('floe generate fails with a clear error when the stream does not exist, and is quiet when piped', async () => {
  const r = await runFloe(['generate', '--endpoint', base, '--stream', 'no_such_stream', '--records', '20', '--rate', '0']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /floe: error: /);
  assert.doesNotMatch(r.stderr, /\r/, 'no progress line when stderr is not a terminal');
  const usage = await runFloe(['generate', '--endpoint', 'ftp://example.invalid', '--stream', 's']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /endpoint must start with http:\/\/ or https:\/\//);
});

test('floe generate sends the IoT readings through a delivery stream into the table', async () => {
  await createTable(base, 'demo', 'iot', 'readings', IOT_FIELDS);
  const created = await httpJson(`${base}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.CreateDeliveryStream' },
    body: icebergStreamRequest('iot-demo', 'demo', 'iot', 'readings', { size: 1, interval: 0 }),
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const args = ['generate', '--endpoint', base, '--stream', 'iot-demo', '--records', '1500', '--rate', '0', '--seed', '7'];
  const r = await runFloe(args);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'quiet when piped');
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.generated, 1500);
  assert.equal(summary.accepted, 1500);
  assert.equal(summary.failed, 0);

  const rows = await waitFor(async () => {
    const scan = await runFloe(['iceberg', 'scan', path.join(dir, 'tables', 'demo', 'iot', 'readings')]);
    const lines = scan.stdout.split('\n').filter(Boolean);
    return lines.length >= 1500 ? lines.map((l) => JSON.parse(l)) : null;
  }, '1,500 rows in demo/iot/readings');
  assert.equal(rows.length, 1500);
  assert.equal(new Set(rows.map((row) => row.sensor_id)).size, 10);
  assert.deepEqual([...new Set(rows.map((row) => row.location))].sort(), ['office', 'warehouse']);
  assert.ok(rows.some((row) => row.temperature > 25), 'spikes above 25 °C');
  for (const row of rows) {
    assert.ok(row.humidity >= 0 && row.humidity <= 100);
    assert.ok(row.pressure > 950 && row.pressure < 1060);
    assert.ok(Math.abs(row.timestamp - Date.now() / 1000) < 3600);
  }

  // The stream's counters and the table's gauges reach /metrics and the series.
  const parsed = await waitFor(async () => {
    const p = parsePrometheus(await (await fetch(`${base}/metrics`)).text());
    const files = p.samples.find((s) => s.name === 'floe_table_files' && s.labels.table === 'demo/iot/readings');
    return files && files.value > 0 ? p : null;
  }, 'floe_table_files > 0 for demo/iot/readings');
  const incoming = parsed.samples.find((s) => s.name === 'floe_firehose_incoming_records_total' && s.labels.stream === 'iot-demo');
  assert.equal(incoming?.value, 1500);
  const storage = parsed.samples.find((s) => s.name === 'floe_table_storage_bytes' && s.labels.table === 'demo/iot/readings');
  assert.ok(storage.value > 0);
  const doc = await (await fetch(`${base}/api/metrics/series?names=floe_table_storage_bytes,floe_firehose_incoming_records_total`)).json();
  const series = doc.series.find((s) => s.name === 'floe_table_storage_bytes' && s.labels.table === 'demo/iot/readings');
  assert.ok(series.values.value.some((v) => v > 0));
});
