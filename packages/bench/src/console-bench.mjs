#!/usr/bin/env node
// `npm run bench:console`: the console's speed as a person at the desk feels it, in Debian's Chromium driven by
// playwright-core, against the graph from dist/ on the seeded database (hotel_bench; DATABASE_URL overrides).
// - the first page's JavaScript, gzipped (what the browser fetches before the sign-in page shows);
// - keystroke to results shown: a name typed at 120 ms a key, each keystroke's results timed from its input
//   event to the frame that shows them (the list names the text it answers: data-for);
// - guest page shown after the click: from the click on a result to the frame with the guest's sections.
// Results go to packages/bench/results/console.{json,md}. Options: --names 60 --delay 120.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { nodeFlags } from '../../../scripts/lib.mjs';

const root = join(import.meta.dirname, '../../..');
const here = join(import.meta.dirname, '..');
const consoleDir = join(root, 'packages/console');
const { values: argv } = parseArgs({
  options: { names: { type: 'string', default: '60' }, delay: { type: 'string', default: '120' } },
  args: process.argv.slice(2).filter((a) => a !== '--'),
});
const NAMES = Number(argv.names);
const DELAY = Number(argv.delay);
const DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotel_bench';
const SERVICES = [
  ['guests', 4111],
  ['accounts', 4112],
  ['service-recovery', 4113],
  ['loyalty', 4114],
  ['credit', 4115],
];
const GATEWAY_PORT = 4110;
const up = (name) => name.toUpperCase().replace(/-/g, '_');
const log = (m) => console.log(`\x1b[36m▸\x1b[0m ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x) => Math.round(x * 10) / 10;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]) : null;
};

/** The console as `npm start` builds it; the first page's JavaScript is the entry and what it preloads. */
function bundle() {
  const built = spawnSync(process.execPath, [join(consoleDir, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: consoleDir,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('vite build failed');
  const html = readFileSync(join(consoleDir, 'dist/index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const size = (f) => gzipSync(readFileSync(join(consoleDir, 'dist', f))).length;
  const assets = readdirSync(join(consoleDir, 'dist/assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    firstPageFiles: first,
    firstPageGzipKB: round(first.reduce((n, f) => n + size(f), 0) / 1024),
    allJsGzipKB: round(assets.reduce((n, f) => n + size(f), 0) / 1024),
  };
}

const children = [];
function spawnNode(file, env) {
  const child = spawn(process.execPath, [...nodeFlags(), file], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.on('data', (d) => {
    tail = (tail + d.toString()).slice(-2000);
  });
  child.on('exit', (code) => code && !stopping && console.error(`${file} exited ${code}\n${tail}`));
  children.push(child);
}
let stopping = false;

async function waitReady(port, headers) {
  for (let i = 0; i < 1200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (r.status === 200) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`nothing answers on :${port}`);
}

async function waitHealthy(port) {
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`nothing ready on :${port}`);
}

async function main() {
  const imp = (p) => import(pathToFileURL(join(root, p)).href);
  const { mintToken } = await imp('packages/auth/dist/index.js');
  const db = new pg.Client({ connectionString: DB });
  await db.connect();
  const [{ n: guests }] = (await db.query('SELECT count(*)::int AS n FROM guests.guest')).rows;
  if (!guests) throw new Error(`No guests in ${DB}: run npm run seed first`);
  // Names people type: whole, or with one letter dropped (the search forgives a typo).
  const sample = (
    await db.query(
      `SELECT full_name AS name FROM guests.guest TABLESAMPLE SYSTEM (0.5) WHERE merged_into IS NULL
        AND full_name ~ '^[A-Za-z]' LIMIT $1`,
      [NAMES],
    )
  ).rows.map((r, i) => (i % 2 ? r.name.slice(0, 3) + r.name.slice(4) : r.name));
  await db.end();

  log('building the console');
  const size = bundle();
  log(`first page: ${size.firstPageGzipKB} kB of JavaScript gzipped (all pages ${size.allJsGzipKB} kB)`);

  const env = {
    ...process.env,
    DATABASE_URL: DB,
    NATS_NAMESPACE: `consolebench${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    APOLLO_TELEMETRY_DISABLED: '1',
    GATEWAY_RATE_LIMIT: '0',
    GATEWAY_PORT: String(GATEWAY_PORT),
  };
  for (const [name, port] of SERVICES) {
    env[`${up(name)}_PORT`] = String(port);
    env[`${up(name)}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  for (const [name] of SERVICES) spawnNode(join(root, `services/${name}/dist/main.js`), env);
  // A subgraph answers GraphQL only with a gateway's proof for that very request: readiness is its own probe.
  await Promise.all(SERVICES.map(([, port]) => waitHealthy(port)));
  spawnNode(join(root, 'gateway/dist/main.js'), env);
  await waitReady(GATEWAY_PORT, { authorization: `Bearer ${mintToken(['MANAGER'])}` });
  log(`stack up on :${GATEWAY_PORT}; ${guests.toLocaleString('en')} guests`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`http://127.0.0.1:${GATEWAY_PORT}/console/`);
    await page.getByRole('combobox', { name: 'Role' }).selectOption('FRONT_OFFICE');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('searchbox', { name: 'Find a guest' }).waitFor();
    await page.evaluate(() => {
      const t = { typed: {}, shown: {}, clickAt: null, guestShown: [] };
      window.__bench = t;
      const frame = (f) => requestAnimationFrame(() => f(performance.now()));
      document.addEventListener(
        'input',
        (e) => {
          if (e.target.type === 'search') t.typed[e.target.value.trim()] = performance.now();
        },
        true,
      );
      document.addEventListener(
        'click',
        (e) => {
          if (e.target.closest('ul[data-for] a')) t.clickAt = performance.now();
        },
        true,
      );
      new MutationObserver(() => {
        const answered = document.querySelector('ul[data-for]')?.getAttribute('data-for');
        if (answered && t.typed[answered] && !t.shown[answered]) {
          const at = t.typed[answered];
          t.shown[answered] = -1;
          frame((now) => {
            t.shown[answered] = now - at;
          });
        }
        if (t.clickAt && document.querySelector('article h1') && document.getElementById('preferences')) {
          const at = t.clickAt;
          t.clickAt = null;
          frame((now) => t.guestShown.push(now - at));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });

    const search = page.getByRole('searchbox', { name: 'Find a guest' });
    const finals = [];
    let opened = 0;
    for (const name of sample) {
      await search.fill('');
      await search.focus();
      await page.keyboard.type(name, { delay: DELAY });
      const list = page.locator(`ul[data-for="${name.trim().replace(/"/g, '\\"')}"]`);
      await list.waitFor({ timeout: 10_000 });
      await sleep(50);
      finals.push(await page.evaluate((n) => window.__bench.shown[n], name.trim()));
      const link = list.getByRole('link').first();
      if (await link.count()) {
        await link.click();
        await page.locator('article h1').waitFor();
        opened++;
        await sleep(50);
      }
    }
    const { shown, guestShown } = await page.evaluate(() => window.__bench);
    const keystrokes = Object.values(shown).filter((x) => x > 0);
    const results = {
      when: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg().map(round).join(' ')}`,
      guests,
      names: sample.length,
      delayMs: DELAY,
      bundle: size,
      keystrokeToResults: { count: keystrokes.length, p50: pct(keystrokes, 50), p95: pct(keystrokes, 95) },
      lastKeystrokeToResults: { count: finals.length, p50: pct(finals, 50), p95: pct(finals, 95) },
      guestPageAfterClick: {
        count: guestShown.length,
        opened,
        p50: pct(guestShown, 50),
        p95: pct(guestShown, 95),
        first: round(guestShown[0] ?? 0),
      },
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/console.json'), `${JSON.stringify(results, null, 2)}\n`);
    const md = `| measure | target | p50 | p95 | samples |
| --- | --- | --- | --- | --- |
| keystroke to results shown (every keystroke answered) | p95 < 150 ms | ${results.keystrokeToResults.p50} ms | ${results.keystrokeToResults.p95} ms | ${keystrokes.length} |
| last keystroke of a name to its results shown | p95 < 150 ms | ${results.lastKeystrokeToResults.p50} ms | ${results.lastKeystrokeToResults.p95} ms | ${finals.length} |
| guest page shown after the click | < 300 ms | ${results.guestPageAfterClick.p50} ms | ${results.guestPageAfterClick.p95} ms | ${guestShown.length} (first, with its code: ${results.guestPageAfterClick.first} ms) |
| first page's JavaScript, gzipped | < 300 kB | ${size.firstPageGzipKB} kB | | all pages: ${size.allJsGzipKB} kB |
`;
    writeFileSync(join(here, 'results/console.md'), md);
    spawnSync(
      process.execPath,
      [join(root, 'scripts/pnpm.mjs'), 'exec', 'biome', 'format', '--write', join(here, 'results/console.json')],
      { cwd: root, stdio: 'ignore' },
    );
    console.log(md);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await sleep(1000);
  // The children's stderr pipes would keep this process waiting.
  process.exit(process.exitCode ?? 0);
}
