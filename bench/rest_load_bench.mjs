// REST catalog loadTable throughput on loopback: starts `floe serve`, creates a
// table, then issues GET loadTable requests from N concurrent clients for a
// fixed time and prints requests/s and latency percentiles.
//
// Usage: node bench/rest_load_bench.mjs [--seconds S] [--clients N] [--bin PATH]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '8' },
    bin: { type: 'string', default: path.join(here, '..', 'build', 'floe') },
  },
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'floe-rest-bench-'));
const server = spawn(values.bin, ['serve', '--data', dir, '--port', '0', '--create-bucket', 'bench'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /^(\d+)\n/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  server.on('exit', (c) => reject(new Error(`floe serve exited ${c}`)));
});
const base = `http://127.0.0.1:${port}/iceberg/v1/bench`;
const post = (p, body) => fetch(base + p, { method: 'POST', body: JSON.stringify(body) });
await post('/namespaces', { namespace: ['ns'] });
await post('/namespaces/ns/tables', {
  name: 't',
  schema: { type: 'struct', fields: [{ id: 1, name: 'id', required: false, type: 'long' }] },
});
const deadline = performance.now() + Number(values.seconds) * 1000;
const latencies = [];
async function client() {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const r = await fetch(`${base}/namespaces/ns/tables/t`);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    latencies.push(performance.now() - t0);
  }
}
const start = performance.now();
await Promise.all(Array.from({ length: Number(values.clients) }, client));
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
console.log(`loadTable on loopback: ${latencies.length} requests in ${elapsed.toFixed(1)} s with ${values.clients} clients`);
console.log(`  ${(latencies.length / elapsed).toFixed(0)} requests/s, latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
