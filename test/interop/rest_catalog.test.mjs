// The Iceberg REST catalog of `floe serve`, exercised with plain HTTP as any
// REST client sends it: every endpoint floe advertises, and the error paths.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { makeTempDir, removeTempDir } from './floe.mjs';
import { startServer } from './server.mjs';

let server;
let base;
let dir;

before(async () => {
  dir = await makeTempDir('floe-rest-');
  server = await startServer(dir, ['--create-bucket', 'demo']);
  base = `${server.url}/iceberg/v1`;
});

after(async () => {
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

async function call(method, path, body, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

function assertError(r, status, type) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error.type, type);
  assert.equal(r.json.error.code, status);
  assert.ok(r.json.error.message.length > 0);
}

const schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'sensor_id', required: false, type: 'string' },
    { id: 2, name: 'timestamp', required: false, type: 'long' },
  ],
};

test('config names the warehouse prefix and the endpoints', async () => {
  const r = await call('GET', '/config?warehouse=demo');
  assert.equal(r.status, 200);
  assert.equal(r.json.overrides.prefix, 'demo');
  assert.ok(r.json.endpoints.includes('POST /v1/{prefix}/namespaces/{namespace}/tables/{table}'));
  assertError(await call('GET', '/config?warehouse=nope'), 404, 'NoSuchWarehouseException');
  // S3 Tables clients pass the table bucket ARN as the warehouse.
  const byArn = await call('GET', `/config?warehouse=${encodeURIComponent('arn:aws:s3tables:us-east-1:000000000000:bucket/demo')}`);
  assert.equal(byArn.json.overrides.prefix, 'demo');
  assertError(await call('GET', '/config?warehouse=arn:aws:s3tables:bad'), 400, 'BadRequestException');
});

test('namespace lifecycle and errors', async () => {
  assert.equal((await call('POST', '/demo/namespaces', { namespace: ['sales'], properties: { owner: 'ops' } })).status, 200);
  assertError(await call('POST', '/demo/namespaces', { namespace: ['sales'] }), 409, 'AlreadyExistsException');
  assertError(await call('POST', '/demo/namespaces', { namespace: ['Bad-Name'] }), 400, 'BadRequestException');
  assertError(await call('POST', '/demo/namespaces', { namespace: ['a', 'b'] }), 400, 'BadRequestException');
  assertError(await call('POST', '/demo/namespaces', 'not json'), 400, 'BadRequestException');
  assertError(await call('GET', '/nobucket/namespaces'), 404, 'NoSuchWarehouseException');
  const list = await call('GET', '/demo/namespaces');
  assert.deepEqual(list.json.namespaces, [['sales']]);
  const one = await call('GET', '/demo/namespaces/sales');
  assert.deepEqual(one.json, { namespace: ['sales'], properties: { owner: 'ops' } });
  assert.equal((await call('HEAD', '/demo/namespaces/sales')).status, 204);
  assert.equal((await call('HEAD', '/demo/namespaces/missing')).status, 404);
  const props = await call('POST', '/demo/namespaces/sales/properties', { updates: { team: 'data' }, removals: ['owner', 'ghost'] });
  assert.deepEqual(props.json, { updated: ['team'], removed: ['owner'], missing: ['ghost'] });
  assert.deepEqual((await call('GET', '/demo/namespaces/sales')).json.properties, { team: 'data' });
  assertError(await call('GET', '/demo/namespaces/missing'), 404, 'NoSuchNamespaceException');
});

test('table lifecycle: create, load with ETag, commit, conflict, rename, drop', async () => {
  await call('POST', '/demo/namespaces', { namespace: ['iot'] });
  const created = await call('POST', '/demo/namespaces/iot/tables', { name: 'readings', schema, properties: { a: 'b' } });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  assert.match(created.json['metadata-location'], /\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
  assert.equal(created.json.metadata['format-version'], 2);
  assert.equal(created.json.metadata.properties.a, 'b');
  assertError(await call('POST', '/demo/namespaces/iot/tables', { name: 'readings', schema }), 409, 'AlreadyExistsException');
  assertError(await call('POST', '/demo/namespaces/nope/tables', { name: 'x', schema }), 404, 'NoSuchNamespaceException');
  assertError(await call('POST', '/demo/namespaces/iot/tables', { name: 'x' }), 400, 'BadRequestException');

  const listed = await call('GET', '/demo/namespaces/iot/tables');
  assert.deepEqual(listed.json.identifiers, [{ namespace: ['iot'], name: 'readings' }]);

  const loaded = await call('GET', '/demo/namespaces/iot/tables/readings');
  assert.equal(loaded.status, 200);
  const etag = loaded.headers.get('etag');
  assert.ok(etag);
  assert.equal((await call('GET', '/demo/namespaces/iot/tables/readings', undefined, { 'if-none-match': etag })).status, 304);
  assert.equal((await call('HEAD', '/demo/namespaces/iot/tables/readings')).status, 204);
  assert.equal((await call('HEAD', '/demo/namespaces/iot/tables/missing')).status, 404);
  assertError(await call('GET', '/demo/namespaces/iot/tables/missing'), 404, 'NoSuchTableException');

  const uuid = loaded.json.metadata['table-uuid'];
  const commit = await call('POST', '/demo/namespaces/iot/tables/readings', {
    requirements: [{ type: 'assert-table-uuid', uuid }, { type: 'assert-current-schema-id', 'current-schema-id': 0 }],
    updates: [
      { action: 'set-properties', updates: { 'commit.retry.num-retries': '4' } },
      {
        action: 'add-schema',
        schema: { type: 'struct', 'schema-id': 1, fields: [...schema.fields, { id: 3, name: 'temperature', required: false, type: 'double' }] },
      },
      { action: 'set-current-schema', 'schema-id': -1 },
    ],
  });
  assert.equal(commit.status, 200, JSON.stringify(commit.json));
  assert.equal(commit.json.metadata['current-schema-id'], 1);
  assert.equal(commit.json.metadata['last-column-id'], 3);
  assert.match(commit.json['metadata-location'], /\/00001-/);
  assert.notEqual((await call('GET', '/demo/namespaces/iot/tables/readings')).headers.get('etag'), etag);

  // A requirement that no longer holds: 409 CommitFailedException, nothing changes.
  const stale = await call('POST', '/demo/namespaces/iot/tables/readings', {
    requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }],
    updates: [{ action: 'set-properties', updates: { x: 'y' } }],
  });
  assertError(stale, 409, 'CommitFailedException');
  assertError(
    await call('POST', '/demo/namespaces/iot/tables/readings', { requirements: [], updates: [{ action: 'fly' }] }),
    400,
    'BadRequestException',
  );
  const after = await call('GET', '/demo/namespaces/iot/tables/readings');
  assert.equal(after.json.metadata.properties.x, undefined);
  assert.equal(after.json.metadata['metadata-log'].length, 1);

  assertError(await call('DELETE', '/demo/namespaces/iot'), 409, 'NamespaceNotEmptyException');
  assert.equal(
    (await call('POST', '/demo/tables/rename', {
      source: { namespace: ['iot'], name: 'readings' },
      destination: { namespace: ['iot'], name: 'readings_v2' },
    })).status,
    204,
  );
  assert.equal((await call('HEAD', '/demo/namespaces/iot/tables/readings')).status, 404);
  assert.equal((await call('DELETE', '/demo/namespaces/iot/tables/readings_v2?purgeRequested=true')).status, 204);
  assert.equal((await call('DELETE', '/demo/namespaces/iot')).status, 204);
  assertError(await call('DELETE', '/demo/namespaces/iot'), 404, 'NoSuchNamespaceException');
});

test('register-table adopts an existing metadata file', async () => {
  await call('POST', '/demo/namespaces', { namespace: ['adopt'] });
  const created = await call('POST', '/demo/namespaces/adopt/tables', { name: 'src', schema });
  const location = created.json['metadata-location'];
  const reg = await call('POST', '/demo/namespaces/adopt/register', { name: 'copy', 'metadata-location': location });
  assert.equal(reg.status, 200, JSON.stringify(reg.json));
  assert.equal(reg.json['metadata-location'], location);
  assert.equal(reg.json.metadata['table-uuid'], created.json.metadata['table-uuid']);
  assertError(await call('POST', '/demo/namespaces/adopt/register', { name: 'copy', 'metadata-location': location }), 409, 'AlreadyExistsException');
  assertError(
    await call('POST', '/demo/namespaces/adopt/register', { name: 'bad', 'metadata-location': '/nonexistent/x.metadata.json' }),
    400,
    'BadRequestException',
  );
  assertError(await call('POST', '/demo/namespaces/adopt/register', { name: 'x' }), 400, 'BadRequestException');
});

test('staged create, then a commit with assert-create creates the table', async () => {
  await call('POST', '/demo/namespaces', { namespace: ['staged'] });
  const staged = await call('POST', '/demo/namespaces/staged/tables', { name: 'events', schema, 'stage-create': true });
  assert.equal(staged.status, 200, JSON.stringify(staged.json));
  assert.equal(staged.json['metadata-location'], undefined);
  assert.equal(staged.json.metadata['format-version'], 2);
  assert.equal((await call('HEAD', '/demo/namespaces/staged/tables/events')).status, 404);
  const md = staged.json.metadata;
  const updates = [
    { action: 'assign-uuid', uuid: md['table-uuid'] },
    { action: 'upgrade-format-version', 'format-version': 2 },
    { action: 'add-schema', schema: md.schemas[0], 'last-column-id': md['last-column-id'] },
    { action: 'set-current-schema', 'schema-id': -1 },
    { action: 'add-spec', spec: { 'spec-id': 0, fields: [] } },
    { action: 'set-default-spec', 'spec-id': -1 },
    { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
    { action: 'set-default-sort-order', 'sort-order-id': -1 },
    { action: 'set-location', location: md.location },
    { action: 'set-properties', updates: { created: 'staged' } },
  ];
  const done = await call('POST', '/demo/namespaces/staged/tables/events', { requirements: [{ type: 'assert-create' }], updates });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  assert.equal(done.json.metadata['table-uuid'], md['table-uuid']);
  assert.equal(done.json.metadata.properties.created, 'staged');
  assert.equal(done.json.metadata['default-sort-order-id'], 0);
  const loaded = await call('GET', '/demo/namespaces/staged/tables/events');
  assert.equal(loaded.json['metadata-location'], done.json['metadata-location']);
  // A commit without updates changes nothing and writes no new metadata.
  const noop = await call('POST', '/demo/namespaces/staged/tables/events', { requirements: [], updates: [] });
  assert.equal(noop.status, 200);
  assert.equal(noop.json['metadata-location'], done.json['metadata-location']);
  assertError(
    await call('POST', '/demo/namespaces/staged/tables/events', { requirements: [{ type: 'assert-create' }], updates }),
    409,
    'CommitFailedException',
  );
  assertError(
    await call('POST', '/demo/namespaces/staged/tables', { name: 'events', schema, 'stage-create': true }),
    409,
    'AlreadyExistsException',
  );
});

test('multi-table transaction: every table moves, or none does', async () => {
  const cfg = await call('GET', '/config?warehouse=demo');
  assert.ok(cfg.json.endpoints.includes('POST /v1/{prefix}/transactions/commit'));
  await call('POST', '/demo/namespaces', { namespace: ['txn'] });
  for (const name of ['a', 'b']) {
    assert.equal((await call('POST', '/demo/namespaces/txn/tables', { name, schema })).status, 200);
  }
  const load = (name) => call('GET', `/demo/namespaces/txn/tables/${name}`);
  const [a0, b0] = [await load('a'), await load('b')];
  const change = (name, requirements, value) => ({
    identifier: { namespace: ['txn'], name },
    requirements,
    updates: [{ action: 'set-properties', updates: { batch: value } }],
  });
  const commit = (changes) => call('POST', '/demo/transactions/commit', { 'table-changes': changes });

  const ok = await commit([
    change('a', [{ type: 'assert-table-uuid', uuid: a0.json.metadata['table-uuid'] }], '1'),
    change('b', [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }], '1'),
  ]);
  assert.equal(ok.status, 204, JSON.stringify(ok.json));
  const [a1, b1] = [await load('a'), await load('b')];
  for (const [before, now] of [[a0, a1], [b0, b1]]) {
    assert.equal(now.json.metadata.properties.batch, '1');
    assert.match(now.json['metadata-location'], /\/00001-/);
    assert.deepEqual(now.json.metadata['metadata-log'].map((e) => e['metadata-file']), [before.json['metadata-location']]);
  }

  // One table's requirement fails: 409, and neither table changes nor keeps a new file.
  const metadataFiles = async (t) => (await readdir(`${t.json.metadata.location}/metadata`)).filter((f) => f.endsWith('.metadata.json')).sort();
  const filesBefore = [await metadataFiles(a1), await metadataFiles(b1)];
  const stale = await commit([
    change('a', [], '2'),
    change('b', [{ type: 'assert-table-uuid', uuid: a0.json.metadata['table-uuid'] }], '2'),
  ]);
  assertError(stale, 409, 'CommitFailedException');
  assertError(await commit([change('a', [], '3'), change('missing', [], '3')]), 404, 'NoSuchTableException');
  assertError(await commit([change('a', [], '4'), change('a', [], '5')]), 400, 'BadRequestException');
  assertError(await commit([]), 400, 'BadRequestException');
  assertError(await commit([{ identifier: { namespace: ['txn'], name: 'a' }, requirements: [{ type: 'assert-create' }], updates: [] }]), 400, 'BadRequestException');
  for (const [name, was] of [['a', a1], ['b', b1]]) {
    const now = await load(name);
    assert.equal(now.json['metadata-location'], was.json['metadata-location']);
    assert.equal(now.json.metadata.properties.batch, '1');
  }
  assert.deepEqual([await metadataFiles(a1), await metadataFiles(b1)], filesBefore);

  // Racing transactions on the same tables: each wins whole or loses whole,
  // and a loser leaves no metadata file behind.
  const racers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => commit([change('a', [], `race${i}`), change('b', [], `race${i}`)])),
  );
  const won = racers.filter((r) => r.status === 204).length;
  assert.ok(won >= 1);
  for (const r of racers.filter((r) => r.status !== 204)) assertError(r, 409, 'CommitFailedException');
  const [a2, b2] = [await load('a'), await load('b')];
  assert.equal(a2.json.metadata.properties.batch, b2.json.metadata.properties.batch);
  assert.equal(a2.json.metadata['metadata-log'].length, 1 + won);
  assert.equal((await metadataFiles(a2)).length, filesBefore[0].length + won);
  assert.equal((await metadataFiles(b2)).length, filesBefore[1].length + won);
});

test('unknown routes answer in the error model', async () => {
  const r = await call('GET', '/demo/views');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 404);
});
