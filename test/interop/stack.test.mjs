// Stack files: floe plan / apply / destroy / output against a running server,
// driven by the real CLI, checked through the AWS SDK and the REST catalog;
// and floe up --stack bringing a whole pipeline up from a file.

import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';

import { makeTempDir, removeTempDir, runFloe } from './floe.mjs';
import { firehoseClient, httpJson, startServer, startUp } from './server.mjs';

let server;
let dir;
let client;

before(async () => {
  dir = await makeTempDir('floe-stack-');
  server = await startServer(path.join(dir, 'data'));
  client = await firehoseClient(server.url);
});

after(async () => {
  client?.destroy();
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

function stackText({ size = 5, interval = 60, extraColumn = '', generator = true, records = 10000, rate = 200, schedule = 'rate(1 minute)' } = {}) {
  return `# test stack
stack: shop
tables:
  - namespace: sales
    name: orders
    schema:
      - {name: order_id, type: long, required: true}
      - {name: sku, type: string}
      - {name: amount, type: double}
${extraColumn}    partition:
      - {column: sku, transform: "bucket[4]"}
streams:
  - name: orders-stream
    tables: [sales.orders]
    buffering:
      size_mib: ${size}
      interval_seconds: ${interval}
${generator ? `generators:
  - name: shop-generator
    stream: orders-stream
    schedule: ${schedule}
    records: ${records}
    rate: ${rate}
` : ''}`;
}

async function writeStack(name, text) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

const floe = (args) => runFloe([...args, '--endpoint', server.url]);

test('apply creates the stack, a second apply changes nothing, plan agrees', async () => {
  const file = await writeStack('shop.yaml', stackText());
  let r = await floe(['plan', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\+\s+table bucket\s+shop-tables/);
  assert.match(r.stdout, /\+\s+table\s+sales\.orders: 3 columns, partitioned/);
  assert.match(r.stdout, /\+\s+delivery stream\s+orders-stream: 5 MiB \/ 60 s into sales\.orders/);
  assert.match(r.stdout, /Plan: 7 to create, 0 to update, 0 to delete, 0 unchanged\./);
  // Planning changed nothing.
  assert.equal((await httpJson(`${server.url}/iceberg/v1/shop-tables/namespaces/sales/tables/orders`)).status, 404);

  r = await floe(['apply', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Applied: 7 to create/);
  const t = await httpJson(`${server.url}/iceberg/v1/shop-tables/namespaces/sales/tables/orders`);
  assert.equal(t.status, 200);
  const schema = t.json.metadata.schemas[0];
  assert.deepEqual(schema.fields.map((f) => [f.id, f.name, f.type, f.required]), [[1, 'order_id', 'long', true], [2, 'sku', 'string', false], [3, 'amount', 'double', false]]);
  assert.equal(t.json.metadata['partition-specs'][0].fields[0].transform, 'bucket[4]');
  const d = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-stream' }));
  const dest = d.DeliveryStreamDescription.Destinations[0].IcebergDestinationDescription;
  assert.deepEqual(dest.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 60 });
  assert.equal(dest.S3DestinationDescription.BucketARN, 'arn:aws:s3:::shop-errors');

  for (const cmd of ['apply', 'plan']) {
    r = await floe([cmd, file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: 0 to create, 0 to update, 0 to delete, 7 unchanged\./);
  }

  // Another stack may not take over this one's stream: a conflict, nothing applied.
  const rival = await writeStack('rival.yaml', stackText({ generator: false }).replace('stack: shop', 'stack: rival'));
  r = await floe(['apply', rival]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nothing was applied.*\n.*delivery stream orders-stream: it belongs to stack shop/);
  assert.equal((await httpJson(`${server.url}/iceberg/v1/rival-tables/namespaces`)).status, 404);
});

test('a changed buffering hint is applied in place; a new optional column is added', async () => {
  const before = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-stream' }));
  const file = await writeStack('shop2.yaml', stackText({ size: 2, interval: 5, extraColumn: '      - {name: channel, type: string}\n' }));
  let r = await floe(['plan', file]);
  assert.match(r.stdout, /~\s+table\s+sales\.orders: add columns channel string/);
  assert.match(r.stdout, /~\s+delivery stream\s+orders-stream: buffering 5 MiB \/ 60 s, retry 300 s -> 2 MiB \/ 5 s, retry 300 s \(in place\)/);
  r = await floe(['apply', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Applied: 0 to create, 2 to update/);
  const after = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-stream' }));
  const dest = after.DeliveryStreamDescription.Destinations[0].IcebergDestinationDescription;
  assert.deepEqual(dest.BufferingHints, { SizeInMBs: 2, IntervalInSeconds: 5 });
  // In place: the same stream, not a new one.
  assert.deepEqual(after.DeliveryStreamDescription.CreateTimestamp, before.DeliveryStreamDescription.CreateTimestamp);
  const t = await httpJson(`${server.url}/iceberg/v1/shop-tables/namespaces/sales/tables/orders`);
  const current = t.json.metadata.schemas.find((s) => s['schema-id'] === t.json.metadata['current-schema-id']);
  assert.deepEqual(current.fields.map((f) => f.name), ['order_id', 'sku', 'amount', 'channel']);
  r = await floe(['apply', file]);
  assert.match(r.stdout, /0 to create, 0 to update, 0 to delete, 7 unchanged/);

  // Dropping a column is a conflict, and nothing is applied.
  const narrowed = await writeStack('shop3.yaml', stackText({ size: 3 }));
  r = await floe(['apply', narrowed]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nothing was applied.*\n.*table sales\.orders: the table has column channel string/);
  const still = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-stream' }));
  assert.equal(still.DeliveryStreamDescription.Destinations[0].IcebergDestinationDescription.BufferingHints.SizeInMBs, 2);
});

test('invalid stack files are rejected with the line and the key, before anything changes', async () => {
  const bad = stackText().replace('      interval_seconds: 60', '      interval_secs: 60');
  const file = await writeStack('bad.yaml', bad);
  const lineNo = bad.split('\n').findIndex((l) => l.includes('interval_secs')) + 1;
  for (const cmd of ['plan', 'apply']) {
    const r = await floe([cmd, file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`bad\\.yaml:${lineNo}:7: streams\\[0\\]\\.buffering: unknown key "interval_secs"; did you mean "interval_seconds"\\?`));
  }
  const v = await runFloe(['validate', '--data', path.join(dir, 'v'), '--port', '39998', '--stack', file]);
  assert.equal(v.code, 1);
  assert.match(v.stdout, new RegExp(`FAIL {2}stack file .*bad\\.yaml.*bad\\.yaml:${lineNo}:7`));
  const syntax = await writeStack('syntax.yaml', 'stack: shop\ntables:\n  - namespace: sales\n   name: x\n');
  const r = await floe(['apply', syntax]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /syntax\.yaml:4:\d+:/);
});

test('floe output prints the outputs; destroy asks for --yes, then removes the stack', async () => {
  let r = await floe(['output', 'dashboard_url']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${server.url}/\n`);
  r = await floe(['output', 'firehose_endpoint']);
  assert.equal(r.stdout, `${server.url}\n`);
  r = await floe(['output', '--json']);
  assert.equal(JSON.parse(r.stdout).table_bucket_arn, 'arn:aws:s3tables:us-east-1:000000000000:bucket/shop-tables');
  r = await floe(['output', 'nope']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no output named nope; outputs: dashboard_url/);

  const file = path.join(dir, 'shop2.yaml');
  r = await floe(['destroy', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--yes/);
  r = await floe(['destroy', file, '--dry-run']);
  assert.equal(r.code, 0);
  assert.equal((await httpJson(`${server.url}/iceberg/v1/shop-tables/namespaces/sales/tables/orders`)).status, 200);
  const changeLines = (out) => out.split('\n').filter((l) => l.startsWith('  '));
  const planned = changeLines(r.stdout);
  r = await floe(['destroy', file, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  // The dry run listed exactly what the destroy did.
  assert.deepEqual(changeLines(r.stdout), planned);
  assert.match(r.stdout, /-\s+delivery stream\s+orders-stream/);
  assert.match(r.stdout, /-\s+table bucket\s+shop-tables/);
  assert.equal((await httpJson(`${server.url}/iceberg/v1/shop-tables/namespaces/sales/tables/orders`)).status, 404);
  await assert.rejects(client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-stream' })), /not found/);
  r = await floe(['output']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no stack has been applied/);
  // And it can come back.
  r = await floe(['apply', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Applied: 7 to create/);
});

test('floe up --stack runs a pipeline from a file: generator rows arrive, the error bucket stays empty', { timeout: 120_000 }, async () => {
  const data = path.join(dir, 'up');
  // An invocation log from long ago: past the one-day retention, the first run deletes it.
  const logDir = path.join(data, 'logs', 'generators', 'shop-generator');
  await mkdir(logDir, { recursive: true });
  await writeFile(path.join(logDir, '2020-01-01.log'), '{}\n');
  const file = await writeStack('up.yaml', stackText({ records: 600, rate: 2000, interval: 1, size: 1 }).replace('order_id, type: long, required: true', 'order_id, type: long'));
  const up = await startUp(data, ['--stack', file]);
  try {
    const url = up.url;
    const err = up.stderr();
    assert.match(err, /stack shop/);
    assert.match(err, /generator\s+shop-generator: 600 records at 2000 records\/s, rate\(1 minute\)/);
    // The generator's first run starts at once; its records commit within about a second each.
    let n = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const r = await runFloe(['query', '--endpoint', url, '--format', 'csv', '--snapshot-only', 'SELECT count(*) FROM sales.orders']);
      n = Number(r.stdout.trim().split('\n')[1]);
      if (n >= 600) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    assert.equal(n, 600, up.stderr());
  } finally {
    await up.stop('SIGINT');
  }
  assert.equal((await up.exited).code, 0, up.stderr());
  const errors = await readdir(path.join(data, 'buckets', 'shop-errors'), { recursive: true }).catch(() => []);
  assert.deepEqual(errors.filter((f) => f.includes('iceberg-failed') && f.split('/').length > 5), []);
  const logs = await readdir(logDir);
  assert.equal(logs.length, 1);
  assert.notEqual(logs[0], '2020-01-01.log');
  assert.match(logs[0], /^\d{4}-\d{2}-\d{2}\.log$/);
});
