// DuckDB access for the interop tests (@duckdb/node-api).

import { DuckDBInstance } from '@duckdb/node-api';
import { typeInfo } from './values.mjs';

/** An in-memory DuckDB connection in UTC; close with conn.closeSync(). */
export async function openDuckDB({ threads } = {}) {
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  return conn;
}

/** Rows as objects of DuckDB values. */
export async function query(conn, sql, params) {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjects();
}

/** Rows as JSON-safe objects (bigints as strings). */
export async function queryJson(conn, sql, params) {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJson();
}

/** [{name, duckType}] of what DuckDB infers for a Parquet file. */
export async function describeParquet(conn, file) {
  const rows = await queryJson(conn, 'DESCRIBE SELECT * FROM read_parquet($1)', [file]);
  return rows.map((r) => ({ name: r.column_name, duckType: r.column_type }));
}

/** Maps a DuckDB column type to the Iceberg type kind the comparison uses. */
export function icebergTypeOfDuckType(duckType) {
  const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (m) return typeInfo(`decimal(${m[1]},${m[2]})`);
  const map = {
    BOOLEAN: 'boolean',
    TINYINT: 'int',
    SMALLINT: 'int',
    INTEGER: 'int',
    BIGINT: 'long',
    FLOAT: 'float',
    DOUBLE: 'double',
    VARCHAR: 'string',
    BLOB: 'binary',
    DATE: 'date',
    TIME: 'time',
    TIMESTAMP: 'timestamp',
    TIMESTAMP_S: 'timestamp',
    TIMESTAMP_MS: 'timestamp',
    TIMESTAMP_NS: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    UUID: 'uuid',
  };
  if (!map[duckType]) throw new Error(`no Iceberg type for DuckDB type ${duckType}`);
  return typeInfo(map[duckType]);
}

/** Parquet row-group boundaries from parquet_metadata: [{id, start, rows}]. */
export async function rowGroups(conn, file) {
  const rows = await queryJson(
    conn,
    'SELECT DISTINCT row_group_id::BIGINT AS id, row_group_num_rows::BIGINT AS n FROM parquet_metadata($1) ORDER BY 1',
    [file],
  );
  let start = 0;
  return rows.map((r) => {
    const g = { id: Number(r.id), start, rows: Number(r.n) };
    start += g.rows;
    return g;
  });
}
