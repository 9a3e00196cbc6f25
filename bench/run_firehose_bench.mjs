// Firehose → Iceberg ingestion benchmark: starts `floe serve`, creates the
// seed IoT table and a delivery stream, then drives it with the C++ load
// generator (build/bench/firehose_load) over loopback:
//   1. full speed: records/s and MB/s acknowledged, and committed to Iceberg
//      (until the table's snapshot summary holds every record);
//   2. a fixed 100,000 records/s: PutRecordBatch p50/p99 latency;
// reporting floe's peak RSS, and, in the same run, DuckDB's
// COPY (SELECT * FROM read_json(…)) TO … (FORMAT parquet) rate on the same records.
//
//   node bench/run_firehose_bench.mjs [--records 2000000] [--connections 4] [--runs 3]

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';

import { DuckDBInstance } from '@duckdb/node-api';

import { makeTempDir, REPO_ROOT, removeTempDir } from '../test/interop/floe.mjs';
import { createTable, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from '../test/interop/server.mjs';

const run = promisify(execFile);
const { values: opt } = parseArgs({
  options: {
    records: { type: 'string', default: '2000000' },
    connections: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '100000' },
  },
});
const LOAD = path.join(REPO_ROOT, 'build', 'bench', 'firehose_load');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function peakRssMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function committedRows(url) {
  const r = await httpJson(`${url}/iceberg/v1/bench/namespaces/iot/tables/readings`);
  const md = r.json.metadata;
  const snap = md.snapshots?.find((s) => s['snapshot-id'] === md['current-snapshot-id']);
  return snap ? Number(snap.summary['total-records']) : 0;
}

async function load(url, records, extra = []) {
  const { stdout } = await run(LOAD, ['--url', url, '--stream', 'bench', '--records', String(records), '--connections', opt.connections, ...extra], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

async function floeRun() {
  const dir = await makeTempDir('floe-bench-firehose-');
  const server = await startServer(dir, ['--create-bucket', 'bench']);
  try {
    await createTable(server.url, 'bench', 'iot', 'readings', IOT_FIELDS);
    const created = await httpJson(server.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.CreateDeliveryStream' },
      body: icebergStreamRequest('bench', 'bench', 'iot', 'readings', { size: 64, interval: 1 }),
    });
    if (created.status !== 200) throw new Error(JSON.stringify(created.json));
    const n = Number(opt.records);
    const t0 = performance.now();
    const full = await load(server.url, n);
    while ((await committedRows(server.url)) < full.records) await new Promise((r) => setTimeout(r, 20));
    const committedSecs = (performance.now() - t0) / 1000;
    const paced = await load(server.url, Number(opt.rate) * 10, ['--rate', opt.rate]);
    const rss = peakRssMiB(server.proc.pid);
    return { full, paced, committedPerSec: full.records / committedSecs, committedMBps: (full.payload_mb_per_s * full.seconds) / committedSecs, rss };
  } finally {
    await server.stop('SIGTERM');
    await removeTempDir(dir);
  }
}

async function duckRun(records) {
  const dir = await makeTempDir('floe-bench-duck-');
  try {
    const lines = [];
    for (let i = 0; i < records; i++) {
      const s = (i % 10) + 1;
      lines.push(JSON.stringify({ sensor_id: `sensor_${String(s).padStart(3, '0')}`, timestamp: 1764000000 + (i % 100000), location: ['warehouse_a', 'warehouse_b', 'office_1', 'office_2'][s % 4], temperature: Math.round((15 + Math.random() * 15) * 100) / 100, humidity: Math.round((30 + Math.random() * 40) * 100) / 100, pressure: Math.round((990 + Math.random() * 40) * 100) / 100 }));
    }
    const file = path.join(dir, 'records.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('SET threads = 2');
    const t0 = performance.now();
    await c.run(`COPY (SELECT * FROM read_json('${file}', columns = {sensor_id: 'VARCHAR', timestamp: 'BIGINT', location: 'VARCHAR', temperature: 'DOUBLE', humidity: 'DOUBLE', pressure: 'DOUBLE'})) TO '${path.join(dir, 'out.parquet')}' (FORMAT parquet)`);
    const secs = (performance.now() - t0) / 1000;
    c.closeSync?.();
    return records / secs;
  } finally {
    await removeTempDir(dir);
  }
}

const runs = Number(opt.runs);
const floe = [];
const duck = [];
for (let i = 0; i < runs; i++) {
  floe.push(await floeRun());
  duck.push(await duckRun(Number(opt.records)));
  const f = floe.at(-1);
  console.error(`run ${i + 1}: floe ack ${Math.round(f.full.records_per_s)} rec/s, committed ${Math.round(f.committedPerSec)} rec/s; paced p99 ${f.paced.p99_ms} ms; rss ${f.rss.toFixed(0)} MiB; DuckDB COPY ${Math.round(duck.at(-1))} rec/s`);
}
const result = {
  machine: `${os.cpus().length} × ${os.cpus()[0].model}`,
  records: Number(opt.records),
  connections: Number(opt.connections),
  acked_records_per_s: median(floe.map((f) => f.full.records_per_s)),
  acked_payload_mb_per_s: median(floe.map((f) => f.full.payload_mb_per_s)),
  committed_records_per_s: median(floe.map((f) => f.committedPerSec)),
  committed_payload_mb_per_s: median(floe.map((f) => f.committedMBps)),
  full_speed_p50_ms: median(floe.map((f) => f.full.p50_ms)),
  full_speed_p99_ms: median(floe.map((f) => f.full.p99_ms)),
  paced_rate: Number(opt.rate),
  paced_p50_ms: median(floe.map((f) => f.paced.p50_ms)),
  paced_p99_ms: median(floe.map((f) => f.paced.p99_ms)),
  peak_rss_mib: Math.max(...floe.map((f) => f.rss)),
  duckdb_copy_records_per_s: median(duck),
};
result.committed_vs_duckdb = result.committed_records_per_s / result.duckdb_copy_records_per_s;
console.log(JSON.stringify(result, null, 2));
