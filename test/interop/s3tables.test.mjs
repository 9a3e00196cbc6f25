// The S3 Tables control plane of `floe serve`, driven by the real AWS SDK for
// JavaScript v3 client (@aws-sdk/client-s3tables) pointed at floe: buckets,
// namespaces, tables with Iceberg metadata, the version-token swap,
// maintenance and encryption settings, and the error paths. Plus raw HTTP for
// the raw-slash ARN form the SDK does not send.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import {
  CreateNamespaceCommand,
  CreateTableBucketCommand,
  CreateTableCommand,
  DeleteNamespaceCommand,
  DeleteTableBucketCommand,
  DeleteTableBucketEncryptionCommand,
  DeleteTableCommand,
  GetNamespaceCommand,
  GetTableBucketCommand,
  GetTableBucketEncryptionCommand,
  GetTableBucketMaintenanceConfigurationCommand,
  GetTableCommand,
  GetTableEncryptionCommand,
  GetTableMaintenanceConfigurationCommand,
  GetTableMaintenanceJobStatusCommand,
  GetTableMetadataLocationCommand,
  ListNamespacesCommand,
  ListTableBucketsCommand,
  ListTablesCommand,
  PutTableBucketEncryptionCommand,
  PutTableBucketMaintenanceConfigurationCommand,
  PutTableMaintenanceConfigurationCommand,
  RenameTableCommand,
  S3TablesClient,
  UpdateTableMetadataLocationCommand,
  paginateListTableBuckets,
  paginateListTables,
} from '@aws-sdk/client-s3tables';

import { makeTempDir, removeTempDir } from './floe.mjs';
import { startServer } from './server.mjs';

const ACCOUNT = '000000000000';
const arnOf = (bucket) => `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/${bucket}`;

let server;
let base;
let dir;
let client;

before(async () => {
  dir = await makeTempDir('floe-s3tables-');
  server = await startServer(dir);
  base = server.url;
  client = new S3TablesClient({
    endpoint: base,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});

after(async () => {
  client?.destroy();
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

const send = (command) => client.send(command);

/** Sends `command`, expecting the SDK to raise `name` (with a message, status `status`). */
async function expectError(command, name, status, message) {
  await assert.rejects(send(command), (e) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata.httpStatusCode, status);
    assert.ok(e.message.length > 0);
    if (message instanceof RegExp) assert.match(e.message, message);
    else if (message) assert.equal(e.message, message);
    return true;
  });
}

async function allBucketNames() {
  const names = [];
  for await (const page of paginateListTableBuckets({ client, pageSize: 1000 }, {})) {
    names.push(...page.tableBuckets.map((b) => b.name));
  }
  return names;
}

test('table buckets: create, list with pagination, get, encryption, maintenance, errors', async () => {
  for (const name of ['alpha', 'beta', 'gamma']) {
    const r = await send(new CreateTableBucketCommand({ name }));
    assert.equal(r.arn, arnOf(name));
  }
  const first = await send(new ListTableBucketsCommand({ maxBuckets: 2 }));
  assert.deepEqual(first.tableBuckets.map((b) => b.name), ['alpha', 'beta']);
  assert.ok(first.continuationToken);
  const second = await send(new ListTableBucketsCommand({ maxBuckets: 2, continuationToken: first.continuationToken }));
  assert.deepEqual(second.tableBuckets.map((b) => b.name), ['gamma']);
  assert.equal(second.continuationToken, undefined);
  const pages = [];
  for await (const page of paginateListTableBuckets({ client, pageSize: 1 }, {})) pages.push(page.tableBuckets.map((b) => b.name));
  assert.deepEqual(pages, [['alpha'], ['beta'], ['gamma']]);
  assert.deepEqual((await send(new ListTableBucketsCommand({ prefix: 'g' }))).tableBuckets.map((b) => b.name), ['gamma']);
  await expectError(new ListTableBucketsCommand({ continuationToken: 'zz' }), 'BadRequestException', 400, 'The continuation token is not valid.');

  const got = await send(new GetTableBucketCommand({ tableBucketARN: arnOf('alpha') }));
  assert.match(got.$metadata.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(got.name, 'alpha');
  assert.equal(got.arn, arnOf('alpha'));
  assert.equal(got.ownerAccountId, ACCOUNT);
  assert.equal(got.type, 'customer');
  assert.ok(got.createdAt instanceof Date && Math.abs(got.createdAt - Date.now()) < 60_000, String(got.createdAt));
  assert.match(got.tableBucketId, /^[0-9a-f-]{36}$/);

  // Errors change nothing.
  await expectError(new GetTableBucketCommand({ tableBucketARN: arnOf('nope') }), 'NotFoundException', 404, 'The specified bucket does not exist.');
  await expectError(new CreateTableBucketCommand({ name: 'Bad_Name' }), 'BadRequestException', 400, /bucket name/);
  await expectError(new CreateTableBucketCommand({ name: 'ab' }), 'BadRequestException', 400);
  await expectError(new CreateTableBucketCommand({ name: 'alpha' }), 'ConflictException', 409);
  await expectError(
    new CreateTableBucketCommand({ name: 'delta', encryptionConfiguration: { sseAlgorithm: 'aws:kms' } }),
    'BadRequestException',
    400,
    /kmsKeyArn/,
  );
  await expectError(new GetTableBucketCommand({ tableBucketARN: 'arn:aws:s3tables:us-east-1:123:bucket/alpha' }), 'BadRequestException', 400, /ARN is not valid/);
  assert.deepEqual(await allBucketNames(), ['alpha', 'beta', 'gamma']);

  // Encryption: AES256 by default, then a KMS key, then back.
  const enc = (b) => send(new GetTableBucketEncryptionCommand({ tableBucketARN: arnOf(b) }));
  assert.deepEqual((await enc('alpha')).encryptionConfiguration, { sseAlgorithm: 'AES256' });
  const kms = { sseAlgorithm: 'aws:kms', kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
  await send(new PutTableBucketEncryptionCommand({ tableBucketARN: arnOf('beta'), encryptionConfiguration: kms }));
  assert.deepEqual((await enc('beta')).encryptionConfiguration, kms);
  await expectError(
    new PutTableBucketEncryptionCommand({ tableBucketARN: arnOf('beta'), encryptionConfiguration: { sseAlgorithm: 'rot13' } }),
    'BadRequestException',
    400,
  );
  assert.deepEqual((await enc('beta')).encryptionConfiguration, kms);
  await send(new DeleteTableBucketEncryptionCommand({ tableBucketARN: arnOf('beta') }));
  assert.deepEqual((await enc('beta')).encryptionConfiguration, { sseAlgorithm: 'AES256' });
  await expectError(new GetTableBucketEncryptionCommand({ tableBucketARN: arnOf('nope') }), 'NotFoundException', 404);

  // Unreferenced-file removal: AWS's defaults, then our values.
  const maint = async (b) => (await send(new GetTableBucketMaintenanceConfigurationCommand({ tableBucketARN: arnOf(b) })));
  const defaults = await maint('alpha');
  assert.equal(defaults.tableBucketARN, arnOf('alpha'));
  assert.deepEqual(defaults.configuration, {
    icebergUnreferencedFileRemoval: {
      status: 'enabled',
      settings: { icebergUnreferencedFileRemoval: { unreferencedDays: 3, nonCurrentDays: 10 } },
    },
  });
  const value = { status: 'enabled', settings: { icebergUnreferencedFileRemoval: { unreferencedDays: 5, nonCurrentDays: 12 } } };
  await send(new PutTableBucketMaintenanceConfigurationCommand({ tableBucketARN: arnOf('alpha'), type: 'icebergUnreferencedFileRemoval', value }));
  assert.deepEqual((await maint('alpha')).configuration.icebergUnreferencedFileRemoval, value);
  await expectError(
    new PutTableBucketMaintenanceConfigurationCommand({
      tableBucketARN: arnOf('alpha'),
      type: 'icebergUnreferencedFileRemoval',
      value: { status: 'enabled', settings: { icebergUnreferencedFileRemoval: { unreferencedDays: 0 } } },
    }),
    'BadRequestException',
    400,
    /unreferencedDays/,
  );
  await expectError(
    new PutTableBucketMaintenanceConfigurationCommand({ tableBucketARN: arnOf('alpha'), type: 'icebergCompaction', value: { status: 'enabled' } }),
    'BadRequestException',
    400,
  );
  assert.deepEqual((await maint('alpha')).configuration.icebergUnreferencedFileRemoval, value);

  for (const name of ['beta', 'gamma']) await send(new DeleteTableBucketCommand({ tableBucketARN: arnOf(name) }));
  await expectError(new DeleteTableBucketCommand({ tableBucketARN: arnOf('beta') }), 'NotFoundException', 404, 'The specified bucket does not exist.');
  assert.deepEqual(await allBucketNames(), ['alpha']);
});

const schemaFields = [
  { name: 'sensor_id', type: 'string', required: true },
  { name: 'temperature', type: 'double' },
  { name: 'ts', type: 'timestamp' },
];

async function loadRest(bucket, ns, name) {
  const res = await fetch(`${base}/iceberg/v1/${bucket}/namespaces/${ns}/tables/${name}`);
  return { status: res.status, json: await res.json() };
}

test('namespaces and tables: Iceberg metadata, version tokens, maintenance, rename, delete', async () => {
  const B = arnOf('tables');
  await send(new CreateTableBucketCommand({ name: 'tables' }));

  // Namespaces.
  const ns = await send(new CreateNamespaceCommand({ tableBucketARN: B, namespace: ['iot'] }));
  assert.deepEqual(ns.namespace, ['iot']);
  assert.equal(ns.tableBucketARN, B);
  await send(new CreateNamespaceCommand({ tableBucketARN: B, namespace: ['archive'] }));
  await expectError(new CreateNamespaceCommand({ tableBucketARN: B, namespace: ['iot'] }), 'ConflictException', 409);
  await expectError(new CreateNamespaceCommand({ tableBucketARN: B, namespace: ['Bad-NS'] }), 'BadRequestException', 400);
  await expectError(new CreateNamespaceCommand({ tableBucketARN: arnOf('nope'), namespace: ['x'] }), 'NotFoundException', 404, 'The specified bucket does not exist.');
  const listed = await send(new ListNamespacesCommand({ tableBucketARN: B, maxNamespaces: 1 }));
  assert.deepEqual(listed.namespaces.map((n) => n.namespace), [['archive']]);
  const rest = await send(new ListNamespacesCommand({ tableBucketARN: B, continuationToken: listed.continuationToken }));
  assert.deepEqual(rest.namespaces.map((n) => n.namespace), [['iot']]);
  const got = await send(new GetNamespaceCommand({ tableBucketARN: B, namespace: 'iot' }));
  assert.deepEqual(got.namespace, ['iot']);
  assert.equal(got.ownerAccountId, ACCOUNT);
  assert.equal(got.createdBy, ACCOUNT);
  assert.ok(got.createdAt instanceof Date);
  await expectError(new GetNamespaceCommand({ tableBucketARN: B, namespace: 'missing' }), 'NotFoundException', 404, 'The specified namespace does not exist.');

  // A table with a schema: floe writes a real Iceberg v2 metadata file.
  const created = await send(new CreateTableCommand({
    tableBucketARN: B,
    namespace: 'iot',
    name: 'readings',
    format: 'ICEBERG',
    metadata: { iceberg: { schema: { fields: schemaFields } } },
  }));
  assert.match(created.tableARN, new RegExp(`^${B}/table/[0-9a-f-]{36}$`));
  assert.ok(created.versionToken);
  const table = await send(new GetTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  assert.equal(table.name, 'readings');
  assert.equal(table.tableARN, created.tableARN);
  assert.deepEqual(table.namespace, ['iot']);
  assert.equal(table.versionToken, created.versionToken);
  assert.equal(table.format, 'ICEBERG');
  assert.equal(table.type, 'customer');
  assert.equal(table.ownerAccountId, ACCOUNT);
  assert.ok(table.createdAt instanceof Date && table.modifiedAt instanceof Date);
  assert.ok(table.metadataLocation.startsWith(`${table.warehouseLocation}/metadata/00000-`));
  const byArn = await send(new GetTableCommand({ tableArn: created.tableARN }));
  assert.equal(byArn.name, 'readings');
  assert.equal(byArn.metadataLocation, table.metadataLocation);
  const loc = await send(new GetTableMetadataLocationCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  assert.deepEqual(
    { versionToken: loc.versionToken, metadataLocation: loc.metadataLocation, warehouseLocation: loc.warehouseLocation },
    { versionToken: table.versionToken, metadataLocation: table.metadataLocation, warehouseLocation: table.warehouseLocation },
  );

  // The table is readable: through the Iceberg REST catalog and as a file.
  const loaded = await loadRest('tables', 'iot', 'readings');
  assert.equal(loaded.status, 200);
  assert.equal(loaded.json['metadata-location'], table.metadataLocation);
  const md = JSON.parse(await readFile(table.metadataLocation, 'utf8'));
  assert.equal(md['format-version'], 2);
  assert.equal(md.location, table.warehouseLocation);
  assert.deepEqual(
    md.schemas[0].fields.map((f) => [f.id, f.name, f.type, f.required]),
    [[1, 'sensor_id', 'string', true], [2, 'temperature', 'double', false], [3, 'ts', 'timestamp', false]],
  );
  assert.deepEqual(loaded.json.metadata.schemas, md.schemas);

  // Table errors change nothing.
  const create = (name, extra = {}) =>
    new CreateTableCommand({ tableBucketARN: B, namespace: 'iot', name, format: 'ICEBERG', ...extra });
  await expectError(create('readings'), 'ConflictException', 409, 'A table with an identical name already exists in the namespace.');
  await expectError(create('Bad-Name'), 'BadRequestException', 400);
  await expectError(create('bad_schema', { metadata: { iceberg: { schema: { fields: [{ name: 'x', type: 'varchar' }] } } } }), 'BadRequestException', 400, /metadata is not valid/);
  await expectError(new CreateTableCommand({ tableBucketARN: B, namespace: 'missing', name: 't', format: 'ICEBERG' }), 'NotFoundException', 404, 'The specified namespace does not exist.');
  await expectError(new GetTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'missing' }), 'NotFoundException', 404, 'The specified table does not exist.');
  await expectError(new GetTableCommand({ tableBucketARN: arnOf('nope'), namespace: 'iot', name: 'readings' }), 'NotFoundException', 404, 'The specified bucket does not exist.');
  assert.equal((await loadRest('tables', 'iot', 'bad_schema')).status, 404);

  // A table without metadata, as AWS creates it: no metadata location yet.
  const bare = await send(create('bare'));
  const bareLoc = await send(new GetTableMetadataLocationCommand({ tableBucketARN: B, namespace: 'iot', name: 'bare' }));
  assert.equal(bareLoc.metadataLocation, undefined);
  assert.equal(bareLoc.versionToken, bare.versionToken);
  assert.equal((await loadRest('tables', 'iot', 'bare')).status, 404);
  await send(create('cold', { metadata: { iceberg: { schema: { fields: schemaFields } } } }));

  // ListTables pages through the namespace.
  const names = [];
  for await (const page of paginateListTables({ client, pageSize: 2 }, { tableBucketARN: B, namespace: 'iot' })) {
    assert.ok(page.tables.length <= 2);
    names.push(...page.tables.map((t) => t.name));
  }
  assert.deepEqual(names, ['bare', 'cold', 'readings']);
  const one = (await send(new ListTablesCommand({ tableBucketARN: B, prefix: 're' }))).tables;
  assert.deepEqual(one.map((t) => [t.name, t.namespace, t.tableARN]), [['readings', ['iot'], created.tableARN]]);

  // UpdateTableMetadataLocation: a writer adds metadata version 1, then swaps by version token.
  const next = `${table.warehouseLocation}/metadata/00001-${randomUUID()}.metadata.json`;
  const nextMd = { ...md, properties: { ...md.properties, writer: 'sdk-test' }, 'metadata-log': [{ 'timestamp-ms': md['last-updated-ms'], 'metadata-file': table.metadataLocation }] };
  await writeFile(next, JSON.stringify(nextMd));
  const update = (versionToken, metadataLocation = next) =>
    new UpdateTableMetadataLocationCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings', versionToken, metadataLocation });
  await expectError(update('stale-token'), 'ConflictException', 409, 'Provided version token does not match the table version token.');
  await expectError(update(table.versionToken, '/tmp/elsewhere/00001-x.metadata.json'), 'BadRequestException', 400, /^The specified metadata location is not valid\./);
  await expectError(update(table.versionToken, `${table.warehouseLocation}/metadata/00001-x.json`), 'BadRequestException', 400, /metadata location is not valid/);
  await expectError(update(table.versionToken, `${table.warehouseLocation}/metadata/00009-missing.metadata.json`), 'BadRequestException', 400, /No file exists/);
  const unchanged = await send(new GetTableMetadataLocationCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  assert.equal(unchanged.metadataLocation, table.metadataLocation);
  assert.equal(unchanged.versionToken, table.versionToken);
  // Racing writers with the same token: exactly one swap wins.
  const racers = [];
  for (let i = 0; i < 4; i++) {
    const file = `${table.warehouseLocation}/metadata/00001-${randomUUID()}.metadata.json`;
    await writeFile(file, JSON.stringify(nextMd));
    racers.push(file);
  }
  const raced = await Promise.allSettled(racers.map((file) => send(update(table.versionToken, file))));
  const winners = raced.filter((r) => r.status === 'fulfilled');
  assert.equal(winners.length, 1);
  for (const r of raced.filter((r) => r.status === 'rejected')) assert.equal(r.reason.name, 'ConflictException');
  const winner = winners[0].value;
  // Put the table back on the original metadata with the winner's token, then swap as a writer would.
  const back = await send(update(winner.versionToken, table.metadataLocation));
  const swapped = await send(update(back.versionToken));
  assert.equal(swapped.metadataLocation, next);
  assert.equal(swapped.name, 'readings');
  assert.deepEqual(swapped.namespace, ['iot']);
  assert.equal(swapped.tableARN, created.tableARN);
  assert.notEqual(swapped.versionToken, back.versionToken);
  await expectError(update(table.versionToken), 'ConflictException', 409, 'Provided version token does not match the table version token.');
  await expectError(update(back.versionToken), 'ConflictException', 409);
  const reloaded = await loadRest('tables', 'iot', 'readings');
  assert.equal(reloaded.json['metadata-location'], next);
  assert.equal(reloaded.json.metadata.properties.writer, 'sdk-test');
  const hint = await readFile(`${table.warehouseLocation}/metadata/version-hint.text`, 'utf8');
  assert.equal(hint.trim(), next.split('/').pop().replace('.metadata.json', ''));

  // Table maintenance: defaults, a put, a rejected put, and the job status.
  const tm = async () => send(new GetTableMaintenanceConfigurationCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  const tmDefaults = await tm();
  assert.equal(tmDefaults.tableARN, created.tableARN);
  assert.deepEqual(tmDefaults.configuration, {
    icebergCompaction: { status: 'enabled', settings: { icebergCompaction: { targetFileSizeMB: 512, strategy: 'auto' } } },
    icebergSnapshotManagement: {
      status: 'enabled',
      settings: { icebergSnapshotManagement: { minSnapshotsToKeep: 1, maxSnapshotAgeHours: 120 } },
    },
  });
  const putTm = (type, value) =>
    new PutTableMaintenanceConfigurationCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings', type, value });
  await send(putTm('icebergCompaction', { status: 'enabled', settings: { icebergCompaction: { targetFileSizeMB: 256, strategy: 'binpack' } } }));
  await send(putTm('icebergSnapshotManagement', { status: 'disabled' }));
  await expectError(putTm('icebergCompaction', { status: 'enabled', settings: { icebergCompaction: { targetFileSizeMB: 1024 } } }), 'BadRequestException', 400, /targetFileSizeMB must be an integer from 64 to 512/);
  await expectError(putTm('icebergCompaction', { status: 'paused' }), 'BadRequestException', 400);
  await expectError(putTm('icebergUnreferencedFileRemoval', { status: 'enabled' }), 'BadRequestException', 400);
  const tmAfter = (await tm()).configuration;
  assert.deepEqual(tmAfter.icebergCompaction.settings.icebergCompaction, { targetFileSizeMB: 256, strategy: 'binpack' });
  assert.equal(tmAfter.icebergSnapshotManagement.status, 'disabled');
  const jobs = await send(new GetTableMaintenanceJobStatusCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  assert.equal(jobs.tableARN, created.tableARN);
  assert.deepEqual(jobs.status, {
    icebergCompaction: { status: 'Not_Yet_Run' },
    icebergSnapshotManagement: { status: 'Disabled' },
    icebergUnreferencedFileRemoval: { status: 'Not_Yet_Run' },
  });
  const tableEnc = await send(new GetTableEncryptionCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }));
  assert.deepEqual(tableEnc.encryptionConfiguration, { sseAlgorithm: 'AES256' });

  // Rename into another namespace: metadata and settings move with the table.
  await send(new RenameTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings', newNamespaceName: 'archive', newName: 'readings_v2', versionToken: swapped.versionToken }));
  await expectError(new GetTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'readings' }), 'NotFoundException', 404);
  const renamed = await send(new GetTableCommand({ tableBucketARN: B, namespace: 'archive', name: 'readings_v2' }));
  assert.equal(renamed.metadataLocation, next);
  assert.equal(renamed.tableARN, created.tableARN);
  const movedTm = await send(new GetTableMaintenanceConfigurationCommand({ tableBucketARN: B, namespace: 'archive', name: 'readings_v2' }));
  assert.equal(movedTm.configuration.icebergCompaction.settings.icebergCompaction.targetFileSizeMB, 256);
  await expectError(new RenameTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'cold', newName: 'bare' }), 'ConflictException', 409);
  await expectError(new RenameTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'cold', newName: 'x', versionToken: 'stale' }), 'ConflictException', 409, 'Provided version token does not match the table version token.');
  // A new table under the old name gets a folder of its own.
  const reused = await send(create('readings', { metadata: { iceberg: { schema: { fields: schemaFields } } } }));
  const reusedTable = await send(new GetTableCommand({ tableArn: reused.tableARN }));
  assert.notEqual(reusedTable.warehouseLocation, renamed.warehouseLocation);

  // Settings follow tables renamed and dropped through the Iceberg REST catalog too.
  const coldTm = (name) => send(new GetTableMaintenanceConfigurationCommand({ tableBucketARN: B, namespace: 'iot', name }));
  await send(new PutTableMaintenanceConfigurationCommand({
    tableBucketARN: B,
    namespace: 'iot',
    name: 'cold',
    type: 'icebergCompaction',
    value: { status: 'enabled', settings: { icebergCompaction: { targetFileSizeMB: 128 } } },
  }));
  const restRename = await fetch(`${base}/iceberg/v1/tables/tables/rename`, {
    method: 'POST',
    body: JSON.stringify({ source: { namespace: ['iot'], name: 'cold' }, destination: { namespace: ['iot'], name: 'cold2' } }),
  });
  assert.equal(restRename.status, 204);
  assert.deepEqual((await coldTm('cold2')).configuration.icebergCompaction.settings.icebergCompaction, { targetFileSizeMB: 128, strategy: 'auto' });
  const restDrop = await fetch(`${base}/iceberg/v1/tables/namespaces/iot/tables/cold2?purgeRequested=true`, { method: 'DELETE' });
  assert.equal(restDrop.status, 204);
  await send(create('cold2'));
  assert.equal((await coldTm('cold2')).configuration.icebergCompaction.settings.icebergCompaction.targetFileSizeMB, 512);
  await send(new DeleteTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'cold2' }));

  // Non-empty namespace and bucket cannot be deleted.
  await expectError(new DeleteNamespaceCommand({ tableBucketARN: B, namespace: 'iot' }), 'ConflictException', 409, /not empty/);
  await expectError(new DeleteTableBucketCommand({ tableBucketARN: B }), 'ConflictException', 409, /not empty/);
  assert.equal((await send(new GetTableBucketCommand({ tableBucketARN: B }))).name, 'tables');

  // DeleteTable checks the token, removes the table's files and its settings.
  await expectError(new DeleteTableCommand({ tableBucketARN: B, namespace: 'archive', name: 'readings_v2', versionToken: 'stale' }), 'ConflictException', 409);
  assert.ok(existsSync(renamed.warehouseLocation));
  await send(new DeleteTableCommand({ tableBucketARN: B, namespace: 'archive', name: 'readings_v2', versionToken: renamed.versionToken }));
  assert.ok(!existsSync(renamed.warehouseLocation));
  await expectError(new GetTableMaintenanceConfigurationCommand({ tableBucketARN: B, namespace: 'archive', name: 'readings_v2' }), 'NotFoundException', 404);
  for (const name of ['bare', 'readings']) await send(new DeleteTableCommand({ tableBucketARN: B, namespace: 'iot', name }));
  await expectError(new DeleteTableCommand({ tableBucketARN: B, namespace: 'iot', name: 'bare' }), 'NotFoundException', 404, 'The specified table does not exist.');
  assert.deepEqual((await send(new ListTablesCommand({ tableBucketARN: B }))).tables, []);
  for (const n of ['iot', 'archive']) await send(new DeleteNamespaceCommand({ tableBucketARN: B, namespace: n }));
  await send(new DeleteTableBucketCommand({ tableBucketARN: B }));
  await expectError(new GetTableBucketCommand({ tableBucketARN: B }), 'NotFoundException', 404);
});

test('raw HTTP: the raw-slash ARN form, the error shape, bad bodies', async () => {
  const raw = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), json: text ? JSON.parse(text) : null };
  };
  assert.equal((await raw('PUT', '/buckets', { name: 'rawb' })).status, 200);
  const arn = arnOf('rawb');
  const created = await raw('PUT', `/namespaces/${arn}`, { namespace: ['ns1'] });
  assert.equal(created.status, 200);
  assert.deepEqual(created.json, { tableBucketARN: arn, namespace: ['ns1'] });
  const got = await raw('GET', `/namespaces/${arn}/ns1`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json.namespace, ['ns1']);
  const encoded = await raw('GET', `/namespaces/${encodeURIComponent(arn)}/ns1`);
  assert.deepEqual(encoded.json, got.json);
  assert.equal((await raw('PUT', `/tables/${arn}/ns1`, { name: 't1', format: 'ICEBERG' })).status, 200);
  const table = await raw('GET', `/get-table?tableBucketARN=${encodeURIComponent(arn)}&namespace=ns1&name=t1`);
  assert.equal(table.status, 200);
  assert.equal(table.json.name, 't1');
  assert.match(table.json.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const missing = await raw('GET', `/namespaces/${arn}/nope`);
  assert.deepEqual(missing, { status: 404, type: 'NotFoundException', json: { message: 'The specified namespace does not exist.' } });
  const badJson = await raw('PUT', `/namespaces/${arn}`, '{not json');
  assert.equal(badJson.status, 400);
  assert.equal(badJson.type, 'BadRequestException');
  const huge = await raw('PUT', `/namespaces/${arn}`, JSON.stringify({ namespace: ['big'], pad: 'x'.repeat(2 << 20) }));
  assert.equal(huge.status, 400);
  assert.equal(huge.type, 'BadRequestException');
  assert.match(huge.json.message, /limit is 1048576 bytes/);
  assert.equal((await raw('GET', `/namespaces/${arn}/big`)).status, 404);
  const wrongFormat = await raw('PUT', `/tables/${arn}/ns1`, { name: 't2', format: 'DELTA' });
  assert.equal(wrongFormat.status, 400);
  assert.equal((await raw('GET', `/get-table?tableBucketARN=${encodeURIComponent(arn)}&namespace=ns1&name=t2`)).status, 404);
  const unknown = await raw('GET', `/buckets/${arn}/policy`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.type, 'UnknownOperationException');
  const badArn = await raw('GET', '/namespaces/not-an-arn');
  assert.equal(badArn.status, 400);
  assert.match(badArn.json.message, /The specified ARN is not valid/);
});
