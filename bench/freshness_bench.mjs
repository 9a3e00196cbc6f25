// Freshness: how long after PutRecordBatch acknowledges a record a SQL query
// on the server sees it, while build/bench/firehose_load drives the stream at
// a fixed rate (default 100,000 records/s). A probe puts one marked record
// every 100 ms and polls `SELECT count(*) ... WHERE sensor_id = <marker>`
// (POST /api/query) until it counts 1. Reported: p50/p99/max of ack → visible,
// with fresh reads (the default) and, for contrast, with snapshot_only
// (visible only once committed: the 5 MiB / 300 s buffer of the reference stream).
//
//   node bench/freshness_bench.mjs [--rate 100000] [--seconds 20] [--runs 3]

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { makeTempDir, REPO_ROOT, removeTempDir } from '../test/interop/floe.mjs';
import { createTable, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from '../test/interop/server.mjs';

const { values: opt } = parseArgs({
  options: {
    rate: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '4' },
  },
});
const LOAD = path.join(REPO_ROOT, 'build', 'bench', 'firehose_load');
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const median = (xs) => pct(xs, 0.5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function firehose(url, target, body) {
  const r = await httpJson(url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Firehose_20150804.${target}` },
    body,
  });
  if (r.status !== 200) throw new Error(`${target}: ${JSON.stringify(r.json)}`);
  return r.json;
}

async function oneRun(snapshotOnly) {
  const dir = await makeTempDir('floe-bench-fresh-');
  const server = await startServer(dir, ['--create-bucket', 'bench']);
  try {
    await createTable(server.url, 'bench', 'iot', 'readings', IOT_FIELDS);
    await firehose(server.url, 'CreateDeliveryStream', icebergStreamRequest('bench', 'bench', 'iot', 'readings', { size: 5, interval: 300 }));
    const seconds = Number(opt.seconds);
    const rate = Number(opt.rate);
    const load = spawn(LOAD, ['--url', server.url, '--stream', 'bench', '--records', String(rate * seconds), '--connections', opt.connections, '--rate', String(rate)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let loadOut = '';
    load.stdout.on('data', (d) => (loadOut += d));
    const loadDone = new Promise((r) => load.on('exit', r));
    await sleep(1000); // let the load reach its rate
    const latencies = [];
    const queryMs = [];
    let probe = 0;
    const end = Date.now() + (seconds - 2) * 1000;
    while (Date.now() < end) {
      const marker = `probe-${probe++}`;
      const data = Buffer.from(JSON.stringify({ sensor_id: marker, timestamp: 1764000000, location: 'probe', temperature: 1, humidity: 1, pressure: 1 })).toString('base64');
      await firehose(server.url, 'PutRecordBatch', { DeliveryStreamName: 'bench', Records: [{ Data: data }] });
      const acked = performance.now();
      for (;;) {
        const q0 = performance.now();
        const r = await httpJson(`${server.url}/api/query`, { method: 'POST', body: { sql: `SELECT count(*) FROM iot.readings WHERE sensor_id = '${marker}'`, snapshot_only: snapshotOnly } });
        queryMs.push(performance.now() - q0);
        if (r.status !== 200) throw new Error(JSON.stringify(r.json));
        if (r.json.rows[0][0] === 1) break;
        if (performance.now() - acked > 10_000) break; // not visible in 10 s: counted as 10 s
        await sleep(10);
      }
      latencies.push(performance.now() - acked);
      await sleep(100);
    }
    await loadDone;
    const loadStats = JSON.parse(loadOut);
    return { latencies, queryMs, loadRate: loadStats.records_per_s };
  } finally {
    await server.stop('SIGTERM');
    await removeTempDir(dir);
  }
}

const results = { fresh: [], snapshot: [] };
for (let i = 0; i < Number(opt.runs); i++) {
  for (const [key, snapshotOnly] of [['fresh', false], ['snapshot', true]]) {
    const r = await oneRun(snapshotOnly);
    results[key].push(r);
    console.error(`run ${i + 1} ${key}: ${r.latencies.length} probes, p50 ${pct(r.latencies, 0.5).toFixed(1)} ms, p99 ${pct(r.latencies, 0.99).toFixed(1)} ms, max ${Math.max(...r.latencies).toFixed(1)} ms; query p50 ${pct(r.queryMs, 0.5).toFixed(1)} ms; load ${Math.round(r.loadRate)} rec/s`);
  }
}
const summary = (runs) => ({
  p50_ms: median(runs.map((r) => pct(r.latencies, 0.5))),
  p99_ms: median(runs.map((r) => pct(r.latencies, 0.99))),
  max_ms: median(runs.map((r) => Math.max(...r.latencies))),
  query_p50_ms: median(runs.map((r) => pct(r.queryMs, 0.5))),
  load_records_per_s: median(runs.map((r) => r.loadRate)),
});
console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0].model}`, rate: Number(opt.rate), seconds: Number(opt.seconds), runs: Number(opt.runs), fresh: summary(results.fresh), snapshot_only: summary(results.snapshot) }, null, 2));
