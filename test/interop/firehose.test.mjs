// The Firehose API of `floe serve`, driven by the real clients: the AWS SDK
// for JavaScript v3 (@aws-sdk/client-firehose), Debian's AWS CLI and boto3.
// Records go in through PutRecord/PutRecordBatch and are read back from the
// Iceberg table (floe iceberg scan) and the error bucket.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';

import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  TagDeliveryStreamCommand,
} from '@aws-sdk/client-firehose';

import { makeTempDir, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { createTable, httpJson, icebergStreamRequest, IOT_FIELDS, startServer } from './server.mjs';

const run = promisify(execFile);
const AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

let server;
let dir;
let client;

before(async () => {
  dir = await makeTempDir('floe-firehose-');
  server = await startServer(dir, ['--create-bucket', 'demo']);
  await createTable(server.url, 'demo', 'iot', 'readings', IOT_FIELDS);
  client = new FirehoseClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});

after(async () => {
  client?.destroy();
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

const enc = new TextEncoder();
const reading = (i, extra = {}) =>
  JSON.stringify({ sensor_id: `sensor_${String(i % 10).padStart(3, '0')}`, timestamp: 1764000000 + i, location: i % 2 ? 'warehouse' : 'office', temperature: 20 + (i % 10), humidity: 40.5, pressure: 1013.25, ...extra });

async function tableRows(table = 'readings') {
  const r = await runFloeOk(['iceberg', 'scan', path.join(dir, 'tables', 'demo', 'iot', table)]);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function waitForRows(n, table) {
  const deadline = Date.now() + 15_000;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await tableRows(table);
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return rows;
}

async function errorLines(bucket = 'errors') {
  const root = path.join(dir, 'buckets', bucket);
  if (!existsSync(root)) return [];
  const out = [];
  for (const f of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const p = path.join(f.parentPath ?? f.path, f.name);
    for (const l of (await readFile(p, 'utf8')).split('\n').filter(Boolean)) out.push({ key: path.relative(root, p), ...JSON.parse(l) });
  }
  return out;
}

test('the JS SDK creates, describes, lists, tags and deletes a stream', async () => {
  const created = await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('sdk-lifecycle', 'demo', 'iot', 'readings')));
  assert.equal(created.DeliveryStreamARN, 'arn:aws:firehose:us-east-1:000000000000:deliverystream/sdk-lifecycle');
  const d = (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-lifecycle' }))).DeliveryStreamDescription;
  assert.equal(d.DeliveryStreamStatus, 'ACTIVE');
  assert.equal(d.DeliveryStreamType, 'DirectPut');
  assert.equal(d.VersionId, '1');
  assert.ok(d.CreateTimestamp instanceof Date);
  assert.equal(d.HasMoreDestinations, false);
  const ice = d.Destinations[0].IcebergDestinationDescription;
  assert.equal(d.Destinations[0].DestinationId, 'destinationId-000000000001');
  assert.deepEqual(ice.DestinationTableConfigurationList, [{ DestinationDatabaseName: 'iot', DestinationTableName: 'readings' }]);
  assert.equal(ice.S3DestinationDescription.BucketARN, 'arn:aws:s3:::errors');
  assert.equal(ice.S3DestinationDescription.CompressionFormat, 'UNCOMPRESSED');
  assert.deepEqual(ice.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 0 });

  await assert.rejects(client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('sdk-lifecycle', 'demo', 'iot', 'readings'))), { name: 'ResourceInUseException' });
  await assert.rejects(client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('no-table', 'demo', 'iot', 'missing'))), (e) => e.name === 'InvalidArgumentException' && /does not exist/.test(e.message));
  const bad = icebergStreamRequest('bad-hints', 'demo', 'iot', 'readings', { size: 500 });
  await assert.rejects(client.send(new CreateDeliveryStreamCommand(bad)), (e) => e.name === 'InvalidArgumentException' && /SizeInMBs/.test(e.message));

  await client.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'sdk-lifecycle', Tags: [{ Key: 'team', Value: 'iot' }] }));
  const tags = await client.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'sdk-lifecycle' }));
  assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'iot' }]);

  const list = await client.send(new ListDeliveryStreamsCommand({ Limit: 10 }));
  assert.ok(list.DeliveryStreamNames.includes('sdk-lifecycle'));
  assert.equal(list.HasMoreDeliveryStreams, false);

  await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'sdk-lifecycle' }));
  await assert.rejects(client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-lifecycle' })), (e) => e.name === 'ResourceNotFoundException' && e.message === 'Firehose sdk-lifecycle under account 000000000000 not found.');
});

test('PutRecordBatch delivers good records to Iceberg and bad ones to the error bucket', async () => {
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('sdk-put', 'demo', 'iot', 'readings')));
  const records = [];
  for (let i = 0; i < 200; i++) records.push({ Data: enc.encode(reading(i)) });
  records.push({ Data: enc.encode('{"sensor_id": "bad", "temperature": "hot"}') });
  records.push({ Data: enc.encode('not json at all') });
  records.push({ Data: enc.encode('[1,2,3]') });
  const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-put', Records: records }));
  assert.equal(out.FailedPutCount, 0);
  assert.equal(out.Encrypted, false);
  assert.equal(out.RequestResponses.length, 203);
  for (const r of out.RequestResponses) assert.ok(r.RecordId.length > 20);
  const one = await client.send(new PutRecordCommand({ DeliveryStreamName: 'sdk-put', Record: { Data: enc.encode(reading(1000)) } }));
  assert.ok(one.RecordId);

  const rows = await waitForRows(201);
  assert.equal(rows.length, 201);
  const got = rows.find((r) => r.timestamp === 1764000007);
  assert.deepEqual(got, { sensor_id: 'sensor_007', timestamp: 1764000007, location: 'warehouse', temperature: 27, humidity: 40.5, pressure: 1013.25 });

  const errors = await errorLines();
  assert.equal(errors.length, 3);
  assert.match(errors[0].key, /^errors\/iceberg-failed\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/sdk-put-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/);
  const byRaw = Object.fromEntries(errors.map((e) => [Buffer.from(e.rawData, 'base64').toString(), e]));
  assert.equal(byRaw['{"sensor_id": "bad", "temperature": "hot"}'].errorCode, 'Iceberg.InvalidColumnValue');
  assert.equal(byRaw['not json at all'].errorCode, 'Iceberg.InvalidJson');
  assert.equal(byRaw['[1,2,3]'].errorCode, 'Iceberg.InvalidJson');
  for (const e of errors) {
    assert.equal(e.attemptsMade, 1);
    assert.ok(e.arrivalTimestamp > 1.7e12 && e.attemptEndingTimestamp >= e.arrivalTimestamp);
    assert.equal(e.destinationDatabaseName, 'iot');
    assert.equal(e.destinationTableName, 'readings');
    assert.ok(e.errorMessage.length > 0);
  }
  await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'sdk-put' }));
});

async function firehoseRaw(target, body) {
  return httpJson(server.url + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Firehose_20150804.${target}` },
    body,
  });
}

test('bad requests get the AWS error shape and change nothing', async () => {
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('raw-errors', 'demo', 'iot', 'readings')));
  const data = Buffer.from(reading(1)).toString('base64');
  let r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'raw-errors', Records: Array(501).fill({ Data: data }) });
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'ValidationException');
  assert.match(r.json.message, /less than or equal to 500/);
  r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'raw-errors', Records: [] });
  assert.equal(r.json.__type, 'ValidationException');
  const big = Buffer.alloc(1024001, 'a').toString('base64');
  r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'raw-errors', Records: [{ Data: data }, { Data: big }] });
  assert.equal(r.json.__type, 'ValidationException');
  assert.match(r.json.message, /records\.2\.member\.data/);
  const nearly = Buffer.alloc(1000000, 'a').toString('base64');
  r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'raw-errors', Records: Array(5).fill({ Data: nearly }) });
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'InvalidArgumentException');
  assert.equal(r.json.message, 'Records size exceeds 4 MB limit');
  r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'raw-errors', Records: [{ Data: '***' }] });
  assert.equal(r.json.__type, 'SerializationException');
  r = await firehoseRaw('PutRecordBatch', '{"DeliveryStreamName": ');
  assert.equal(r.json.__type, 'SerializationException');
  r = await firehoseRaw('PutRecordBatch', { DeliveryStreamName: 'nope', Records: [{ Data: data }] });
  assert.equal(r.status, 400);
  assert.equal(r.json.__type, 'ResourceNotFoundException');
  assert.equal(r.json.message, 'Firehose nope under account 000000000000 not found.');
  r = await firehoseRaw('Bogus', {});
  assert.equal(r.json.__type, 'UnknownOperationException');
  assert.ok(r.headers.get('x-amzn-requestid'));
  // None of it reached the table.
  await new Promise((res) => setTimeout(res, 300));
  const d = await firehoseRaw('DescribeDeliveryStream', { DeliveryStreamName: 'raw-errors' });
  assert.equal(d.status, 200);
  await client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'raw-errors' }));
});

test('the AWS CLI and boto3 put records', async () => {
  await createTable(server.url, 'demo', 'iot', 'cli', IOT_FIELDS);
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('cli-stream', 'demo', 'iot', 'cli')));
  const records = [];
  for (let i = 0; i < 20; i++) records.push({ Data: reading(i) });
  const file = path.join(dir, 'records.json');
  await writeFile(file, JSON.stringify(records));
  const cli = await run(AWS, ['firehose', 'put-record-batch', '--endpoint-url', server.url, '--delivery-stream-name', 'cli-stream', '--cli-binary-format', 'raw-in-base64-out', '--records', `file://${file}`, '--output', 'json'], { env: awsEnv });
  const out = JSON.parse(cli.stdout);
  assert.equal(out.FailedPutCount, 0);
  assert.equal(out.RequestResponses.length, 20);
  const desc = JSON.parse((await run(AWS, ['firehose', 'describe-delivery-stream', '--endpoint-url', server.url, '--delivery-stream-name', 'cli-stream', '--output', 'json'], { env: awsEnv })).stdout);
  assert.equal(desc.DeliveryStreamDescription.DeliveryStreamStatus, 'ACTIVE');

  const py = `
import boto3, json, sys
c = boto3.client('firehose', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
recs = [{'Data': json.dumps({'sensor_id': 'boto', 'timestamp': 1764100000 + i, 'temperature': 1.5}).encode()} for i in range(30)]
r = c.put_record_batch(DeliveryStreamName='cli-stream', Records=recs)
assert r['FailedPutCount'] == 0 and len(r['RequestResponses']) == 30, r
names = c.list_delivery_streams()['DeliveryStreamNames']
assert 'cli-stream' in names, names
try:
    c.describe_delivery_stream(DeliveryStreamName='missing')
    raise SystemExit('expected ResourceNotFoundException')
except c.exceptions.ResourceNotFoundException as e:
    print('not-found-ok')
`;
  const b = await run('python3', ['-c', py, server.url], { env: awsEnv });
  assert.match(b.stdout, /not-found-ok/);
  const rows = await waitForRows(50, 'cli');
  assert.equal(rows.length, 50);
  assert.equal(rows.filter((r) => r.sensor_id === 'boto').length, 30);
});

test('acknowledged records survive a kill -9 before delivery', async () => {
  await createTable(server.url, 'demo', 'iot', 'durable', IOT_FIELDS);
  // A long interval: nothing is committed before the kill.
  await client.send(new CreateDeliveryStreamCommand(icebergStreamRequest('durable', 'demo', 'iot', 'durable', { size: 128, interval: 900 })));
  const records = [];
  for (let i = 0; i < 300; i++) records.push({ Data: enc.encode(reading(i)) });
  const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'durable', Records: records }));
  assert.equal(out.FailedPutCount, 0);
  assert.equal((await tableRows('durable')).length, 0);
  await server.stop('SIGKILL');
  server = await startServer(dir);
  client.destroy();
  client = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  // The stream is back with its buffer replayed; a clean stop delivers it.
  await server.stop('SIGTERM');
  const rows = await tableRows('durable');
  assert.equal(rows.length, 300);
  assert.equal(new Set(rows.map((r) => r.timestamp)).size, 300);
  server = await startServer(dir);
  client.destroy();
  client = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await server.stop('SIGTERM');
  assert.equal((await tableRows('durable')).length, 300);
  server = await startServer(dir);
  client.destroy();
  client = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

test('routing by metadata extraction, and floe errors redrive after the missing table is created', async () => {
  await createTable(server.url, 'demo', 'iot', 'routed_a', IOT_FIELDS);
  const req = icebergStreamRequest('router', 'demo', 'iot', 'routed_a');
  delete req.IcebergDestinationConfiguration.DestinationTableConfigurationList;
  req.IcebergDestinationConfiguration.ProcessingConfiguration = {
    Enabled: true,
    Processors: [{ Type: 'MetadataExtraction', Parameters: [
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{destinationDatabaseName: "iot", destinationTableName: .route.table}' },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ] }],
  };
  await client.send(new CreateDeliveryStreamCommand(req));
  const records = [];
  for (let i = 0; i < 10; i++) records.push({ Data: enc.encode(reading(i, { route: { table: i % 2 ? 'routed_a' : 'routed_b' } })) });
  records.push({ Data: enc.encode(reading(99)) }); // no route
  const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'router', Records: records }));
  assert.equal(out.FailedPutCount, 0);
  assert.equal((await waitForRows(5, 'routed_a')).length, 5);
  const routerErrors = (await errorLines()).filter((e) => e.key.includes('/router-'));
  assert.equal(routerErrors.filter((e) => e.errorCode === 'Iceberg.TableNotFound').length, 5);
  assert.equal(routerErrors.filter((e) => e.errorCode === 'Iceberg.RoutingFailed').length, 1);

  // The user creates the missing table and redrives.
  await createTable(server.url, 'demo', 'iot', 'routed_b', IOT_FIELDS);
  await new Promise((r) => setTimeout(r, 1100)); // past the stream's retry pause for missing tables
  const dry = await runFloe(['errors', 'redrive', 'router', '--data', dir, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /6 records in 1 objects would be redriven/);
  const redrive = await runFloe(['errors', 'redrive', 'router', '--data', dir, '--endpoint', server.url]);
  assert.equal(redrive.code, 0, redrive.stderr);
  assert.match(redrive.stderr, /redrove 6 records from 1 objects/);
  assert.equal((await waitForRows(5, 'routed_b')).length, 5);
  // The unroutable record failed again: a new error object, and the redriven one moved aside.
  const after = (await errorLines()).filter((e) => e.key.startsWith('errors/') && e.key.includes('/router-'));
  assert.equal((await errorLines()).filter((e) => e.key.startsWith('redriven/')).length, 6);
  assert.equal(after.length, 1);
  assert.equal(after[0].errorCode, 'Iceberg.RoutingFailed');
  const again = await runFloe(['errors', 'redrive', 'nope', '--data', dir]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /no delivery stream named nope/);
});
