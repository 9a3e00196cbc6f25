// Canonical value forms for comparing floe's Parquet with other readers.
//
// Every reader's value is turned into one canonical string per Iceberg type
// (null stays null), so a comparison is plain string equality:
//   boolean      "true" / "false"
//   int, long    decimal digits
//   float        the JS shortest text of the float32 value widened to double
//   double       the JS shortest text; "NaN", "Infinity", "-Infinity", "-0"
//   string       the string itself
//   binary/fixed lowercase hex of the bytes
//   date         YYYY-MM-DD
//   time         HH:MM:SS.ffffff
//   timestamp    YYYY-MM-DDTHH:MM:SS.ffffff     (timestamptz: same + "Z")
//   decimal      digits with exactly `scale` fractional digits
//   uuid         lowercase canonical

import assert from 'node:assert/strict';
import { JsonNumber } from './floe.mjs';

// ---------------------------------------------------------------------------
// Iceberg types.

/** Parses "decimal(9, 2)" / "fixed[4]" / primitive names. */
export function typeInfo(type) {
  let m = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
  if (m) return { kind: 'decimal', precision: Number(m[1]), scale: Number(m[2]) };
  m = /^fixed\[(\d+)\]$/.exec(type);
  if (m) return { kind: 'fixed', length: Number(m[1]) };
  return { kind: type };
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, any sign), after H. Hinnant.

export function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n, w) => String(n).padStart(w, '0');

export function formatDate(days) {
  const [y, m, d] = civilFromDays(Number(days));
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

const US_PER_DAY = 86_400_000_000n;

/** micros since midnight -> HH:MM:SS.ffffff */
export function formatTime(micros) {
  let us = BigInt(micros);
  const frac = us % 1_000_000n;
  let s = us / 1_000_000n;
  const hh = s / 3600n;
  s %= 3600n;
  return `${pad(hh, 2)}:${pad(s / 60n, 2)}:${pad(s % 60n, 2)}.${pad(frac, 6)}`;
}

/** micros since epoch -> YYYY-MM-DDTHH:MM:SS.ffffff */
export function formatTimestamp(micros) {
  const us = BigInt(micros);
  let days = us / US_PER_DAY;
  let rem = us % US_PER_DAY;
  if (rem < 0n) {
    rem += US_PER_DAY;
    days -= 1n;
  }
  return `${formatDate(Number(days))}T${formatTime(rem)}`;
}

export function formatDecimal(unscaled, scale) {
  const v = BigInt(unscaled);
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function canonDouble(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

export const canonFloat = (v) => canonDouble(Math.fround(v));

export const hex = (bytes) => Buffer.from(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength ?? bytes.length).toString('hex');

/** Significant digits of a JSON number's text ("120.50" -> 4, "1e-45" -> 1). */
function sigDigits(text) {
  const mantissa = text.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length || 1;
}

/** Fewest significant digits that read back as x (as float32 for 'float'). */
function shortestDigits(x, kind) {
  if (kind === 'double') return sigDigits(String(x));
  for (let p = 1; p < 9; p++) if (Math.fround(Number(x.toPrecision(p))) === x) return p;
  return 9;
}

function specialFloat(s) {
  if (s === 'NaN') return NaN;
  if (s === 'Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  return undefined;
}

// ---------------------------------------------------------------------------
// Reader-specific normalisers. Each takes (value, typeInfo) and returns the
// canonical string or null; a value of an unexpected JS type throws, so a
// wrongly annotated column shows up as an error naming the column.

const bad = (reader, v, t) => {
  throw new Error(`${reader}: unexpected value ${describe(v)} for ${t.kind}`);
};

/** floe parquet cat, parsed with parseJsonExact. */
export function canonFromFloeCat(v, t) {
  if (v === null) return null;
  switch (t.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : bad('floe cat', v, t);
    case 'int':
    case 'long':
      if (!(v instanceof JsonNumber) || !/^-?\d+$/.test(v.raw)) bad('floe cat', v, t);
      return BigInt(v.raw).toString();
    case 'float':
    case 'double': {
      let x;
      if (v instanceof JsonNumber) x = Number(v.raw);
      else if (typeof v === 'string' && specialFloat(v) !== undefined) x = specialFloat(v);
      else bad('floe cat', v, t);
      if (t.kind === 'float') x = Math.fround(x);
      // Shortest round-trip text; an integral value may also be printed exactly ("3911987757056.0").
      const exactInteger = Number.isInteger(x) && !/[eE]/.test(v.raw ?? '');
      if (v instanceof JsonNumber && x !== 0 && !exactInteger && sigDigits(v.raw) > shortestDigits(x, t.kind)) {
        bad(`floe cat (not the shortest round-trip text, ${shortestDigits(x, t.kind)} digits suffice)`, v, t);
      }
      return canonDouble(x);
    }
    case 'binary':
    case 'fixed': {
      if (typeof v !== 'string') bad('floe cat', v, t);
      const b = Buffer.from(v, 'base64');
      if (b.toString('base64') !== v) bad('floe cat (not canonical padded base64)', v, t);
      return b.toString('hex');
    }
    case 'string':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'decimal':
    case 'uuid':
      return typeof v === 'string' ? v : bad('floe cat', v, t);
    default:
      throw new Error(`unknown type ${t.kind}`);
  }
}

/** @duckdb/node-api default value objects (getRowObjects). */
export function canonFromDuckDB(v, t) {
  if (v === null || v === undefined) return null;
  const cls = v?.constructor?.name;
  switch (t.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : bad('duckdb', v, t);
    case 'int':
    case 'long':
      return typeof v === 'number' || typeof v === 'bigint' ? BigInt(v).toString() : bad('duckdb', v, t);
    case 'float':
      return typeof v === 'number' ? canonFloat(v) : bad('duckdb', v, t);
    case 'double':
      return typeof v === 'number' ? canonDouble(v) : bad('duckdb', v, t);
    case 'string':
      return typeof v === 'string' ? v : bad('duckdb', v, t);
    case 'binary':
    case 'fixed':
      return cls === 'DuckDBBlobValue' ? hex(v.bytes) : bad('duckdb', v, t);
    case 'date':
      return cls === 'DuckDBDateValue' ? formatDate(v.days) : bad('duckdb', v, t);
    case 'time':
      return cls === 'DuckDBTimeValue' ? formatTime(v.micros) : bad('duckdb', v, t);
    case 'timestamp':
    case 'timestamptz': {
      let us;
      if (cls === 'DuckDBTimestampValue' || cls === 'DuckDBTimestampTZValue') us = v.micros;
      else if (cls === 'DuckDBTimestampMillisecondsValue') us = BigInt(v.millis) * 1000n;
      else if (cls === 'DuckDBTimestampSecondsValue') us = BigInt(v.seconds) * 1_000_000n;
      else if (cls === 'DuckDBTimestampNanosecondsValue') us = floorDiv(BigInt(v.nanos), 1000n);
      else bad('duckdb', v, t);
      if (t.kind === 'timestamptz' && cls !== 'DuckDBTimestampTZValue') bad('duckdb (not TIMESTAMPTZ)', v, t);
      if (t.kind === 'timestamp' && cls === 'DuckDBTimestampTZValue') bad('duckdb (TIMESTAMPTZ for timestamp)', v, t);
      return formatTimestamp(us) + (t.kind === 'timestamptz' ? 'Z' : '');
    }
    case 'decimal':
      return cls === 'DuckDBDecimalValue' && v.scale === t.scale ? formatDecimal(v.value, v.scale) : bad('duckdb', v, t);
    case 'uuid':
      return cls === 'DuckDBUUIDValue' ? v.toString() : bad('duckdb', v, t);
    default:
      throw new Error(`unknown type ${t.kind}`);
  }
}

/** hyparquet parsers that keep full precision; pair with canonFromHyparquet. */
export const HYPARQUET_PARSERS = {
  timestampFromMilliseconds: (v) => ({ unit: 'ms', v: BigInt(v) }),
  timestampFromMicroseconds: (v) => ({ unit: 'us', v: BigInt(v) }),
  timestampFromNanoseconds: (v) => ({ unit: 'ns', v: BigInt(v) }),
  dateFromDays: (d) => ({ days: d }),
};

/**
 * hyparquet (parquetReadObjects with HYPARQUET_PARSERS and utf8: false).
 * hyparquet turns DECIMAL into a JS number, so decimals come back as
 * {approx: number}; compare those with decimalClose.
 */
export function canonFromHyparquet(v, t) {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : bad('hyparquet', v, t);
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : bad('hyparquet', v, t);
    case 'long':
      return typeof v === 'bigint' ? v.toString() : bad('hyparquet', v, t);
    case 'float':
      return typeof v === 'number' ? canonFloat(v) : bad('hyparquet', v, t);
    case 'double':
      return typeof v === 'number' ? canonDouble(v) : bad('hyparquet', v, t);
    case 'string':
      return typeof v === 'string' ? v : bad('hyparquet', v, t);
    case 'binary':
    case 'fixed':
      return v instanceof Uint8Array ? hex(v) : bad('hyparquet', v, t);
    case 'date':
      return typeof v?.days === 'number' ? formatDate(v.days) : bad('hyparquet', v, t);
    case 'time':
      return typeof v === 'bigint' ? formatTime(v) : bad('hyparquet (expected TIME micros as int64)', v, t);
    case 'timestamp':
    case 'timestamptz':
      if (v?.unit !== 'us') bad('hyparquet (expected a MICROS timestamp)', v, t);
      return formatTimestamp(v.v) + (t.kind === 'timestamptz' ? 'Z' : '');
    case 'decimal':
      return typeof v === 'number' ? { approx: v } : bad('hyparquet (expected DECIMAL annotation)', v, t);
    case 'uuid':
      return typeof v === 'string' ? v : bad('hyparquet (expected UUID annotation)', v, t);
    default:
      throw new Error(`unknown type ${t.kind}`);
  }
}

/** True if a hyparquet decimal approximation matches the exact canonical string. */
export function decimalClose(approx, exact) {
  const x = Number(exact);
  return Math.abs(approx - x) <= Math.max(1e-12 * Math.abs(x), 1e-12);
}

function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function describe(v) {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof JsonNumber) return `number ${v.raw}`;
  if (typeof v === 'string') return v.length > 80 ? `${JSON.stringify(v.slice(0, 80))}… (${v.length} chars)` : JSON.stringify(v);
  if (v instanceof Uint8Array) return `bytes ${hex(v).slice(0, 80)}`;
  if (v && typeof v === 'object' && 'approx' in v) return `~${v.approx}`;
  try {
    return String(v?.constructor?.name ?? typeof v) + ' ' + JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------
// Comparison.

/**
 * Compares canonical rows column by column. `columns` is [{name, t}],
 * `expected` and `actual` are arrays of arrays of canonical values. Fails
 * listing the first few mismatches per column.
 */
export function assertSameRows(label, columns, expected, actual) {
  assert.equal(actual.length, expected.length, `${label}: row count`);
  const problems = [];
  columns.forEach((col, c) => {
    const bad = [];
    for (let r = 0; r < expected.length; r++) {
      const e = expected[r][c];
      const a = actual[r][c];
      const same = a !== null && typeof a === 'object' && 'approx' in a ? e !== null && decimalClose(a.approx, e) : a === e;
      if (!same) bad.push(r);
    }
    if (bad.length) {
      const shown = bad
        .slice(0, 4)
        .map((r) => `row ${r}: expected ${describe(expected[r][c])}, got ${describe(actual[r][c])}`)
        .join('; ');
      problems.push(`  column ${col.name} (${col.type ?? col.t.kind}): ${bad.length} mismatches; ${shown}`);
    }
  });
  if (problems.length) assert.fail(`${label}: values differ\n${problems.join('\n')}`);
}

/** Canonical rows from floe cat objects; also checks key order. */
export function canonRowsFromFloeCat(objs, columns) {
  const names = columns.map((c) => c.name);
  return objs.map((o, r) => {
    const keys = Object.keys(o);
    if (keys.join('\u0000') !== names.join('\u0000')) {
      assert.fail(`floe cat row ${r}: keys ${JSON.stringify(keys)}, expected ${JSON.stringify(names)}`);
    }
    return columns.map((c) => {
      try {
        return canonFromFloeCat(o[c.name], c.t);
      } catch (e) {
        throw new Error(`row ${r} column ${c.name}: ${e.message}`);
      }
    });
  });
}

export function canonRowsWith(fn, objs, columns) {
  return objs.map((o, r) =>
    columns.map((c) => {
      try {
        return fn(o[c.name], c.t);
      } catch (e) {
        throw new Error(`row ${r} column ${c.name}: ${e.message}`);
      }
    }),
  );
}
