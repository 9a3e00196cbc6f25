// The S3 read API of `floe serve` over general buckets (DIR/buckets/<bucket>/<key>),
// driven by the AWS CLI (`aws s3 ls`, `aws s3 cp`, `aws s3api list-objects-v2`)
// and by raw HTTP for the wire shapes and error cases.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { makeTempDir, removeTempDir } from './floe.mjs';
import { startServer } from './server.mjs';

const run = promisify(execFile);
const AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const HOUR = 'errors/iceberg-failed/2026/11/25/13/';

let server;
let port;
let dir;
let awsEnv;
const objects = new Map(); // key → Buffer, in bucket "errbkt"

async function put(bucket, key, data) {
  const file = path.join(dir, 'buckets', bucket, ...key.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

before(async () => {
  dir = await makeTempDir('floe-s3-');
  const add = async (key, data) => {
    objects.set(key, data);
    await put('errbkt', key, data);
  };
  await add(`${HOUR}stream-1-2026-11-25-13-00-01-aaaa`, Buffer.from('{"errorCode":"Iceberg.MissingColumnWithinRecord"}\n'));
  await add(`${HOUR}stream-1-2026-11-25-13-30-00-bbbb`, randomBytes(3000));
  // Past the CLI's 8 MiB multipart threshold: downloaded with ranged GETs.
  await add(`${HOUR}stream-1-2026-11-25-13-59-59-big`, randomBytes(9 * 1024 * 1024 + 17));
  await add('errors/iceberg-failed/2026/11/25/14/stream-1-2026-11-25-14-00-00-cccc', Buffer.from('hour 14\n'));
  await add('errors/processing-failed/x y+z.json', Buffer.from('key with a space and a plus\n'));
  await add('top-level.txt', Buffer.from('outside errors/\n'));
  await Promise.all(Array.from({ length: 1100 }, (_, i) => put('pages', `p/${String(i).padStart(4, '0')}`, `${i}`)));
  await mkdir(path.join(dir, 'buckets', 'emptybkt'), { recursive: true });
  await put('emptybkt', 'zero', Buffer.alloc(0));

  const config = path.join(dir, 'aws-config');
  await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  awsEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_PAGER: '',
  };

  server = await startServer(dir);
  port = server.port;
});

after(async () => {
  await server?.stop();
  if (dir) await removeTempDir(dir);
});

async function aws(...args) {
  const { stdout } = await run(AWS, [...args, '--endpoint-url', `http://127.0.0.1:${port}`], {
    env: awsEnv,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

// `aws s3 ls` lines: "2026-11-25 13:00:00       1234 key" or "                           PRE prefix/".
function parseLs(stdout) {
  const files = new Map();
  const prefixes = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    const pre = /^\s+PRE (.+)$/.exec(line);
    if (pre) {
      prefixes.push(pre[1]);
      continue;
    }
    const m = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+(\d+) (.+)$/.exec(line);
    assert.ok(m, `unexpected ls line: ${line}`);
    files.set(m[2], Number(m[1]));
  }
  return { files, prefixes };
}

const md5 = (data) => createHash('md5').update(data).digest('hex');

test('aws s3 ls --recursive lists every key under the prefix with its size', async () => {
  const { files, prefixes } = parseLs(await aws('s3', 'ls', 's3://errbkt/errors/', '--recursive'));
  assert.deepEqual(prefixes, []);
  const want = [...objects].filter(([k]) => k.startsWith('errors/'));
  assert.deepEqual([...files.keys()], want.map(([k]) => k).sort());
  for (const [k, v] of want) assert.equal(files.get(k), v.length, k);
});

test('aws s3 ls without --recursive rolls keys up at "/"', async () => {
  assert.deepEqual(parseLs(await aws('s3', 'ls', 's3://errbkt/errors/')).prefixes, ['iceberg-failed/', 'processing-failed/']);
  const root = parseLs(await aws('s3', 'ls', 's3://errbkt'));
  assert.deepEqual(root.prefixes, ['errors/']);
  assert.deepEqual([...root.files.keys()], ['top-level.txt']);
});

test('aws s3 cp downloads an object byte for byte (past 8 MiB: by ranges)', async () => {
  const key = `${HOUR}stream-1-2026-11-25-13-59-59-big`;
  const local = path.join(dir, 'big');
  await aws('s3', 'cp', `s3://errbkt/${key}`, local, '--only-show-errors');
  assert.ok((await readFile(local)).equals(objects.get(key)));
});

test('aws s3 cp --recursive copies a prefix', async () => {
  const out = path.join(dir, 'tree');
  await aws('s3', 'cp', 's3://errbkt/errors/', out, '--recursive', '--only-show-errors');
  const got = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const want = [...objects].filter(([k]) => k.startsWith('errors/'));
  assert.equal(got.length, want.length);
  for (const [k, v] of want) {
    const local = path.join(out, ...k.slice('errors/'.length).split('/'));
    assert.ok((await readFile(local)).equals(v), k);
  }
});

test('list-objects-v2 pages through more than 1000 keys', async () => {
  const all = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'pages', '--page-size', '300'));
  assert.equal(all.Contents.length, 1100);
  assert.deepEqual(
    all.Contents.map((c) => c.Key),
    Array.from({ length: 1100 }, (_, i) => `p/${String(i).padStart(4, '0')}`),
  );
  assert.equal(all.Contents[7].ETag, `"${md5('7')}"`);
  assert.equal(all.Contents[7].Size, 1);
  assert.equal(all.Contents[7].StorageClass, 'STANDARD');

  const first = JSON.parse(await aws('s3api', 'list-objects-v2', '--bucket', 'pages', '--max-items', '250', '--page-size', '100'));
  assert.equal(first.Contents.length, 250);
  assert.equal(first.Contents[249].Key, 'p/0249');
  assert.ok(first.NextToken);
});

async function http(pathAndQuery, init = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`, init);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

// Sends a request line as written: fetch would normalize "..".
function rawGet(target) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]), text: data }));
    socket.on('error', reject);
  });
}

function errorCode(xml) {
  return /<Error><Code>([^<]+)<\/Code><Message>[^<]+<\/Message>/.exec(xml)?.[1];
}

test('ListObjectsV2 wire shape, url encoding and continuation', async () => {
  const r = await http('/errbkt?list-type=2&prefix=errors%2Fprocessing-failed%2F&encoding-type=url&max-keys=5');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/xml/);
  const xml = r.body.toString();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
  assert.match(xml, /<Name>errbkt<\/Name><Prefix>errors\/processing-failed\/<\/Prefix><KeyCount>1<\/KeyCount><MaxKeys>5<\/MaxKeys><EncodingType>url<\/EncodingType><IsTruncated>false<\/IsTruncated>/);
  assert.match(xml, /<Key>errors\/processing-failed\/x%20y%2Bz.json<\/Key>/);
  assert.match(xml, /<LastModified>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/LastModified>/);

  const page = (await http('/pages?list-type=2&max-keys=2&start-after=p%2F0100')).body.toString();
  assert.match(page, /<StartAfter>p\/0100<\/StartAfter>/);
  assert.match(page, /<Key>p\/0101<\/Key>.*<Key>p\/0102<\/Key>/s);
  const token = /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(page)[1];
  const next = (await http(`/pages?list-type=2&max-keys=1&continuation-token=${encodeURIComponent(token)}`)).body.toString();
  assert.match(next, /<Key>p\/0103<\/Key>/);

  const bad = await http('/pages?list-type=2&continuation-token=%25%25');
  assert.equal(bad.status, 400);
  assert.equal(errorCode(bad.body.toString()), 'InvalidArgument');
  assert.equal((await http('/pages?list-type=2&max-keys=abc')).status, 400);

  const v1 = (await http('/pages?prefix=p%2F&max-keys=2&marker=p%2F0007')).body.toString();
  assert.match(v1, /<Name>pages<\/Name><Prefix>p\/<\/Prefix><Marker>p\/0007<\/Marker><MaxKeys>2<\/MaxKeys><IsTruncated>true<\/IsTruncated><Contents><Key>p\/0008<\/Key>/);
  const v1Rolled = (await http('/errbkt?delimiter=%2F&max-keys=1')).body.toString();
  assert.match(v1Rolled, /<NextMarker>errors\/<\/NextMarker>.*<CommonPrefixes><Prefix>errors\/<\/Prefix><\/CommonPrefixes>/s);

  const location = (await http('/errbkt?location')).body.toString();
  assert.match(location, /<LocationConstraint xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><\/LocationConstraint>/);
  const empty = (await http('/emptybkt?list-type=2&prefix=nothing')).body.toString();
  assert.match(empty, /<KeyCount>0<\/KeyCount>/);
});

test('GetObject and HeadObject: ETag, ranges, headers', async () => {
  const key = `${HOUR}stream-1-2026-11-25-13-30-00-bbbb`;
  const data = objects.get(key);
  const full = await http(`/errbkt/${key}`);
  assert.equal(full.status, 200);
  assert.ok(full.body.equals(data));
  assert.equal(full.headers.get('etag'), `"${md5(data)}"`);
  assert.equal(full.headers.get('content-length'), String(data.length));
  assert.equal(full.headers.get('accept-ranges'), 'bytes');
  assert.match(full.headers.get('last-modified'), /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);

  const head = await http(`/errbkt/${key}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(head.headers.get('content-length'), String(data.length));
  assert.equal(head.headers.get('etag'), full.headers.get('etag'));

  const part = await http(`/errbkt/${key}`, { headers: { Range: 'bytes=10-19' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-19/${data.length}`);
  assert.ok(part.body.equals(data.subarray(10, 20)));
  const tail = await http(`/errbkt/${key}`, { headers: { Range: 'bytes=-5' } });
  assert.ok(tail.body.equals(data.subarray(data.length - 5)));
  const clamped = await http(`/errbkt/${key}`, { headers: { Range: 'bytes=2990-999999' } });
  assert.equal(clamped.status, 206);
  assert.equal(clamped.headers.get('content-range'), `bytes 2990-2999/${data.length}`);
  const zero = await http('/emptybkt/zero');
  assert.equal(zero.status, 200);
  assert.equal(zero.headers.get('content-length'), '0');
  assert.equal(zero.headers.get('etag'), '"d41d8cd98f00b204e9800998ecf8427e"');
  assert.equal((await http('/errbkt/errors/')).status, 404);
  const beyond = await http(`/errbkt/${key}`, { headers: { Range: 'bytes=5000-' } });
  assert.equal(beyond.status, 416);
  assert.equal(errorCode(beyond.body.toString()), 'InvalidRange');
});

test('errors: missing bucket and key, escaping keys, writes', async () => {
  const noBucket = await http('/nosuchbkt?list-type=2');
  assert.equal(noBucket.status, 404);
  assert.equal(errorCode(noBucket.body.toString()), 'NoSuchBucket');
  assert.match(noBucket.body.toString(), /<BucketName>nosuchbkt<\/BucketName>/);
  assert.equal((await http('/nosuchbkt', { method: 'HEAD' })).status, 404);
  assert.equal((await http('/errbkt', { method: 'HEAD' })).status, 200);

  const noKey = await http('/errbkt/errors/nope');
  assert.equal(noKey.status, 404);
  assert.equal(errorCode(noKey.body.toString()), 'NoSuchKey');
  assert.equal((await http('/errbkt/errors/nope', { method: 'HEAD' })).status, 404);
  assert.equal((await http('/errbkt/errors', {})).status, 404); // a directory is not an object

  for (const target of ['/errbkt/../errbkt/top-level.txt', '/errbkt/errors/../../pages/p/0001', '/errbkt/a/%2E%2E/b', '/errbkt/a%5Cb']) {
    const r = await rawGet(target);
    assert.equal(r.status, 400, target);
    assert.equal(errorCode(r.text.slice(r.text.indexOf('<?xml'))), 'InvalidArgument', target);
  }
  const badBucket = await rawGet('/../buckets');
  assert.equal(badBucket.status, 400);

  const write = await http('/errbkt/new', { method: 'PUT', body: 'x' });
  assert.equal(write.status, 403);
  assert.equal(errorCode(write.body.toString()), 'AccessDenied');
  assert.equal(existsSync(path.join(dir, 'buckets', 'errbkt', 'new')), false);
});
