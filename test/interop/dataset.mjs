// The all-types data set that floe converts and other readers check.
//
// Each column draws a value, then writes it in one of the ndjson forms the
// CLI contract allows; the expected canonical form (values.mjs) comes from
// the drawn value, not from the text, so the two are independent.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { raw, writeNdjson } from './floe.mjs';
import { canonDouble, canonFloat, daysFromCivil, formatDate, formatDecimal, formatTime, formatTimestamp, typeInfo } from './values.mjs';

/** Deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  next.big = (bits) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(Math.floor(next() * 65536));
    return v & ((1n << BigInt(bits)) - 1n);
  };
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  next.bytes = (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  return next;
}

const NULL = Symbol('null'); // written as JSON null
const MISSING = Symbol('missing'); // key left out

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** A value: {in: ndjson value (or NULL/MISSING), out: canonical or null}. */
const v = (input, out) => ({ in: input, out });
const nul = (r) => (r() < 0.5 ? v(NULL, null) : v(MISSING, null));

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const hexOf = (bytes) => Buffer.from(bytes).toString('hex');

function pad(n, w) {
  return String(n).padStart(w, '0');
}

/** local wall-clock text for micros since epoch, optionally without fraction and with ' '. */
function tsText(us, { space = false, frac = true } = {}) {
  const s = formatTimestamp(us); // YYYY-MM-DDTHH:MM:SS.ffffff
  let out = frac ? s : s.slice(0, 19);
  if (space) out = out.replace('T', ' ');
  return out;
}

const SPECIAL_STRINGS = [
  '',
  'héllo wörld',
  '日本語テキスト',
  '🦆🦆 family 👨‍👩‍👧 flags 🇳🇿',
  'quote " backslash \\ slash / newline \n tab \t cr \r',
  'control \u0001 \u001f \u007f',
  'separators \u2028 \u2029',
  'Ω≈ç√∫˜µ≤≥÷',
  ' leading and trailing spaces ',
  'ascii',
];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-éüßçøΩ日本🦆';

function randomString(r, maxLen) {
  const chars = Array.from(ALPHABET);
  const n = r.int(0, maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(chars);
  return s;
}

/** A string of ~1.1 MiB of UTF-8 (multi-byte characters included). */
export const HUGE_STRING = '0123456789abcdefghijklmnopqrstuvwxyz-é€🦆\n'.repeat(25000);
const HUGE_ROW = 13;

const UUID_SPECIAL = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '123e4567-e89b-12d3-a456-426614174000'];

function uuidFrom(bytes) {
  const h = hexOf(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function decimalCol(precision, scale, specials) {
  const limit = 10n ** BigInt(precision) - 1n;
  return (i, r) => {
    if (i < specials.length) return specials[i];
    if (r() < 0.1) return nul(r);
    const bits = precision <= 9 ? 30 : precision <= 18 ? 60 : 127;
    let u = r.big(bits) % (limit + 1n);
    if (r() < 0.5) u = -u;
    // Shorter magnitudes too, so leading fractional zeros appear.
    if (r() < 0.3) u = u % 10n ** BigInt(r.int(1, scale + 2));
    const text = formatDecimal(u, scale);
    return v(text, text);
  };
}

function floatSpecials(isFloat) {
  const c = isFloat ? canonFloat : canonDouble;
  const list = [
    v('NaN', 'NaN'),
    v('Infinity', 'Infinity'),
    v('-Infinity', '-Infinity'),
    v(raw('-0.0'), '-0'),
    v(raw('0.0'), '0'),
    v(0.1, c(0.1)),
    v(raw('1'), '1'),
    v(NULL, null),
    v(MISSING, null),
    v(-1.5, '-1.5'),
  ];
  if (isFloat) {
    list.push(v(raw('3.4028234663852886e+38'), canonFloat(3.4028234663852886e38)));
    list.push(v(raw('1.401298464324817e-45'), canonFloat(1.401298464324817e-45)));
    list.push(v(raw('-1.1754943508222875e-38'), canonFloat(-1.1754943508222875e-38)));
    list.push(v(raw('16777217'), '16777216'));
  } else {
    list.push(v(raw('5e-324'), '5e-324'));
    list.push(v(raw('1.7976931348623157e308'), '1.7976931348623157e+308'));
    list.push(v(raw('-2.2250738585072014e-308'), '-2.2250738585072014e-308'));
    list.push(v(raw('1e300'), '1e+300'));
    list.push(v(raw('123456789012345678'), canonDouble(123456789012345678)));
    list.push(v(raw('0.30000000000000004'), '0.30000000000000004'));
  }
  return list;
}

function floatCol(isFloat) {
  const specials = floatSpecials(isFloat);
  return (i, r) => {
    if (i < specials.length) return specials[i];
    if (r() < 0.1) return nul(r);
    let x = (r() - 0.5) * 10 ** r.int(-10, isFloat ? 30 : 200);
    if (isFloat) x = Math.fround(x);
    const out = isFloat ? canonFloat(x) : canonDouble(x);
    return v(raw(String(x)), out);
  };
}

const DAY_US = 86_400_000_000n;
const TS_MIN = BigInt(daysFromCivil(1, 1, 1)) * DAY_US;
const TS_MAX = BigInt(daysFromCivil(9999, 12, 31)) * DAY_US + DAY_US - 1n;

function randomMicros(r) {
  // 1900 .. 2100
  const lo = BigInt(daysFromCivil(1900, 1, 1)) * DAY_US;
  const hi = BigInt(daysFromCivil(2100, 1, 1)) * DAY_US;
  return lo + (r.big(64) % (hi - lo));
}

function tsInput(r, us) {
  const form = r.int(0, 3);
  if (form === 0) return raw(us.toString());
  if (form === 1) return tsText(us, { space: true });
  if (form === 2 && us % 1_000_000n === 0n) return tsText(us, { frac: false });
  return tsText(us);
}

const OFFSETS = [0, 330, -480, 60, -150, 840, -720, 545];
function offsetText(min) {
  if (min === 0) return 'Z';
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}

/** tstz text for UTC micros written at a given offset (minutes). */
function tstzText(us, offMin, opts) {
  const local = us + BigInt(offMin) * 60_000_000n;
  return tsText(local, opts) + offsetText(offMin);
}

/** Column definitions: [name, type, required, generator(i, r) -> {in, out}] */
export const COLUMNS = [
  ['row_id', 'long', true, (i) => v(i, String(i))],
  ['b_req', 'boolean', true, (i, r) => {
    const b = r() < 0.5;
    return v(b, String(b));
  }],
  ['b_opt', 'boolean', false, (i, r) => {
    if (r() < 0.2) return nul(r);
    const b = r() < 0.5;
    return v(b, String(b));
  }],
  ['i32', 'int', false, (i, r) => {
    const sp = [INT32_MIN, INT32_MAX, 0, -1, 1];
    if (i < sp.length) return v(sp[i], String(sp[i]));
    if (r() < 0.1) return nul(r);
    const x = r.int(INT32_MIN, INT32_MAX);
    return v(x, String(x));
  }],
  ['i32_req', 'int', true, (i) => {
    const x = i === 0 ? INT32_MIN : i === 1 ? INT32_MAX : ((i * 37) % 1000) - 500;
    return v(x, String(x));
  }],
  ['i64', 'long', false, (i, r) => {
    const sp = [I64_MIN, I64_MAX, 0n, -(2n ** 53n) - 1n, 2n ** 53n + 1n, -1n];
    let x;
    if (i < sp.length) x = sp[i];
    else if (r() < 0.1) return nul(r);
    else x = r.big(64) - 2n ** 63n;
    return v(raw(x.toString()), x.toString());
  }],
  ['f32', 'float', false, floatCol(true)],
  ['f64', 'double', false, floatCol(false)],
  ['f64_req', 'double', true, (i) => v(i * 0.25, canonDouble(i * 0.25))],
  ['s', 'string', false, (i, r) => {
    if (i === HUGE_ROW) return v(HUGE_STRING, HUGE_STRING);
    if (i < SPECIAL_STRINGS.length) return v(SPECIAL_STRINGS[i], SPECIAL_STRINGS[i]);
    if (i === SPECIAL_STRINGS.length) return v(NULL, null);
    if (i === SPECIAL_STRINGS.length + 1) return v(MISSING, null);
    if (r() < 0.1) return nul(r);
    const s = randomString(r, 24);
    return v(s, s);
  }],
  ['s_req', 'string', true, (i) => {
    const cats = ['alpha', 'beta', 'gamma', 'δέλτα', '', 'z', '🦆'];
    const s = cats[i % cats.length];
    return v(s, s);
  }],
  ['s_hc', 'string', false, (i, r) => {
    if (r() < 0.05) return nul(r);
    const s = `id-${pad(i, 6)}-${hexOf(r.bytes(16))}`;
    return v(s, s);
  }],
  // ~600 distinct ~45-byte values: worth a dictionary (~27 KB), which
  // --dictionary-page-bytes 4096 cannot hold.
  ['s_mc', 'string', false, (i, r) => {
    if (r() < 0.05) return nul(r);
    const k = (i * 7919) % 600;
    const s = `mc-${pad(k, 3)}-${hexOf(rng(k + 1).bytes(19))}`;
    return v(s, s);
  }],
  ['bin', 'binary', false, (i, r) => {
    const sp = [[], [0], [255, 254, 0, 1], Array.from(Buffer.from('not utf8 \xff\xfe', 'latin1'))];
    let bytes;
    if (i < sp.length) bytes = sp[i];
    else if (r() < 0.1) return nul(r);
    else bytes = Array.from(r.bytes(r.int(0, 20)));
    return v(b64(bytes), hexOf(bytes));
  }],
  ['d', 'date', false, (i, r) => {
    const sp = [[1970, 1, 1], [1969, 12, 31], [2000, 2, 29], [9999, 12, 31], [1, 1, 1], [1900, 3, 1]];
    if (i < sp.length) {
      const days = daysFromCivil(...sp[i]);
      return v(formatDate(days), formatDate(days));
    }
    if (i === sp.length) return v(raw('19000'), formatDate(19000));
    if (i === sp.length + 1) return v(raw('-1'), formatDate(-1));
    if (r() < 0.1) return nul(r);
    const days = r.int(-100000, 100000);
    return v(r() < 0.2 ? raw(String(days)) : formatDate(days), formatDate(days));
  }],
  ['d_req', 'date', true, (i) => v(formatDate(i % 30000), formatDate(i % 30000))],
  ['t', 'time', false, (i, r) => {
    const sp = [0n, DAY_US - 1n, 45_296_000_000n, 3_723_000_001n];
    let us;
    if (i < sp.length) us = sp[i];
    else if (r() < 0.1) return nul(r);
    else us = r.big(48) % DAY_US;
    const text = formatTime(us);
    return v(us % 1_000_000n === 0n && r() < 0.5 ? text.slice(0, 8) : text, text);
  }],
  ['ts', 'timestamp', false, (i, r) => {
    const sp = [0n, -1n, TS_MIN, TS_MAX, 1_700_000_000_123_456n, BigInt(daysFromCivil(2024, 2, 29)) * DAY_US + 45_296_123_456n];
    const forms = [(us) => tsText(us), (us) => raw(us.toString()), (us) => tsText(us, { frac: false }), (us) => tsText(us),
      (us) => raw(us.toString()), (us) => tsText(us, { space: true })];
    if (i < sp.length) return v(forms[i](sp[i]), formatTimestamp(sp[i]));
    if (r() < 0.1) return nul(r);
    const us = randomMicros(r);
    return v(tsInput(r, us), formatTimestamp(us));
  }],
  ['ts_req', 'timestamp', true, (i) => {
    const us = 1_600_000_000_000_000n + BigInt(i) * 61_000_001n;
    return v(tsText(us), formatTimestamp(us));
  }],
  ['tstz', 'timestamptz', false, (i, r) => {
    const base = BigInt(daysFromCivil(2024, 1, 1)) * DAY_US;
    const sp = [
      v(tstzText(base, 0), formatTimestamp(base) + 'Z'),
      v(tstzText(base, 330), formatTimestamp(base) + 'Z'),
      v(tstzText(base, -480), formatTimestamp(base) + 'Z'),
      v(tstzText(base + 1n, 0, { space: true }), formatTimestamp(base + 1n) + 'Z'),
      v(raw('-1'), formatTimestamp(-1n) + 'Z'),
      v('1970-01-01T00:00:00+00:00', formatTimestamp(0n) + 'Z'),
      v(tstzText(0n, 60, { frac: false }), formatTimestamp(0n) + 'Z'),
    ];
    if (i < sp.length) return sp[i];
    if (r() < 0.1) return nul(r);
    const us = randomMicros(r);
    const input = r() < 0.2 ? raw(us.toString()) : tstzText(us, r.pick(OFFSETS), { space: r() < 0.3 });
    return v(input, formatTimestamp(us) + 'Z');
  }],
  ['dec9', 'decimal(9,2)', false, decimalCol(9, 2, [
    v('9999999.99', '9999999.99'),
    v('-9999999.99', '-9999999.99'),
    v('0', '0.00'),
    v('-0.01', '-0.01'),
    v('123.4', '123.40'),
    v('-12.3', '-12.30'),
    v(1.5, '1.50'),
    v(42, '42.00'),
    v(-0.25, '-0.25'),
    v(NULL, null),
  ])],
  ['dec18', 'decimal(18,4)', false, decimalCol(18, 4, [
    v('99999999999999.9999', '99999999999999.9999'),
    v('-99999999999999.9999', '-99999999999999.9999'),
    v('0.0001', '0.0001'),
    v('-1', '-1.0000'),
  ])],
  ['dec38', 'decimal(38,10)', false, decimalCol(38, 10, [
    v('9999999999999999999999999999.9999999999', '9999999999999999999999999999.9999999999'),
    v('-9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999'),
    v('0.0000000001', '0.0000000001'),
    v('-0.0000000001', '-0.0000000001'),
    v('12345678901234567890', '12345678901234567890.0000000000'),
    v(MISSING, null),
  ])],
  ['fx', 'fixed[4]', false, (i, r) => {
    const sp = [[0, 0, 0, 0], [255, 255, 255, 255], [0x80, 0, 0, 1]];
    let bytes;
    if (i < sp.length) bytes = sp[i];
    else if (r() < 0.1) return nul(r);
    else bytes = Array.from(r.bytes(4));
    return v(b64(bytes), hexOf(bytes));
  }],
  ['uid', 'uuid', false, (i, r) => {
    if (i < UUID_SPECIAL.length) return v(UUID_SPECIAL[i], UUID_SPECIAL[i]);
    if (r() < 0.1) return nul(r);
    const u = uuidFrom(r.bytes(16));
    return v(u, u);
  }],
  ['all_null_s', 'string', false, (i, r) => nul(r)],
  ['all_null_l', 'long', false, (i, r) => nul(r)],
];

/** Iceberg schema JSON for COLUMNS (field ids 1..n). */
export function icebergSchema(columns = COLUMNS) {
  return {
    type: 'struct',
    'schema-id': 0,
    fields: columns.map(([name, type, required], k) => ({ id: k + 1, name, required, type })),
  };
}

/** [{name, id, type, required, t}] for the comparison helpers. */
export function columnInfo(columns = COLUMNS) {
  return columns.map(([name, type, required], k) => ({ name, id: k + 1, type, required, t: typeInfo(type) }));
}

/**
 * Builds `n` rows. Returns {inputs: [row objects for toJsonLine], expected:
 * [[canonical per column]]}. An unknown key is added to some rows (ignored by contract).
 */
export function buildRows(n, seed = 42, columns = COLUMNS) {
  const gens = columns.map(([name, , , gen], k) => [name, gen, rng(seed * 1000 + k)]);
  const inputs = [];
  const expected = [];
  for (let i = 0; i < n; i++) {
    const obj = {};
    const exp = [];
    for (const [name, gen, r] of gens) {
      const val = gen(i, r);
      if (val.in === NULL) obj[name] = null;
      else if (val.in !== MISSING) obj[name] = val.in;
      exp.push(val.out);
    }
    if (i % 97 === 5) obj.not_a_column = { nested: [1, 2, 3] };
    if (i % 101 === 7) obj.ROW_ID = 'case-sensitive keys: this is not row_id';
    inputs.push(obj);
    expected.push(exp);
  }
  return { inputs, expected };
}

/** Rows in the main data set: enough for dictionaries, many pages and row groups. */
export const N_ROWS = 20_000;

/** Writes all_types.ndjson and schema.json into dir; returns {data, ndjsonPath, schemaPath}. */
export async function writeDataset(dir) {
  const data = buildRows(N_ROWS);
  const ndjsonPath = path.join(dir, 'all_types.ndjson');
  const schemaPath = path.join(dir, 'schema.json');
  await writeNdjson(ndjsonPath, data.inputs);
  await writeFile(schemaPath, JSON.stringify(icebergSchema()));
  return { data, ndjsonPath, schemaPath };
}
