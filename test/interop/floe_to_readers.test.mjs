// floe writes Parquet; DuckDB and hyparquet (readers we did not write) must
// read back every value of every Iceberg type, with the field ids, types,
// statistics and page layout the flags ask for.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { COLUMNS, buildRows, columnInfo, icebergSchema } from './dataset.mjs';
import { describeParquet, openDuckDB, query, queryJson, rowGroups } from './duck.mjs';
import { describeRun, makeTempDir, parseNdjsonExact, raw, removeTempDir, runFloe, runFloeOk, toJsonLine, writeNdjson } from './floe.mjs';
import { dataPages, dictPages, isDictEncoding, pageLayout } from './pages.mjs';
import {
  HYPARQUET_PARSERS,
  assertSameRows,
  canonFromDuckDB,
  canonFromHyparquet,
  canonRowsFromFloeCat,
  canonRowsWith,
} from './values.mjs';

const N_ROWS = 20_000;
const COLS = columnInfo();

const CODEC_NAMES = { snappy: 'SNAPPY', zstd: 'ZSTD', none: 'UNCOMPRESSED', gzip: 'GZIP', lz4_raw: 'LZ4_RAW' };

const CONFIGS = [
  { name: 'snappy', codec: 'snappy', args: [] },
  { name: 'zstd', codec: 'zstd', args: [] },
  { name: 'none', codec: 'none', args: [] },
  { name: 'gzip', codec: 'gzip', args: [] },
  { name: 'lz4_raw', codec: 'lz4_raw', args: [] },
  { name: 'zstd level 9', codec: 'zstd', args: ['--zstd-level', '9'] },
  { name: 'no dictionary', codec: 'snappy', args: ['--no-dictionary'], check: checkNoDictionary },
  { name: 'small pages and row groups', codec: 'zstd', args: ['--page-bytes', '1024', '--row-group-bytes', '65536'], check: checkSmallPages },
  { name: 'dictionary fallback', codec: 'none', args: ['--dictionary-page-bytes', '4096'], check: checkDictionaryFallback },
];

let dir;
let conn;
let data;
let ndjsonPath;
let schemaPath;

before(async () => {
  dir = await makeTempDir();
  conn = await openDuckDB();
  data = buildRows(N_ROWS);
  ndjsonPath = path.join(dir, 'all_types.ndjson');
  schemaPath = path.join(dir, 'schema.json');
  await writeNdjson(ndjsonPath, data.inputs);
  await writeFile(schemaPath, JSON.stringify(icebergSchema()));
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

async function readWithDuckDB(file) {
  const types = await describeParquet(conn, file);
  assert.deepEqual(types.map((t) => t.name), COLS.map((c) => c.name), 'DuckDB column names/order');
  const rows = await query(conn, 'SELECT * FROM read_parquet($1)', [file]);
  return canonRowsWith(canonFromDuckDB, rows, COLS);
}

async function readWithHyparquet(file) {
  const buf = await readFile(file);
  const arrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const rows = await parquetReadObjects({ file: arrayBuffer, compressors, parsers: HYPARQUET_PARSERS, utf8: false });
  return canonRowsWith(canonFromHyparquet, rows, COLS);
}

for (const cfg of CONFIGS) {
  describe(`floe convert --codec ${cfg.codec} ${cfg.args.join(' ')}`.trim(), () => {
    let file;
    before(async () => {
      file = path.join(dir, `${cfg.name.replace(/\W+/g, '_')}.parquet`);
      await convert(file, cfg.codec, cfg.args);
    });

    test('DuckDB reads every value', async () => {
      assertSameRows(`DuckDB (${cfg.name})`, COLS, data.expected, await readWithDuckDB(file));
    });

    test('hyparquet reads every value', async () => {
      assertSameRows(`hyparquet (${cfg.name})`, COLS, data.expected, await readWithHyparquet(file));
    });

    test('floe parquet cat reads back every value', async () => {
      const args = ['parquet', 'cat', file];
      const r = await runFloeOk(args, { timeoutMs: 120_000 });
      assertSameRows(`floe cat (${cfg.name})`, COLS, data.expected, canonRowsFromFloeCat(parseNdjsonExact(r.stdout), COLS));
    });

    test(`every column chunk is ${CODEC_NAMES[cfg.codec]} and page headers add up`, async () => {
      const meta = await queryJson(conn, 'SELECT DISTINCT compression FROM parquet_metadata($1)', [file]);
      assert.deepEqual(meta.map((m) => m.compression), [CODEC_NAMES[cfg.codec]]);
      const { metadata, chunks } = await pageLayout(file);
      assert.equal(Number(metadata.num_rows), N_ROWS, 'FileMetaData.num_rows');
      const rgRows = metadata.row_groups.reduce((s, rg) => s + Number(rg.num_rows), 0);
      assert.equal(rgRows, N_ROWS, 'sum of RowGroup.num_rows');
      for (const c of chunks) {
        const counted = dataPages(c).reduce((s, p) => s + p.numValues, 0);
        assert.equal(counted, c.numValues, `row group ${c.rowGroup} column ${c.column}: data page num_values vs chunk num_values`);
        assert.ok(dictPages(c).length <= 1, `row group ${c.rowGroup} column ${c.column}: more than one dictionary page`);
        if (dictPages(c).length) assert.equal(c.pages[0].type, 'DICTIONARY_PAGE', `${c.column}: dictionary page must come first`);
      }
    });

    if (cfg.check) test('page layout follows the flags', async () => cfg.check(file));
  });
}

// ---------------------------------------------------------------------------
// Layout checks for specific flags.

async function checkNoDictionary(file) {
  const { chunks } = await pageLayout(file);
  for (const c of chunks) {
    assert.equal(dictPages(c).length, 0, `--no-dictionary: ${c.column} in row group ${c.rowGroup} has a dictionary page`);
    for (const p of dataPages(c)) assert.ok(!isDictEncoding(p.encoding), `--no-dictionary: ${c.column} has a ${p.encoding} page`);
  }
  const enc = await queryJson(conn, 'SELECT path_in_schema, encodings FROM parquet_metadata($1)', [file]);
  for (const e of enc) assert.ok(!/DICTIONARY/.test(e.encodings), `--no-dictionary: ${e.path_in_schema} lists ${e.encodings}`);
}

async function checkSmallPages(file) {
  const groups = await rowGroups(conn, file);
  const [{ bytes }] = await queryJson(conn, 'SELECT sum(total_uncompressed_size)::BIGINT AS bytes FROM parquet_metadata($1)', [file]);
  const avg = Number(bytes) / groups.length;
  // Generous: an average row group may overshoot the target 4x (a writer that checks the size every few pages).
  assert.ok(
    avg <= 4 * 65536,
    `--row-group-bytes 65536: ${groups.length} row group(s) for ${bytes} uncompressed bytes, ${Math.round(avg)} bytes each on average`,
  );
  const { chunks } = await pageLayout(file);
  const rowId = chunks.filter((c) => c.column === 'row_id');
  const pages = rowId.flatMap(dataPages);
  // 20k int64 values = 160 KB of plain data, or far less with a dictionary; a 1 KB page limit still means dozens of pages.
  assert.ok(pages.length >= 20, `--page-bytes 1024: row_id has only ${pages.length} data pages`);
  const hc = chunks.filter((c) => c.column === 's_hc').flatMap(dataPages);
  const biggest = Math.max(...hc.map((p) => p.uncompressed));
  assert.ok(biggest <= 8 * 1024, `--page-bytes 1024: an s_hc data page is ${biggest} bytes uncompressed`);
}

async function checkDictionaryFallback(file) {
  const { chunks } = await pageLayout(file);
  for (const c of chunks.filter((x) => x.column === 's_hc')) {
    const where = `s_hc (unique ~45-byte strings) in row group ${c.rowGroup}`;
    const dict = dictPages(c);
    const data = dataPages(c);
    if (dict.length === 0) {
      // Falling back before the first page is fine: then no page may claim a dictionary.
      for (const p of data) assert.ok(!isDictEncoding(p.encoding), `${where}: ${p.encoding} page without a dictionary page`);
      continue;
    }
    assert.ok(dict[0].uncompressed <= 2 * 4096, `${where}: dictionary page is ${dict[0].uncompressed} bytes despite --dictionary-page-bytes 4096`);
    const firstPlain = data.findIndex((p) => !isDictEncoding(p.encoding));
    if (c.numValues > 1000) assert.ok(firstPlain > 0, `${where}: no fallback to a non-dictionary encoding after the dictionary filled up`);
    if (firstPlain >= 0) {
      for (const p of data.slice(firstPlain)) assert.ok(!isDictEncoding(p.encoding), `${where}: dictionary page after the fallback`);
    }
  }
  // A low-cardinality column keeps its dictionary.
  for (const c of chunks.filter((x) => x.column === 's_req')) {
    assert.equal(dictPages(c).length, 1, `s_req (7 distinct values) in row group ${c.rowGroup} has no dictionary page`);
    for (const p of dataPages(c)) assert.ok(isDictEncoding(p.encoding), `s_req data page is ${p.encoding}`);
  }
}

// ---------------------------------------------------------------------------
// Schema, field ids, statistics.

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

const STATS_COLUMNS = ['row_id', 'i32', 'i32_req', 'i64', 's_req', 's_hc', 'd', 'd_req', 'f64', 'all_null_l', 'all_null_s'];

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
test('the data set covers every Iceberg type, nulls and edge values', () => {
  const kinds = new Set(COLUMNS.map(([, type]) => type.replace(/[[(].*/, '')));
  for (const k of ['boolean', 'int', 'long', 'float', 'double', 'string', 'binary', 'date', 'time', 'timestamp', 'timestamptz', 'decimal', 'fixed', 'uuid']) {
    assert.ok(kinds.has(k), `no ${k} column`);
  }
  const col = (name) => data.expected.map((row) => row[COLS.findIndex((c) => c.name === name)]);
  assert.ok(col('f64').includes('NaN') && col('f64').includes('-0') && col('f64').includes('-Infinity'));
  assert.ok(col('s').some((s) => s !== null && Buffer.byteLength(s) >= 1 << 20), 'a 1 MiB string');
  assert.ok(col('s').includes(''), 'an empty string');
  assert.ok(col('all_null_l').every((x) => x === null));
  assert.ok(col('i64').includes('-9223372036854775808') && col('i64').includes('9223372036854775807'));
  assert.equal(new Set(col('s_hc')).size > N_ROWS * 0.9, true, 'high-cardinality column');
});
