// floe's Parquet metadata as DuckDB sees it: field ids, repetition, the
// Parquet types the Iceberg spec prescribes, min/max/null statistics; plus
// edge files (zero rows) and the less common ndjson input forms.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { columnInfo, icebergSchema, writeDataset } from './dataset.mjs';
import { describeParquet, openDuckDB, query, queryJson, rowGroups } from './duck.mjs';
import { describeRun, makeTempDir, parseNdjsonExact, raw, removeTempDir, runFloe, runFloeOk, toJsonLine } from './floe.mjs';
import { assertSameRows, canonFromDuckDB, canonRowsFromFloeCat, canonRowsWith } from './values.mjs';

const COLS = columnInfo();

let dir;
let conn;
let data;
let ndjsonPath;
let schemaPath;

before(async () => {
  dir = await makeTempDir();
  conn = await openDuckDB();
  ({ data, ndjsonPath, schemaPath } = await writeDataset(dir));
});

after(async () => {
  conn?.closeSync();
  if (dir) await removeTempDir(dir);
});

async function convert(out, codec, extra) {
  const args = ['parquet', 'convert', ndjsonPath, out, '--schema', schemaPath, '--codec', codec, ...extra];
  const r = await runFloe(args, { timeoutMs: 120_000 });
  assert.equal(r.code, 0, `convert failed\n${describeRun(args, r)}`);
  return r;
}

const MIN_FIXED_BYTES = (p) => {
  let n = 1;
  while (2n ** BigInt(8 * n - 1) - 1n < 10n ** BigInt(p) - 1n) n++;
  return n;
};

/** The Parquet shape the Iceberg spec prescribes for each type. */
function expectedParquetType(col) {
  const t = col.t;
  switch (t.kind) {
    case 'boolean': return { type: 'BOOLEAN', duck: 'BOOLEAN' };
    case 'int': return { type: 'INT32', duck: 'INTEGER' };
    case 'long': return { type: 'INT64', duck: 'BIGINT' };
    case 'float': return { type: 'FLOAT', duck: 'FLOAT' };
    case 'double': return { type: 'DOUBLE', duck: 'DOUBLE' };
    case 'string': return { type: 'BYTE_ARRAY', duck: 'VARCHAR' };
    case 'binary': return { type: 'BYTE_ARRAY', duck: 'BLOB' };
    case 'date': return { type: 'INT32', duck: 'DATE' };
    case 'time': return { type: 'INT64', duck: 'TIME', logical: /isAdjustedToUTC=0.*MICROS=MicroSeconds/ };
    case 'timestamp': return { type: 'INT64', duck: 'TIMESTAMP', logical: /isAdjustedToUTC=0.*MICROS=MicroSeconds/ };
    case 'timestamptz': return { type: 'INT64', duck: 'TIMESTAMP WITH TIME ZONE', logical: /isAdjustedToUTC=1.*MICROS=MicroSeconds/ };
    case 'decimal': {
      const duck = `DECIMAL(${t.precision},${t.scale})`;
      if (t.precision <= 9) return { type: 'INT32', duck };
      if (t.precision <= 18) return { type: 'INT64', duck };
      return { type: 'FIXED_LEN_BYTE_ARRAY', length: MIN_FIXED_BYTES(t.precision), duck };
    }
    case 'fixed': return { type: 'FIXED_LEN_BYTE_ARRAY', length: t.length, duck: 'BLOB' };
    case 'uuid': return { type: 'FIXED_LEN_BYTE_ARRAY', length: 16, duck: 'UUID' };
    default: throw new Error(t.kind);
  }
}

describe('schema and statistics (snappy and small-row-group files)', () => {
  let file;
  let small;
  before(async () => {
    file = path.join(dir, 'meta_default.parquet');
    small = path.join(dir, 'meta_small_rg.parquet');
    await convert(file, 'snappy', []);
    await convert(small, 'snappy', ['--row-group-bytes', '65536']);
  });

  test('DuckDB parquet_schema shows each field_id, repetition and the Iceberg Parquet type', async () => {
    const rows = await queryJson(
      conn,
      'SELECT name, field_id, repetition_type, type, type_length, logical_type, duckdb_type FROM parquet_schema($1) WHERE num_children IS NULL',
      [file],
    );
    assert.deepEqual(rows.map((r) => r.name), COLS.map((c) => c.name), 'leaf names in order');
    const problems = [];
    COLS.forEach((c, k) => {
      const r = rows[k];
      const e = expectedParquetType(c);
      const got = `field_id=${r.field_id} ${r.repetition_type} ${r.type}${r.type_length ? `(${r.type_length})` : ''} -> ${r.duckdb_type}`;
      const want = `field_id=${c.id} ${c.required ? 'REQUIRED' : 'OPTIONAL'} ${e.type}${e.length ? `(${e.length})` : ''} -> ${e.duck}`;
      if (got !== want) problems.push(`${c.name} (${c.type}): got ${got}, want ${want}`);
      if (e.logical && !e.logical.test(r.logical_type ?? '')) problems.push(`${c.name} (${c.type}): logical type ${r.logical_type}`);
    });
    assert.deepEqual(problems, []);
  });

  test('SELECT name, field_id FROM parquet_schema(?) gives the Iceberg ids', async () => {
    const rows = await queryJson(conn, 'SELECT name, field_id FROM parquet_schema($1)', [file]);
    const ids = new Map(rows.map((r) => [r.name, r.field_id === null ? null : Number(r.field_id)]));
    assert.deepEqual(
      COLS.map((c) => [c.name, ids.get(c.name)]),
      COLS.map((c) => [c.name, c.id]),
    );
  });

  // hyparquet (like other older readers) converts DATE and DECIMAL only when
  // the legacy converted_type is present, which the Parquet spec asks writers
  // to keep writing next to the logical type.
  test('string, date and decimal columns also carry the legacy converted_type', async () => {
    const rows = await queryJson(conn, 'SELECT name, converted_type, precision, scale FROM parquet_schema($1) WHERE num_children IS NULL', [file]);
    const byName = new Map(rows.map((r) => [r.name, r]));
    const problems = [];
    for (const c of COLS) {
      const r = byName.get(c.name);
      const want = { string: 'UTF8', date: 'DATE', decimal: 'DECIMAL' }[c.t.kind];
      if (!want) continue;
      if (r.converted_type !== want) problems.push(`${c.name}: converted_type ${r.converted_type}, want ${want}`);
      if (c.t.kind === 'decimal' && (Number(r.precision) !== c.t.precision || Number(r.scale) !== c.t.scale)) {
        problems.push(`${c.name}: precision/scale ${r.precision}/${r.scale}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  for (const which of ['single', 'small row groups']) {
    test(`parquet_metadata min/max/null_count match the data (${which})`, async () => {
      await checkStats(which === 'single' ? file : small);
    });
  }
});

const STATS_COLUMNS = ['row_id', 'i32', 'i32_req', 'i64', 's_req', 's_hc', 's_mc', 'd', 'd_req', 'f64', 'all_null_l', 'all_null_s'];

const utf8Cmp = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function statOrder(t) {
  switch (t.kind) {
    case 'int':
    case 'long':
      return { key: (s) => BigInt(s), cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0), fromDuck: (s) => BigInt(s) };
    case 'string':
      return { key: (s) => s, cmp: utf8Cmp, fromDuck: (s) => s };
    case 'date':
      return { key: (s) => s, cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0), fromDuck: (s) => s };
    case 'double': {
      const num = (s) => ({ Infinity: Infinity, '-Infinity': -Infinity, inf: Infinity, '-inf': -Infinity, '-0': -0 })[s] ?? Number(s);
      return { key: num, cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0), fromDuck: num, skip: (s) => s === 'NaN' };
    }
    default:
      throw new Error(t.kind);
  }
}

async function checkStats(file) {
  const groups = await rowGroups(conn, file);
  const meta = await queryJson(
    conn,
    'SELECT row_group_id::BIGINT AS rg, path_in_schema AS col, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls FROM parquet_metadata($1)',
    [file],
  );
  const byKey = new Map(meta.map((m) => [`${Number(m.rg)}/${m.col}`, m]));
  const problems = [];
  for (const name of STATS_COLUMNS) {
    const k = COLS.findIndex((c) => c.name === name);
    const col = COLS[k];
    const ord = statOrder(col.t);
    for (const g of groups) {
      const m = byKey.get(`${g.id}/${name}`);
      const where = `${name} row group ${g.id}`;
      let lo;
      let hi;
      let nulls = 0;
      let nonNull = 0;
      for (let r = g.start; r < g.start + g.rows; r++) {
        const s = data.expected[r][k];
        if (s === null) {
          nulls++;
          continue;
        }
        nonNull++;
        if (ord.skip?.(s)) continue;
        const x = ord.key(s);
        if (lo === undefined || ord.cmp(x, lo) < 0) lo = x;
        if (hi === undefined || ord.cmp(x, hi) > 0) hi = x;
      }
      if (m.nulls === null || Number(m.nulls) !== nulls) problems.push(`${where}: null_count ${m.nulls}, want ${nulls}`);
      if (nonNull === 0) {
        if (m.lo !== null || m.hi !== null) problems.push(`${where}: all null, yet min=${m.lo} max=${m.hi}`);
        continue;
      }
      if (lo === undefined) continue; // only NaN
      if (col.t.kind === 'double' && m.lo === null && m.hi === null) continue; // float stats are optional
      if (m.lo === null || m.hi === null) {
        problems.push(`${where}: no min_value/max_value statistics`);
        continue;
      }
      if (ord.cmp(ord.fromDuck(m.lo), lo) !== 0) problems.push(`${where}: min ${JSON.stringify(m.lo)}, want ${JSON.stringify(String(lo))}`);
      if (ord.cmp(ord.fromDuck(m.hi), hi) !== 0) problems.push(`${where}: max ${JSON.stringify(m.hi)}, want ${JSON.stringify(String(hi))}`);
    }
  }
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} statistics problems`);
}

// ---------------------------------------------------------------------------
// Edge files.

test('a zero-row file is valid for DuckDB, hyparquet and floe', async () => {
  const input = path.join(dir, 'empty.ndjson');
  const out = path.join(dir, 'empty.parquet');
  await writeFile(input, '');
  const args = ['parquet', 'convert', input, out, '--schema', schemaPath];
  const r = await runFloe(args);
  assert.equal(r.code, 0, describeRun(args, r));
  const types = await describeParquet(conn, out);
  assert.deepEqual(types.map((t) => t.name), COLS.map((c) => c.name));
  const [{ n }] = await queryJson(conn, 'SELECT count(*)::BIGINT AS n FROM read_parquet($1)', [out]);
  assert.equal(Number(n), 0);
  const ids = await queryJson(conn, 'SELECT name, field_id FROM parquet_schema($1) WHERE num_children IS NULL', [out]);
  assert.deepEqual(ids.map((x) => [x.name, Number(x.field_id)]), COLS.map((c) => [c.name, c.id]));
  const buf = await readFile(out);
  const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), compressors });
  assert.deepEqual(rows, []);
  const cat = await runFloeOk(['parquet', 'cat', out]);
  assert.equal(cat.stdout, '');
});

test('convert takes short fractional seconds (HH:MM:SS.f) and pads them to micros', async () => {
  const cols = [
    ['t', 'time', false],
    ['ts', 'timestamp', false],
    ['tstz', 'timestamptz', false],
  ];
  const info = columnInfo(cols);
  const rows = [
    [{ t: '01:02:03.5', ts: '2024-01-02T03:04:05.12', tstz: '2024-01-02T03:04:05.1+01:00' },
      ['01:02:03.500000', '2024-01-02T03:04:05.120000', '2024-01-02T02:04:05.100000Z']],
    [{ t: '23:59:59.00001', ts: '2024-01-02 03:04:05.123', tstz: '2024-01-02 03:04:05.12345Z' },
      ['23:59:59.000010', '2024-01-02T03:04:05.123000', '2024-01-02T03:04:05.123450Z']],
  ];
  await convertAndCheckSmall('short_fraction', cols, info, rows);
});

test('convert takes decimals given as JSON numbers by their text (0.1 -> 0.10)', async () => {
  const cols = [
    ['d2', 'decimal(9,2)', false],
    ['d10', 'decimal(38,10)', false],
  ];
  const info = columnInfo(cols);
  // raw(): JS would round these when writing them as numbers.
  const rows = [
    [{ d2: 0.1, d10: 0.1 }, ['0.10', '0.1000000000']],
    [{ d2: 12.3, d10: raw('-1234567.0000000001') }, ['12.30', '-1234567.0000000001']],
    [{ d2: -0.07, d10: 3 }, ['-0.07', '3.0000000000']],
    [{ d2: null, d10: raw('1234567890123456789.5') }, [null, '1234567890123456789.5000000000']],
  ];
  await convertAndCheckSmall('decimal_numbers', cols, info, rows);
});

async function convertAndCheckSmall(name, cols, info, rows) {
  const input = path.join(dir, `${name}.ndjson`);
  const schema = path.join(dir, `${name}.schema.json`);
  const out = path.join(dir, `${name}.parquet`);
  const text = rows.map(([obj]) => `${toJsonLine(obj)}\n`).join('');
  await writeFile(input, text);
  await writeFile(schema, JSON.stringify(icebergSchema(cols)));
  const args = ['parquet', 'convert', input, out, '--schema', schema];
  const r = await runFloe(args);
  assert.equal(r.code, 0, describeRun(args, r));
  const expected = rows.map(([, e]) => e);
  const duck = canonRowsWith(canonFromDuckDB, await query(conn, 'SELECT * FROM read_parquet($1)', [out]), info);
  assertSameRows(`DuckDB (${name})`, info, expected, duck);
  const cat = await runFloeOk(['parquet', 'cat', out]);
  assertSameRows(`floe cat (${name})`, info, expected, canonRowsFromFloeCat(parseNdjsonExact(cat.stdout), info));
}

// The data set must really contain what the suite claims to test.
