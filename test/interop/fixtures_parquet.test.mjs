// Parquet files written by other Iceberg implementations (Spark, Iceberg Java,
// PyIceberg, Athena; ../shared/fixtures/iceberg): floe parquet cat must print
// what DuckDB reads from each flat file. Files with nested columns must be
// refused with a clear message until the reader handles nesting.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { icebergTypeOfDuckType, openDuckDB, query, queryJson } from './duck.mjs';
import { REPO_ROOT, parseNdjsonExact, runFloe, runFloeOk } from './floe.mjs';
import { assertSameRows, canonFromDuckDB, canonRowsFromFloeCat, canonRowsWith } from './values.mjs';

const FIXTURES = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'iceberg');

function parquetFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...parquetFiles(p));
    else if (name.endsWith('.parquet')) out.push(p);
  }
  return out;
}

const files = existsSync(FIXTURES) ? parquetFiles(FIXTURES) : [];

describe('Parquet files from other Iceberg writers -> floe', () => {
  let conn;
  before(async () => {
    conn = await openDuckDB();
  });
  after(() => conn?.closeSync());

  test('the fixture folder is present', () => {
    assert.ok(files.length >= 40, `expected the shared Iceberg fixtures at ${FIXTURES}, found ${files.length} Parquet files`);
  });

  for (const file of files) {
    const label = path.relative(FIXTURES, file);
    test(label, async () => {
      // Hive-style folder names (name=a/) must not turn into columns.
      const read = 'read_parquet($1, hive_partitioning = false)';
      const types = (await queryJson(conn, `DESCRIBE SELECT * FROM ${read}`, [file])).map((t) => ({
        name: t.column_name,
        duckType: t.column_type,
      }));
      const nested = types.some((t) => /MAP|STRUCT|\[\]/.test(t.duckType));
      if (nested) {
        const r = await runFloe(['parquet', 'cat', file]);
        assert.equal(r.code, 1, `${label}: nested file should be refused`);
        assert.match(r.stderr, /nested column .* cannot be read yet/);
        return;
      }
      const columns = types.map((t) => ({ name: t.name, type: t.duckType, t: icebergTypeOfDuckType(t.duckType) }));
      const expected = canonRowsWith(canonFromDuckDB, await query(conn, `SELECT * FROM ${read}`, [file]), columns);
      const r = await runFloeOk(['parquet', 'cat', file]);
      assertSameRows(`floe cat of ${label}`, columns, expected, canonRowsFromFloeCat(parseNdjsonExact(r.stdout), columns));
    });
  }
});
