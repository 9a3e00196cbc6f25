// Error paths of the floe CLI: damaged Parquet input, and ndjson lines
// that convert must skip (reporting their line number) while keeping the rest.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { openDuckDB, queryJson } from './duck.mjs';
import { describeRun, makeTempDir, removeTempDir, runFloe } from './floe.mjs';

let dir;
let conn;
let good; // a DuckDB-written Parquet file

before(async () => {
  dir = await makeTempDir();
  conn = await openDuckDB({ threads: 1 });
  good = path.join(dir, 'good.parquet');
  await conn.run(`COPY (SELECT i AS id, md5(i::VARCHAR) AS s, i / 3 AS x FROM range(5000) t(i)) TO '${good}' (FORMAT parquet)`);
});

after(async () => {
  conn?.closeSync();
  if (dir) await removeTempDir(dir);
});

describe('damaged Parquet files', () => {
  let size;
  before(async () => {
    size = (await readFile(good)).length;
  });

  const cuts = [
    ['half the file', (n) => Math.floor(n / 2)],
    ['all but the last byte', (n) => n - 1],
    ['without footer length and magic', (n) => n - 8],
    ['only the leading magic', () => 4],
    ['empty', () => 0],
  ];
  for (const [label, cut] of cuts) {
    test(`cat of a truncated file (${label}) exits 1, says "parquet" on stderr, prints nothing`, async () => {
      const file = path.join(dir, `cut_${label.replace(/\W+/g, '_')}.parquet`);
      await writeFile(file, (await readFile(good)).subarray(0, cut(size)));
      const args = ['parquet', 'cat', file];
      const r = await runFloe(args);
      assert.equal(r.signal, null, `killed by a signal\n${describeRun(args, r)}`);
      assert.equal(r.code, 1, describeRun(args, r));
      assert.match(r.stderr, /parquet/i, describeRun(args, r));
      assert.equal(r.stdout, '', 'stdout must stay empty');
    });
  }

  for (const cmd of ['schema', 'meta']) {
    test(`${cmd} of a truncated file exits non-zero with a message`, async () => {
      const file = path.join(dir, `cut_${cmd}.parquet`);
      await writeFile(file, (await readFile(good)).subarray(0, Math.floor(size / 2)));
      const args = ['parquet', cmd, file];
      const r = await runFloe(args);
      assert.equal(r.signal, null, describeRun(args, r));
      assert.notEqual(r.code, 0, describeRun(args, r));
      assert.ok(r.stderr.trim().length > 0, 'stderr is empty');
    });
  }

  test('cat of a file that does not exist exits 1 with a message', async () => {
    const args = ['parquet', 'cat', path.join(dir, 'no_such_file.parquet')];
    const r = await runFloe(args);
    assert.equal(r.code, 1, describeRun(args, r));
    assert.ok(r.stderr.trim().length > 0);
    assert.equal(r.stdout, '');
  });
});

describe('convert skips bad ndjson lines', () => {
  const schema = {
    type: 'struct',
    'schema-id': 0,
    fields: [
      { id: 1, name: 'id', required: true, type: 'long' },
      { id: 2, name: 'name', required: false, type: 'string' },
      { id: 3, name: 'small', required: false, type: 'int' },
      { id: 4, name: 'amount', required: false, type: 'decimal(9,2)' },
      { id: 5, name: 'day', required: false, type: 'date' },
    ],
  };
  let schemaPath;
  before(async () => {
    schemaPath = path.join(dir, 'errors.schema.json');
    await writeFile(schemaPath, JSON.stringify(schema));
  });

  async function convert(name, lines) {
    const input = path.join(dir, `${name}.ndjson`);
    const out = path.join(dir, `${name}.parquet`);
    await writeFile(input, lines.map((l) => `${l}\n`).join(''));
    const args = ['parquet', 'convert', input, out, '--schema', schemaPath];
    return { r: await runFloe(args), args, out };
  }

  async function ids(file) {
    const rows = await queryJson(conn, 'SELECT id, name, small, amount::VARCHAR AS amount FROM read_parquet($1)', [file]);
    return rows;
  }

  test('a wrong-typed line is reported with its line number; the good lines are written; exit 1', async () => {
    const { r, args, out } = await convert('wrong_type', [
      '{"id": 1, "name": "one", "small": 1, "amount": "1.50"}',
      '{"id": "two", "name": "two"}',
      '{"id": 3, "name": "three", "small": -3, "amount": "-0.03"}',
    ]);
    assert.equal(r.code, 1, describeRun(args, r));
    assert.match(r.stderr, /line 2:/, describeRun(args, r));
    assert.doesNotMatch(r.stderr, /line [13]:/, describeRun(args, r));
    assert.deepEqual(await ids(out), [
      { id: '1', name: 'one', small: 1, amount: '1.50' },
      { id: '3', name: 'three', small: -3, amount: '-0.03' },
    ]);
  });

  // Each bad line sits between two good ones, so it is always line 2.
  const BAD_LINES = [
    ['string for long', '{"id": "7"}'],
    ['fraction for long', '{"id": 2.5}'],
    ['int out of range (2^31)', '{"id": 2, "small": 2147483648}'],
    ['int out of range (-2^31 - 1)', '{"id": 2, "small": -2147483649}'],
    ['long out of range (2^63)', '{"id": 9223372036854775808}'],
    ['required column missing', '{"name": "no id"}'],
    ['required column null', '{"id": null}'],
    ['decimal with more fractional digits than scale', '{"id": 2, "amount": "1.234"}'],
    ['decimal with more digits than precision', '{"id": 2, "amount": "12345678.00"}'],
    ['number for string', '{"id": 2, "name": 5}'],
    ['bad date', '{"id": 2, "day": "2024-02-30"}'],
    ['not JSON', '{"id": 2,'],
    ['not an object', '[1, 2]'],
  ];
  for (const [label, bad] of BAD_LINES) {
    test(`skips: ${label}`, async () => {
      const { r, args, out } = await convert(`bad_${label.replace(/\W+/g, '_')}`, ['{"id": 1}', bad, '{"id": 3}']);
      assert.equal(r.signal, null, describeRun(args, r));
      assert.equal(r.code, 1, `expected exit 1 for ${bad}\n${describeRun(args, r)}`);
      assert.match(r.stderr, /line 2: \S/, describeRun(args, r));
      assert.doesNotMatch(r.stderr, /line [13]:/, describeRun(args, r));
      assert.deepEqual((await ids(out)).map((x) => x.id), ['1', '3']);
    });
  }

  test('every bad line of a file is reported, in order', async () => {
    const { r, args, out } = await convert('many_bad', [
      '{"id": 1}',
      '{"id": "x"}',
      '{"id": 3}',
      '{"name": "missing id"}',
      '{"id": 5, "amount": "0.001"}',
      '{"id": 6}',
    ]);
    assert.equal(r.code, 1, describeRun(args, r));
    const reported = [...r.stderr.matchAll(/line (\d+):/g)].map((m) => Number(m[1]));
    assert.deepEqual(reported, [2, 4, 5], describeRun(args, r));
    assert.deepEqual((await ids(out)).map((x) => x.id), ['1', '3', '6']);
  });
});
