// Helpers shared by the interop tests: run the floe CLI, make temp dirs, and
// read floe's JSON output without losing int64 precision.
//
// FLOE_BIN overrides the binary; the default is <repo>/build/floe.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FLOE_BIN = process.env.FLOE_BIN || path.join(REPO_ROOT, 'build', 'floe');

/** Throws a readable error when the binary is missing, instead of ENOENT noise. */
export function requireFloe() {
  if (!existsSync(FLOE_BIN)) {
    throw new Error(`floe binary not found at ${FLOE_BIN} (build it, or set FLOE_BIN)`);
  }
}

/**
 * Runs floe with `args`. Resolves to {code, signal, stdout, stderr} (strings);
 * never rejects on a non-zero exit, so tests can assert on failures.
 */
export function runFloe(args, { input, timeoutMs = 60_000 } = {}) {
  requireFloe();
  return new Promise((resolve, reject) => {
    const child = spawn(FLOE_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {}); // floe may exit before reading stdin
    child.stdin.end(input ?? '');
  });
}

/** Formats a floe result for assertion messages. */
export function describeRun(args, r) {
  const clip = (s) => (s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} chars)` : s);
  return `floe ${args.join(' ')}\n  exit=${r.code} signal=${r.signal}\n  stderr: ${clip(r.stderr)}`;
}

/** Runs floe and throws unless it exits 0. */
export async function runFloeOk(args, opts) {
  const r = await runFloe(args, opts);
  if (r.code !== 0) throw new Error(`expected exit 0\n${describeRun(args, r)}`);
  return r;
}

/** A fresh directory under os.tmpdir(); remove it with removeTempDir. */
export function makeTempDir(prefix = 'floe-interop-') {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir) {
  return rm(dir, { recursive: true, force: true });
}

/** A temp dir removed when the node:test context `t` finishes. */
export async function tempDirFor(t) {
  const dir = await makeTempDir();
  t.after(() => removeTempDir(dir));
  return dir;
}

// ---------------------------------------------------------------------------
// JSON with exact numbers.

/** A JSON number kept as its source text, so int64 and -0.0 survive. */
export class JsonNumber {
  constructor(raw) {
    this.raw = raw;
  }
  toString() {
    return this.raw;
  }
}

/** Marks text to be written verbatim as a JSON value (e.g. "-0.0", int64 extremes). */
export class RawJson {
  constructor(text) {
    this.text = text;
  }
}
export const raw = (text) => new RawJson(text);

/**
 * Parses one JSON text. Numbers become JsonNumber; objects become plain objects
 * whose key order is the document's (a duplicate key throws).
 */
export function parseJsonExact(text) {
  let i = 0;
  const fail = (msg) => {
    throw new SyntaxError(`${msg} at offset ${i} in ${JSON.stringify(text.slice(0, 200))}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected key');
        const k = str();
        if (Object.prototype.hasOwnProperty.call(obj, k)) fail(`duplicate key ${k}`);
        ws();
        if (text[i++] !== ':') fail('expected :');
        obj[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('unexpected token');
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const str = () => {
    // Find the closing quote, then let JSON.parse validate and unescape.
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

/** Splits floe's stdout into lines and parses each exactly. */
export function parseNdjsonExact(stdout) {
  if (stdout === '') return [];
  if (!stdout.endsWith('\n')) throw new Error('ndjson output does not end with a newline');
  return stdout.slice(0, -1).split('\n').map((line, n) => {
    try {
      return parseJsonExact(line);
    } catch (e) {
      throw new Error(`stdout line ${n + 1}: ${e.message}`);
    }
  });
}

/** Serialises a row object; RawJson and bigint are written verbatim, undefined keys skipped. */
export function toJsonLine(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${jsonValue(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function jsonValue(v) {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`cannot write ${v} as JSON`);
  return JSON.stringify(v);
}

export async function writeNdjson(file, rows) {
  await writeFile(file, rows.map((r) => `${toJsonLine(r)}\n`).join(''));
}
