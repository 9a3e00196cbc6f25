// floe writes Parquet; DuckDB and hyparquet (readers we did not write) must
// read back every value of every Iceberg type, in every codec, with the page
// layout the flags ask for. Schema and statistics: floe_schema_stats.test.mjs.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { COLUMNS, N_ROWS, columnInfo, writeDataset } from './dataset.mjs';
import { describeParquet, openDuckDB, query, queryJson, rowGroups } from './duck.mjs';
import { describeRun, makeTempDir, parseNdjsonExact, removeTempDir, runFloe, runFloeOk } from './floe.mjs';
import { dataPages, dictPages, isDictEncoding, pageLayout } from './pages.mjs';
import {
  HYPARQUET_PARSERS,
  assertSameRows,
  canonFromDuckDB,
  canonFromHyparquet,
  canonRowsFromFloeCat,
  canonRowsWith,
} from './values.mjs';

const COLS = columnInfo();

const CODEC_NAMES = { snappy: 'SNAPPY', zstd: 'ZSTD', none: 'UNCOMPRESSED', gzip: 'GZIP', lz4_raw: 'LZ4_RAW' };

const CONFIGS = [
  { name: 'snappy', codec: 'snappy', args: [], check: checkDefaultDictionary },
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

// With default settings, columns that repeat values are dictionary-encoded.
async function checkDefaultDictionary(file) {
  const { chunks } = await pageLayout(file);
  for (const name of ['s_req', 's_mc']) {
    for (const c of chunks.filter((x) => x.column === name)) {
      assert.equal(dictPages(c).length, 1, `${name} in row group ${c.rowGroup}: no dictionary page with default settings`);
      for (const p of dataPages(c)) assert.ok(isDictEncoding(p.encoding), `${name} data page is ${p.encoding}`);
    }
  }
}

async function checkDictionaryFallback(file) {
  const { chunks } = await pageLayout(file);
  for (const c of chunks.filter((x) => x.column === 's_hc' || x.column === 's_mc')) {
    const where = `${c.column} in row group ${c.rowGroup}`;
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

