// DuckDB writes Parquet (v1 and v2 pages, every codec it has that floe
// reads, many row groups); floe parquet cat must print the same values
// DuckDB reads back from the same file.

import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parquetWriteBuffer } from 'hyparquet-writer';

import { describeParquet, icebergTypeOfDuckType, openDuckDB, query, queryJson } from './duck.mjs';
import { describeRun, makeTempDir, parseNdjsonExact, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { dataPages, pageLayout } from './pages.mjs';
import { assertSameRows, canonDouble, canonFloat, canonFromDuckDB, canonRowsFromFloeCat, canonRowsWith, typeInfo } from './values.mjs';

const N_ROWS = 10_000;

// One expression per column; row i, nulls on a per-column stride. The first
// rows carry the edge values. Strings built from md5 keep cardinality high so
// v2 files use the DELTA_* and BYTE_STREAM_SPLIT encodings.
const nullable = (stride, expr, type) => `(CASE WHEN i % ${stride} = ${stride - 1} THEN NULL ELSE ${expr} END)::${type}`;
const sign = (salt) => `(CASE WHEN hash(i * ${salt}) % 2 = 0 THEN '-' ELSE '' END)`;
const digits = (salt, n) => `lpad((hash(i * ${salt} + 1) % ${10n ** BigInt(Math.min(n, 18))})::VARCHAR, ${Math.min(n, 18)}, '0')`;
const decimal = (p, s, salt) => {
  const intDigits = p - s;
  const intPart = intDigits > 18 ? `${digits(salt, 18)} || ${digits(salt + 1, intDigits - 18)}` : digits(salt, intDigits);
  return `(${sign(salt)} || ${intPart} || '.' || ${digits(salt + 2, s)})`;
};

const MAIN_COLUMNS = [
  ['row_id', 'i', 'BIGINT'],
  ['b', nullable(11, 'hash(i) % 2 = 0', 'BOOLEAN'), ''],
  ['i32', `CASE i WHEN 0 THEN -2147483648 WHEN 1 THEN 2147483647 WHEN 2 THEN 0 ELSE ${nullable(13, '(hash(i) % 4294967296)::BIGINT - 2147483648', 'BIGINT')} END`, 'INTEGER'],
  ['i64', `CASE i WHEN 0 THEN (-9223372036854775808)::BIGINT WHEN 1 THEN 9223372036854775807::BIGINT ELSE ${nullable(7, '(hash(i * 7) >> 1)::BIGINT * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END)', 'BIGINT')} END`, 'BIGINT'],
  ['f32', `CASE i WHEN 0 THEN 'NaN'::FLOAT WHEN 1 THEN 'inf'::FLOAT WHEN 2 THEN '-inf'::FLOAT WHEN 3 THEN '-0.0'::FLOAT WHEN 4 THEN 3.4028235e38::FLOAT WHEN 5 THEN 1.4e-45::FLOAT WHEN 6 THEN 0.1::FLOAT ELSE ${nullable(9, '((hash(i * 3) % 2000001)::DOUBLE - 1000000) / 977', 'FLOAT')} END`, 'FLOAT'],
  ['f64', `CASE i WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 2 THEN '-inf'::DOUBLE WHEN 3 THEN '-0.0'::DOUBLE WHEN 4 THEN 1.7976931348623157e308 WHEN 5 THEN 5e-324 WHEN 6 THEN 0.1 WHEN 7 THEN 1e300 ELSE ${nullable(8, '((hash(i * 5) % 2000000001)::DOUBLE - 1000000000) / 7919', 'DOUBLE')} END`, 'DOUBLE'],
  ['s', `CASE i WHEN 0 THEN '' WHEN 1 THEN 'héllo 日本語 🦆 "quoted" back\\\\slash' WHEN 2 THEN repeat('long é🦆 ', 20000) WHEN 3 THEN E'new\\nline\\ttab' ELSE ${nullable(10, "md5(i::VARCHAR) || '-ü'", 'VARCHAR')} END`, 'VARCHAR'],
  ['s_low', `['red', 'green', 'blue', 'ünïcode', ''][i % 5 + 1]`, 'VARCHAR'],
  ['bin', `CASE i WHEN 0 THEN ''::BLOB WHEN 1 THEN '\\x00\\xFF\\x80'::BLOB ELSE ${nullable(12, 'unhex(md5(i::VARCHAR))', 'BLOB')} END`, 'BLOB'],
  ['d', `CASE i WHEN 0 THEN DATE '0001-01-01' WHEN 1 THEN DATE '9999-12-31' WHEN 2 THEN DATE '1969-12-31' ELSE ${nullable(14, "DATE '1970-01-01' + ((hash(i) % 200000)::INTEGER - 100000)", 'DATE')} END`, 'DATE'],
  ['t', `CASE i WHEN 0 THEN TIME '00:00:00' WHEN 1 THEN TIME '23:59:59.999999' ELSE ${nullable(15, "TIME '00:00:00' + to_microseconds((hash(i) % 86400000000)::BIGINT)", 'TIME')} END`, 'TIME'],
  ['ts', `CASE i WHEN 0 THEN TIMESTAMP '0001-01-01 00:00:00' WHEN 1 THEN TIMESTAMP '9999-12-31 23:59:59.999999' WHEN 2 THEN TIMESTAMP '1969-12-31 23:59:59.999999' ELSE ${nullable(16, 'make_timestamp((hash(i) % 7000000000000000)::BIGINT - 2000000000000000)', 'TIMESTAMP')} END`, 'TIMESTAMP'],
  ['tstz', nullable(17, 'make_timestamp((hash(i * 11) % 4000000000000000)::BIGINT)', 'TIMESTAMPTZ'), ''],
  ['dec9', `CASE i WHEN 0 THEN '-9999999.99' WHEN 1 THEN '9999999.99' WHEN 2 THEN '-12.30' ELSE ${nullable(18, decimal(9, 2, 21), 'VARCHAR')} END`, 'DECIMAL(9,2)'],
  ['dec18', `CASE i WHEN 0 THEN '-99999999999999.9999' WHEN 1 THEN '99999999999999.9999' ELSE ${nullable(19, decimal(18, 4, 31), 'VARCHAR')} END`, 'DECIMAL(18,4)'],
  ['dec38', `CASE i WHEN 0 THEN '-9999999999999999999999999999.9999999999' WHEN 1 THEN '9999999999999999999999999999.9999999999' WHEN 2 THEN '0.0000000001' ELSE ${nullable(20, decimal(38, 10, 41), 'VARCHAR')} END`, 'DECIMAL(38,10)'],
  ['uid', `CASE i WHEN 0 THEN '00000000-0000-0000-0000-000000000000'::UUID WHEN 1 THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID ELSE ${nullable(21, 'md5(i::VARCHAR)::UUID', 'UUID')} END`, 'UUID'],
  ['all_null', 'NULL', 'BIGINT'],
];

// Types floe reads for files written by others but does not write itself.
const EXTRA_COLUMNS = [
  ['row_id', 'i', 'BIGINT'],
  ['i8', nullable(5, '(hash(i) % 256)::INTEGER - 128', 'INTEGER'), 'TINYINT'],
  ['i16', nullable(6, '(hash(i) % 65536)::INTEGER - 32768', 'INTEGER'), 'SMALLINT'],
  ['ts_ms', nullable(7, 'make_timestamp((hash(i) % 4000000000000000)::BIGINT)', 'TIMESTAMP'), 'TIMESTAMP_MS'],
  ['ts_ns', nullable(8, 'make_timestamp_ns((hash(i) % 4000000000000000000)::BIGINT)', 'TIMESTAMP_NS'), ''],
  ['ts_s', nullable(9, 'make_timestamp((hash(i) % 4000000000000000)::BIGINT)', 'TIMESTAMP'), 'TIMESTAMP_S'],
];

const select = (cols) =>
  `SELECT ${cols.map(([name, expr, cast]) => `${cast ? `(${expr})::${cast}` : expr} AS ${name}`).join(', ')} FROM range(${N_ROWS}) t(i)`;

const FILES = [
  { name: 'duckdb defaults', options: '' },
  { name: 'uncompressed', options: ', COMPRESSION uncompressed' },
  { name: 'snappy', options: ', COMPRESSION snappy' },
  { name: 'zstd', options: ', COMPRESSION zstd' },
  { name: 'gzip', options: ', COMPRESSION gzip' },
  { name: 'lz4_raw', options: ', COMPRESSION lz4_raw' },
  { name: 'parquet v2', options: ', PARQUET_VERSION v2' },
  { name: 'parquet v2 zstd', options: ', PARQUET_VERSION v2, COMPRESSION zstd' },
  { name: 'many row groups', options: ', ROW_GROUP_SIZE 2048' },
  { name: 'extra types (TINYINT, SMALLINT, TIMESTAMP_MS/NS/S)', options: '', table: 'extra' },
  { name: 'zero rows', options: '', table: 'empty' },
];

let dir;
let conn;

before(async () => {
  dir = await makeTempDir();
  conn = await openDuckDB({ threads: 1 });
  await conn.run(`CREATE TABLE main AS ${select(MAIN_COLUMNS)}`);
  await conn.run(`CREATE TABLE extra AS ${select(EXTRA_COLUMNS)}`);
  await conn.run('CREATE TABLE empty AS SELECT * FROM main LIMIT 0');
});

after(async () => {
  conn?.closeSync();
  if (dir) await removeTempDir(dir);
});

for (const f of FILES) {
  describe(`DuckDB COPY (FORMAT parquet${f.options}) of ${f.table ?? 'main'} -> floe`, () => {
    let file;
    let columns;
    let expected;
    before(async () => {
      file = path.join(dir, `${f.name.replace(/\W+/g, '_')}.parquet`);
      await conn.run(`COPY ${f.table ?? 'main'} TO '${file}' (FORMAT parquet${f.options})`);
      const types = await describeParquet(conn, file);
      columns = types.map((t) => ({ name: t.name, type: t.duckType, t: icebergTypeOfDuckType(t.duckType) }));
      const rows = await query(conn, 'SELECT * FROM read_parquet($1)', [file]);
      expected = canonRowsWith(canonFromDuckDB, rows, columns);
    });

    test('floe parquet cat prints the values DuckDB reads', async () => {
      const r = await runFloeOk(['parquet', 'cat', file], { timeoutMs: 120_000 });
      assertSameRows(`floe cat of ${f.name}`, columns, expected, canonRowsFromFloeCat(parseNdjsonExact(r.stdout), columns));
    });

    test('floe parquet cat --limit 5 prints the first 5 rows', async () => {
      const r = await runFloeOk(['parquet', 'cat', file, '--limit', '5']);
      const lines = parseNdjsonExact(r.stdout);
      const want = expected.slice(0, 5);
      assert.equal(lines.length, want.length, 'line count');
      assertSameRows(`floe cat --limit 5 of ${f.name}`, columns, want, canonRowsFromFloeCat(lines, columns));
    });

    for (const cmd of ['schema', 'meta']) {
      test(`floe parquet ${cmd} exits 0 and names every column`, async () => {
        const args = ['parquet', cmd, file];
        const r = await runFloe(args);
        assert.equal(r.code, 0, describeRun(args, r));
        for (const c of columns) assert.ok(r.stdout.includes(c.name), `${cmd} output does not mention column ${c.name}:\n${r.stdout.slice(0, 3000)}`);
      });
    }
  });
}

// DuckDB computes INT32 deltas in 64 bits, so a miniblock can be 33 bits
// wide; DuckDB and hyparquet read such files, and so must floe.
test('DELTA_BINARY_PACKED INT32 with deltas wider than 32 bits (DuckDB v2 writes bit width 33)', async () => {
  const file = path.join(dir, 'delta_i32_wide.parquet');
  await conn.run(`COPY (SELECT unnest([0, 2147483647, -2147483648, 2147483647])::INTEGER AS i) TO '${file}' (FORMAT parquet, PARQUET_VERSION v2)`);
  const r = await runFloeOk(['parquet', 'cat', file]);
  assert.equal(r.stdout, '{"i":0}\n{"i":2147483647}\n{"i":-2147483648}\n{"i":2147483647}\n');
});

// Self-checks: the files must exercise what their names claim.
describe('DuckDB files exercise the encodings and layouts under test', () => {
  // DuckDB 1.5 keeps v1 page headers under PARQUET_VERSION v2; the
  // hyparquet-writer files below cover DATA_PAGE_V2.
  test('parquet v2 uses DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT', async () => {
    const file = path.join(dir, 'parquet_v2.parquet');
    await conn.run(`COPY main TO '${file}' (FORMAT parquet, PARQUET_VERSION v2)`);
    const enc = await queryJson(conn, "SELECT string_agg(DISTINCT encodings, ',') AS e FROM parquet_metadata($1)", [file]);
    for (const e of ['DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'BYTE_STREAM_SPLIT', 'RLE_DICTIONARY']) {
      assert.ok(enc[0].e.includes(e), `v2 file lacks ${e}: ${enc[0].e}`);
    }
  });

  test('ROW_GROUP_SIZE 2048 gives several row groups', async () => {
    const file = path.join(dir, 'rg_check.parquet');
    await conn.run(`COPY main TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const [{ n }] = await queryJson(conn, 'SELECT count(DISTINCT row_group_id)::BIGINT AS n FROM parquet_metadata($1)', [file]);
    assert.ok(Number(n) >= 4, `${n} row groups`);
  });

  test('every codec is what the file says', async () => {
    for (const [codec, want] of [['uncompressed', 'UNCOMPRESSED'], ['gzip', 'GZIP'], ['lz4_raw', 'LZ4_RAW'], ['zstd', 'ZSTD']]) {
      const file = path.join(dir, `codec_${codec}.parquet`);
      await conn.run(`COPY (SELECT * FROM main LIMIT 10) TO '${file}' (FORMAT parquet, COMPRESSION ${codec})`);
      const rows = await queryJson(conn, 'SELECT DISTINCT compression FROM parquet_metadata($1)', [file]);
      assert.deepEqual(rows.map((r) => r.compression), [want]);
    }
  });
});

// DuckDB writes only v1 page headers (even with PARQUET_VERSION v2), so
// hyparquet-writer supplies DATA_PAGE_V2 pages, DELTA_BYTE_ARRAY and RLE booleans.
describe('hyparquet-writer DATA_PAGE_V2 files -> floe', () => {
  const n = 3000;
  const I32 = [-2147483648, 2147483647, 0];
  const I64 = [-(2n ** 63n), 2n ** 63n - 1n, 0n];
  const F64 = [NaN, Infinity, -Infinity, -0, 0.1, 5e-324];
  const F32 = [NaN, -Infinity, -0, Math.fround(0.1)];
  const str = (i) => (i === 0 ? '' : i === 1 ? 'héllo 🦆 "q" \\ \n' : `shared/prefix/${String(i).padStart(5, '0')}/ü`);
  const cols = [
    ['id', 'INT64', 'long', (i) => BigInt(i), { nullable: false, encoding: 'DELTA_BINARY_PACKED' }],
    ['i32', 'INT32', 'int', (i) => (i % 10 === 9 ? null : I32[i] ?? Math.imul(i, 2654435761)), { encoding: 'DELTA_BINARY_PACKED' }],
    ['i64', 'INT64', 'long', (i) => (i % 9 === 8 ? null : I64[i] ?? BigInt(i) * 1_000_000_007n * (i % 2 ? -1n : 1n)), { encoding: 'DELTA_BINARY_PACKED' }],
    ['f64', 'DOUBLE', 'double', (i) => (i % 11 === 10 ? null : F64[i] ?? (i - 1500) / 7), { encoding: 'BYTE_STREAM_SPLIT' }],
    ['f32', 'FLOAT', 'float', (i) => (i % 11 === 10 ? null : F32[i] ?? Math.fround(i / 3)), { encoding: 'BYTE_STREAM_SPLIT' }],
    ['s_dlba', 'STRING', 'string', (i) => (i % 12 === 11 ? null : str(i)), { encoding: 'DELTA_LENGTH_BYTE_ARRAY' }],
    ['s_dba', 'STRING', 'string', (i) => (i % 12 === 11 ? null : str(i)), { encoding: 'DELTA_BYTE_ARRAY' }],
    ['s_plain', 'STRING', 'string', (i) => (i % 12 === 11 ? null : str(i)), { encoding: 'PLAIN' }],
    ['s_dict', 'STRING', 'string', (i) => (i % 7 === 6 ? null : ['a', 'bb', 'ccc', 'ü'][i % 4]), {}],
    ['b', 'BOOLEAN', 'boolean', (i) => (i % 13 === 12 ? null : i % 3 === 0), {}],
  ];
  const columns = cols.map(([name, , type]) => ({ name, type, t: typeInfo(type) }));
  const canon = { long: (x) => x.toString(), int: (x) => String(x), double: canonDouble, float: canonFloat, string: (x) => x, boolean: (x) => String(x) };
  const expected = Array.from({ length: n }, (_, i) =>
    cols.map(([, , type, gen]) => {
      const x = gen(i);
      return x === null ? null : canon[type](x);
    }),
  );

  for (const [label, options] of [
    ['snappy, small pages and row groups', { codec: 'SNAPPY', pageSize: 4096, rowGroupSize: 1000 }],
    ['uncompressed', { codec: 'UNCOMPRESSED' }],
  ]) {
    describe(label, () => {
      let file;
      before(async () => {
        file = path.join(dir, `hyparquet_writer_${label.replace(/\W+/g, '_')}.parquet`);
        const buf = parquetWriteBuffer({
          columnData: cols.map(([name, type, , gen, extra]) => ({ name, type, data: Array.from({ length: n }, (_, i) => gen(i)), ...extra })),
          ...options,
        });
        await writeFile(file, new Uint8Array(buf));
      });

      test('the file has DATA_PAGE_V2 pages in the encodings under test (self-check), and DuckDB agrees with the source', async () => {
        const { chunks } = await pageLayout(file);
        const seen = new Set(chunks.flatMap((c) => dataPages(c).map((p) => `${p.type}/${p.encoding}`)));
        for (const e of ['DELTA_BINARY_PACKED', 'BYTE_STREAM_SPLIT', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY', 'PLAIN', 'RLE_DICTIONARY', 'RLE']) {
          assert.ok(seen.has(`DATA_PAGE_V2/${e}`), `no DATA_PAGE_V2/${e} page; saw ${[...seen].join(', ')}`);
        }
        const duck = canonRowsWith(canonFromDuckDB, await query(conn, 'SELECT * FROM read_parquet($1)', [file]), columns);
        assertSameRows(`DuckDB read of hyparquet-writer file (${label})`, columns, expected, duck);
      });

      test('floe parquet cat prints the source values', async () => {
        const r = await runFloeOk(['parquet', 'cat', file]);
        assertSameRows(`floe cat of hyparquet-writer file (${label})`, columns, expected, canonRowsFromFloeCat(parseNdjsonExact(r.stdout), columns));
      });
    });
  }
});
