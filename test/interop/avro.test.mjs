// avsc, an independent Avro implementation, judges floe's Avro containers:
// it must decode the Iceberg-manifest-like files floe writes (null and deflate
// codecs, many blocks) to the expected values and see the header metadata and
// the field-id/element-id attributes of the embedded schema. The reverse: avsc
// writes a deflate container with every Avro type, and floe must print the same
// records.
//
// avsc reads longs as BigInt (a LongType.__with type), so int64 extremes are
// checked; floe's JSON lines are parsed with exact numbers.
//
// The helper binary is <FLOE_BUILD_DIR>/src/floe/format/avro/avro_write_sample;
// FLOE_BUILD_DIR defaults to <repo>/build.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import avsc from 'avsc';

import { JsonNumber, REPO_ROOT, parseJsonExact, tempDirFor } from './floe.mjs';

const BUILD_DIR = process.env.FLOE_BUILD_DIR || path.join(REPO_ROOT, 'build');
const HELPER = path.join(BUILD_DIR, 'src', 'floe', 'format', 'avro', 'avro_write_sample');
const N_RECORDS = 3000;

async function runHelper(args) {
  if (!existsSync(HELPER)) {
    throw new Error(`${HELPER} not found (ninja -C build avro_write_sample, or set FLOE_BUILD_DIR)`);
  }
  const { stdout } = await promisify(execFile)(HELPER, args, { maxBuffer: 256 << 20 });
  return stdout;
}

// avsc's default long type refuses values beyond 2^52; this one is exact.
const BIGINT_LONG = avsc.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});
const forSchema = (schema) => avsc.Type.forSchema(schema, { registry: { long: BIGINT_LONG } });

/** Decodes a container with avsc: {type, codec, header, records}. */
function decodeWithAvsc(file) {
  return new Promise((resolve, reject) => {
    const records = [];
    let meta = {};
    avsc
      .createFileDecoder(file, { parseHook: forSchema })
      .on('metadata', (type, codec, header) => {
        meta = { type, codec, header };
      })
      .on('data', (record) => records.push(record))
      .on('error', reject)
      .on('end', () => resolve({ ...meta, records }));
  });
}

/**
 * A comparable form: plain objects (avsc records are class instances), bytes
 * as latin1 strings (one code point per byte, as floe's JSON view prints them),
 * integers as BigInt whether they come from avsc (number or bigint) or from
 * floe's exact JSON (JsonNumber); other numbers stay numbers, -0 included.
 */
function canon(v) {
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (v instanceof JsonNumber) return /^-?\d+$/.test(v.raw) ? BigInt(v.raw) : Number(v.raw);
  if (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0)) return BigInt(v);
  if (Array.isArray(v)) return v.map(canon);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
  }
  return v;
}

/** floe's JSON lines, numbers exact. */
const parseLines = (text) => text.trimEnd().split('\n').map(parseJsonExact);

/** Record i as write_sample_main.cc's SampleEntry writes it. */
function sampleEntry(i) {
  let columnSizes = null;
  if (i % 4 === 1) columnSizes = [];
  else if (i % 4 !== 0) columnSizes = [{ key: 1, value: i * 10 }, { key: 2, value: i * 20 }];
  return {
    status: i % 3,
    snapshot_id: i % 5 === 0 ? null : i === 2 ? -(2n ** 63n) : 1_000_000_000_000 + i,
    sequence_number: i % 2 === 1 ? i : null,
    file_sequence_number: i % 2 === 1 ? i : null,
    data_file: {
      content: 0,
      file_path: `s3://bucket/data/é-${i}.parquet`,
      file_format: 'PARQUET',
      partition: { day: i % 7 !== 0 ? 19000 + i : null },
      record_count: i === 1 ? 2n ** 63n - 1n : i * 1000 + 1,
      file_size_in_bytes: 4096 + i * 17,
      column_sizes: columnSizes,
      lower_bounds: i % 3 !== 0 ? [{ key: 1, value: Buffer.from([i & 0xff, 0, 0xff]) }] : null,
      key_metadata: i % 10 === 3 ? Buffer.alloc(0) : null,
      split_offsets: [4, 4 + i],
      sort_order_id: i % 2 === 1 ? 0 : null,
    },
  };
}

function countOccurrences(haystack, needle) {
  let n = 0;
  for (let p = haystack.indexOf(needle); p !== -1; p = haystack.indexOf(needle, p + 1)) n++;
  return n;
}

describe('avsc reads floe Avro containers', () => {
  for (const codec of ['null', 'deflate']) {
    test(`manifest-like container, codec ${codec}`, async (t) => {
      const dir = await tempDirFor(t);
      const file = path.join(dir, `manifest-${codec}.avro`);
      await runHelper(['write', file, codec, String(N_RECORDS)]);

      const { type, codec: seenCodec, header, records } = await decodeWithAvsc(file);
      assert.equal(seenCodec, codec);
      assert.equal(type.name, 'manifest_entry');
      assert.equal(records.length, N_RECORDS);
      for (let i = 0; i < N_RECORDS; i++) {
        assert.deepStrictEqual(canon(records[i]), canon(sampleEntry(i)), `record ${i}`);
      }

      // Header keys in the order floe wrote them, values as given.
      assert.deepStrictEqual(Object.keys(header.meta), [
        'avro.schema',
        'avro.codec',
        'schema',
        'schema-id',
        'partition-spec',
        'partition-spec-id',
        'format-version',
        'content',
      ]);
      const meta = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString('utf8')]));
      assert.equal(meta['format-version'], '2');
      assert.equal(meta.content, 'data');
      assert.equal(meta['partition-spec-id'], '0');
      assert.equal(JSON.parse(meta['partition-spec'])[0]['field-id'], 1000);
      assert.equal(JSON.parse(meta.schema)['schema-id'], 0);

      // The embedded schema is compact JSON that keeps Iceberg's attributes.
      const schemaText = meta['avro.schema'];
      assert.equal(JSON.stringify(JSON.parse(schemaText)), schemaText);
      const schema = JSON.parse(schemaText);
      assert.equal(schema.name, 'manifest_entry');
      assert.deepStrictEqual(
        schema.fields.map((f) => [f.name, f['field-id']]),
        [['status', 0], ['snapshot_id', 1], ['sequence_number', 3], ['file_sequence_number', 4], ['data_file', 2]],
      );
      const r2 = schema.fields[4].type;
      assert.equal(r2.name, 'r2');
      const field = (name) => r2.fields.find((f) => f.name === name);
      assert.equal(field('file_path')['field-id'], 100);
      assert.equal(field('content').doc.startsWith('Contents of the file'), true);
      assert.equal(field('split_offsets').type[1]['element-id'], 133);
      assert.equal(field('split_offsets').default, null);
      const sizes = field('column_sizes').type[1];
      assert.equal(sizes.logicalType, 'map');
      assert.equal(sizes.items.name, 'k117_v118');
      assert.deepStrictEqual(sizes.items.fields.map((f) => f['field-id']), [117, 118]);
      assert.equal(field('partition').type.fields[0]['field-id'], 1000);

      // Many blocks: the sync marker ends the header and every block.
      const bytes = await readFile(file);
      assert.ok(countOccurrences(bytes, header.sync) >= 4, 'expected several blocks');
      assert.deepStrictEqual(bytes.subarray(-16), header.sync);
    });
  }
});

const AVSC_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  namespace: 'org.example',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'flag', type: 'boolean' },
    { name: 'ratio', type: 'float' },
    { name: 'score', type: 'double' },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['DATA', 'DELETES'] } },
    { name: 'digest', type: { type: 'fixed', name: 'md5ish', size: 4 } },
    { name: 'tags', type: { type: 'map', values: 'string' } },
    {
      name: 'partitions',
      type: [
        'null',
        {
          type: 'array',
          'element-id': 508,
          items: {
            type: 'record',
            name: 'r508',
            fields: [
              { name: 'contains_null', type: 'boolean', 'field-id': 509 },
              { name: 'lower_bound', type: ['null', 'bytes'], default: null, 'field-id': 510 },
            ],
          },
        },
      ],
      default: null,
      'field-id': 507,
    },
    { name: 'key_metadata', type: ['null', 'bytes'], default: null, 'field-id': 519 },
    { name: 'choice', type: ['null', 'string', 'long'], default: null },
  ],
};

function avscRecord(i) {
  const special = { 5: NaN, 6: Infinity, 7: -0 };
  return {
    manifest_path: `s3://bucket/metadata/${i}-m0.avro`,
    manifest_length: i === 7 ? 2 ** 52 : i === 8 ? -(2 ** 52) : i * 123_456_789,
    partition_spec_id: i === 9 ? -2147483648 : i % 3,
    flag: i % 2 === 0,
    ratio: i in special ? special[i] : i / 8 + 0.1,
    score: i === 5 ? -Infinity : i * 0.1 + 0.05,
    kind: i % 2 ? 'DELETES' : 'DATA',
    digest: Buffer.from([i & 0xff, 0x80, 0, 0xff]),
    tags: i % 3 === 0 ? {} : { a: `x${i}`, 'ü': '日本' },
    partitions: i % 4 === 0 ? null : [{ contains_null: i % 2 === 0, lower_bound: i % 3 === 0 ? null : Buffer.from([i & 0xff]) }],
    key_metadata: i % 10 === 3 ? Buffer.from('key') : null,
    choice: i % 3 === 0 ? null : i % 3 === 1 ? `s${i}` : i * -1_000_000_000,
  };
}

/** What avro_write_sample read prints for avscRecord(i), before canon(). */
function expectedFloeJson(r) {
  const num = (x) => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x);
  return { ...r, ratio: num(Math.fround(r.ratio)), score: num(r.score) };
}

describe('floe reads avsc Avro containers', () => {
  test('deflate container with every type, many blocks', async (t) => {
    const dir = await tempDirFor(t);
    const file = path.join(dir, 'avsc.avro');
    const n = 2000;
    // The body of avsc.createFileEncoder, with a pipeline so the test can wait
    // for the file to be complete. Given the schema object (not a Type), avsc
    // writes it to the header with its attributes; its default long type
    // limits longs to +-2^52 here (int64 extremes cross in the other direction).
    const encoder = new avsc.streams.BlockEncoder(AVSC_SCHEMA, {
      codec: 'deflate',
      blockSize: 4096,
      metadata: { 'format-version': Buffer.from('2'), 'snapshot-id': Buffer.from('42') },
    });
    await pipeline(
      Readable.from(Array.from({ length: n }, (_, i) => avscRecord(i))),
      encoder,
      createWriteStream(file),
    );
    const bytes = await readFile(file);
    assert.ok(countOccurrences(bytes, bytes.subarray(-16)) >= 4, 'expected several blocks');

    const header = JSON.parse(await runHelper(['header', file]));
    assert.equal(header['avro.codec'], 'deflate');
    assert.equal(header['format-version'], '2');
    assert.equal(header['snapshot-id'], '42');
    assert.equal(JSON.parse(header['avro.schema']).fields[9].type[1]['element-id'], 508);

    const rows = parseLines(await runHelper(['read', file]));
    assert.equal(rows.length, n);
    for (let i = 0; i < n; i++) {
      assert.deepStrictEqual(canon(rows[i]), canon(expectedFloeJson(avscRecord(i))), `record ${i}`);
    }
  });

  test('floe reads its own files back identically to avsc', async (t) => {
    const dir = await tempDirFor(t);
    const file = path.join(dir, 'self.avro');
    await runHelper(['write', file, 'deflate', '300']);
    const rows = parseLines(await runHelper(['read', file]));
    const { records } = await decodeWithAvsc(file);
    assert.equal(rows.length, 300);
    assert.equal(records.length, 300);
    for (let i = 0; i < rows.length; i++) {
      assert.deepStrictEqual(canon(rows[i]), canon(records[i]), `record ${i}`);
    }
  });
});
