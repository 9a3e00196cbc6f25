// The Prometheus text exposition format, parsed strictly for tests.

import assert from 'node:assert/strict';

// Parses the text exposition format 0.0.4 strictly: returns {types, help, samples}.
export function parsePrometheus(text) {
  const types = new Map();
  const help = new Map();
  const samples = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/y;
  const value = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/;
  assert.ok(text === '' || text.endsWith('\n'), 'exposition ends with a newline');
  for (const line of text.split('\n').slice(0, -1)) {
    let m;
    if ((m = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
      assert.ok(!types.has(m[1]), `one TYPE line for ${m[1]}`);
      types.set(m[1], m[2]);
      continue;
    }
    if ((m = new RegExp(`^# HELP (${name}) (.*)$`).exec(line))) {
      help.set(m[1], m[2]);
      continue;
    }
    m = new RegExp(`^(${name})(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    assert.ok(m, `sample line: ${line}`);
    const labels = {};
    if (m[2]) {
      let pos = 0;
      while (pos < m[2].length) {
        labelRe.lastIndex = pos;
        const l = labelRe.exec(m[2]);
        assert.ok(l, `labels of ${line}`);
        labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
        pos = labelRe.lastIndex;
        if (m[2][pos] === ',') pos++;
      }
    }
    assert.match(m[3], value, `value of ${line}`);
    const family = [...types.keys()].find(
      (f) => m[1] === f || (types.get(f) === 'histogram' && ['_bucket', '_sum', '_count'].some((s) => m[1] === f + s)),
    );
    assert.ok(family, `a TYPE line precedes ${m[1]}`);
    samples.push({ name: m[1], family, labels, value: Number(m[3].replace('Inf', 'Infinity')) });
  }
  return { types, help, samples };
}
