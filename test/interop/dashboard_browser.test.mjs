// The live dashboard in a real browser. `floe up` runs the reference pipeline with
// a fast generator (enough records to fill the stream's 5 MiB buffer, so one
// delivery commits while the test watches); headless Chromium, driven by
// playwright-core, loads the page at once and the test waits until the nine
// reference widgets have drawn points from the pipeline, then types a query into
// the query box, runs it and reads the result table. The screenshot it leaves in
// test-artifacts/dashboard.png is named in the test's diagnostics.
//
// Needs Debian's chromium (scripts/install-deps.sh installs it); CHROMIUM overrides
// its path.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';

import { chromium } from 'playwright-core';

import { makeTempDir, removeTempDir, REPO_ROOT } from './floe.mjs';
import { startUp } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts', 'dashboard.png');
const TABLE = 'firehosetos3demo.firehosetos3demo'; // the legend's short form of floe-demo-tables/firehosetos3demo/firehosetos3demo

// The reference widgets by card title, the series label each must carry, and
// what its points must show once the first delivery has been sampled: `positive`
// wants some point above zero, `zero` wants every point at zero.
const EXPECTED = [
  { title: 'Incoming records', label: 'floe-demo-stream', points: 'positive' },
  { title: 'Delivery success and failure', label: 'success floe-demo-stream', points: 'positive' },
  { title: 'Data freshness', label: 'floe-demo-stream', points: 'positive' },
  { title: 'Bytes delivered', label: 'floe-demo-stream', points: 'positive' },
  { title: 'Generator invocations', label: 'iot-generator', points: 'positive' },
  { title: 'Generator errors', label: 'iot-generator', points: 'zero' },
  { title: 'Generator duration', label: 'mean iot-generator', points: 'positive' },
  { title: 'Table storage size', label: TABLE, points: 'positive' },
  { title: 'Table file count', label: TABLE, points: 'positive' },
];

let dir;
let up;
let browser;
after(async () => {
  await browser?.close();
  await up?.stop();
  if (dir) await removeTempDir(dir);
});

/** `floe up` whose stop() is Ctrl-C (delivers the buffer first), then SIGKILL after 15 s. */
async function startPipeline(dataDir, args) {
  const up = await startUp(dataDir, args);
  return {
    ...up,
    async stop() {
      const timer = setTimeout(() => up.proc.kill('SIGKILL'), 15_000);
      const result = await up.stop('SIGINT');
      clearTimeout(timer);
      return result;
    },
  };
}

/** What the page shows for each reference widget: read from its DOM and its uPlot instance. */
function readWidgets(page, titles) {
  return page.evaluate((titles) => {
    // WIDGETS is the page script's top-level const: reachable by name, not as window.WIDGETS.
    if (typeof WIDGETS === 'undefined') throw new Error('the page no longer defines WIDGETS');
    return titles.map((title) => {
      const card = document.querySelector(`section.card[data-widget="${CSS.escape(title)}"]`);
      const w = WIDGETS.find((x) => x.title === title);
      const empty = card?.querySelector('.chart .empty');
      const canvas = card?.querySelector('.chart canvas');
      const ys = w?.plot ? w.plot.data.slice(1).flat().filter((v) => v != null) : [];
      return {
        title,
        card: !!card,
        emptyShown: !empty || getComputedStyle(empty).display !== 'none',
        canvas: !!canvas && canvas.width > 0 && canvas.height > 0,
        labels: w?.plot ? w.plot.series.slice(1).map((s) => s.label) : [],
        points: ys.length,
        max: ys.length ? Math.max(...ys) : null,
      };
    });
  }, titles);
}

function isReady(state, expected) {
  if (!state.card || state.emptyShown || !state.canvas || state.points === 0) return false;
  if (!state.labels.includes(expected.label)) return false;
  return expected.points === 'positive' ? state.max > 0 : state.max === 0;
}

test('the dashboard draws the nine reference widgets live and runs a query', { timeout: 120_000 }, async (t) => {
  assert.ok(
    existsSync(CHROMIUM),
    `chromium not found at ${CHROMIUM}: run scripts/install-deps.sh (it installs Debian's chromium), or set CHROMIUM`,
  );
  dir = await makeTempDir('floe-dashboard-browser-');
  // 50,000 records (~6 MiB) at 5,000/s: the generator runs ~10 s, across several 5 s
  // samples, and fills the 5 MiB buffer once, so one delivery commits a data file.
  up = await startPipeline(dir, ['--records', '50000', '--rate', '5000']);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    timeout: 30_000,
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const response = await page.goto(`${up.url}/`, { waitUntil: 'load', timeout: 15_000 });
  assert.equal(response.status(), 200);
  assert.equal(await page.title(), 'floe dashboard');

  // The page refreshes every 5 s; wait for the pipeline's data to reach all nine charts.
  const titles = EXPECTED.map((e) => e.title);
  const deadline = Date.now() + 45_000;
  let states = await readWidgets(page, titles);
  while (!states.every((s, i) => isReady(s, EXPECTED[i])) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    states = await readWidgets(page, titles);
  }
  for (const [i, state] of states.entries()) {
    const want = EXPECTED[i];
    const seen = JSON.stringify(state);
    assert.ok(state.card, `card section.card[data-widget="${want.title}"]: ${seen}`);
    assert.ok(!state.emptyShown, `${want.title}: the "waiting for data" overlay is hidden: ${seen}`);
    assert.ok(state.canvas, `${want.title}: uPlot drew a canvas: ${seen}`);
    assert.ok(state.points > 0, `${want.title}: the chart has points: ${seen}`);
    assert.ok(state.labels.includes(want.label), `${want.title}: a series labelled ${want.label}: ${seen}`);
    if (want.points === 'positive') assert.ok(state.max > 0, `${want.title}: a point above zero: ${seen}`);
    else assert.equal(state.max, 0, `${want.title}: every point is zero: ${seen}`);
  }
  assert.match(await page.textContent('#status'), /^live · \d+ samples/);

  // The query box: type, click Run, read the result table.
  const sql = 'SELECT location, COUNT(*) AS readings FROM firehosetos3demo.firehosetos3demo GROUP BY location ORDER BY location';
  await page.fill('#sql', sql);
  await page.click('#run');
  await page.waitForFunction(
    () => !document.getElementById('run').disabled && document.getElementById('query-message').textContent !== 'running…',
    null,
    { timeout: 20_000, polling: 250 },
  );
  const message = await page.textContent('#query-message');
  assert.doesNotMatch(await page.getAttribute('#query-message', 'class'), /error/, message);
  assert.match(message, /^2 rows in \d+ ms$/);
  const header = await page.$$eval('#results thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(header, ['location', 'readings']);
  const rows = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), ['office', 'warehouse']);
  for (const r of rows) assert.ok(Number(r[1]) > 0, `readings in ${r[0]}: ${r[1]}`);

  await mkdir(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  t.diagnostic(`screenshot: ${SCREENSHOT}`);
  assert.deepEqual(pageErrors, [], 'no uncaught errors on the page');
});
