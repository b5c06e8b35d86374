#!/usr/bin/env node
// `node packages/bench/src/timeline.mjs`: a guest's timeline page of 50, measured at the guests subgraph (HTTP,
// the resolver and the SQL the desk uses), on a database seeded to the 1M-guest size: BENCH_GUESTS profiles
// (1,000,000) with BENCH_LINES lines each (3) and BENCH_BUSY guests (200) with 120 lines each, a tenth of
// them holding a merged duplicate with 30 lines of its own. Requests go one at a time (the latency of one
// page, not the throughput of many): BENCH_REQUESTS (1000) first pages and as many second pages (after the
// first's cursor). Needs `npm run build` first; seeding is skipped when the database already holds it.
// TIMELINE_BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/timeline_bench). Writes
// packages/bench/results/timeline-<label>.md with the figures.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = join(import.meta.dirname, '../../..');
const imp = (p) => import(pathToFileURL(join(root, p)).href);
const { values: argv } = parseArgs({
  options: { label: { type: 'string', default: 'latest' } },
  args: process.argv.slice(2).filter((a) => a !== '--'),
});
const DB = process.env.TIMELINE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/timeline_bench';
const GUESTS = Number(process.env.BENCH_GUESTS ?? 1_000_000);
const LINES = Number(process.env.BENCH_LINES ?? 3);
const BUSY = Number(process.env.BENCH_BUSY ?? 200);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const log = (m) => console.log(`\x1b[36m▸\x1b[0m ${m}`);

async function ensureDatabase() {
  const url = new URL(DB);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
}

/** Profiles and lines in a few set-wise statements; the busy guests are the first BUSY profiles. */
async function seed(db) {
  const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM guests.guest')).rows;
  if (n >= GUESTS + BUSY / 10) return null;
  const t = performance.now();
  await db.query('TRUNCATE guests.timeline_entry, guests.guest CASCADE');
  // Ids from the row number, so a run can name its busy guests without reading them back.
  const idOf = (expr) => `('00000000-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  for (let from = 1; from <= GUESTS; from += 100_000) {
    const to = Math.min(GUESTS, from + 99_999);
    await db.query(
      `INSERT INTO guests.guest (id, full_name, search_name, registered_by, registered_at, updated_at)
       SELECT ${idOf('i')}, 'Guest ' || i, 'guest ' || i, 'bench', now() - interval '3 years', now()
         FROM generate_series($1::int, $2::int) i`,
      [from, to],
    );
    await db.query(
      `INSERT INTO guests.timeline_entry (guest_id, key, kind, service, at, summary)
       SELECT ${idOf('i')}, 'bench:' || i || ':' || l, 'POINTS_EARNED', 'loyalty',
              now() - (i % 1000) * interval '1 day' - l * interval '1 hour', 'Points earned: ' || l
         FROM generate_series($1::int, $2::int) i, generate_series(1, $3::int) l`,
      [from, to, LINES],
    );
    log(`seeded ${to.toLocaleString('en')} profiles`);
  }
  const kinds = ['STAY_CHECKED_IN', 'STAY_CHECKED_OUT', 'POINTS_EARNED', 'CASE_OPENED', 'INVOICE_ISSUED'];
  const services = ['guests', 'guests', 'loyalty', 'service-recovery', 'credit'];
  await db.query(
    `INSERT INTO guests.timeline_entry (guest_id, key, kind, service, at, summary)
     SELECT ${idOf('i')}, 'busy:' || i || ':' || l, ($2::text[])[1 + l % 5], ($3::text[])[1 + l % 5],
            now() - l * interval '7 hours', 'Busy line ' || l
       FROM generate_series(1, $1::int) i, generate_series(4, 120) l`,
    [BUSY, kinds, services],
  );
  // A tenth of the busy guests hold a merged duplicate (ids after the profiles) with 30 lines of its own.
  await db.query(
    `INSERT INTO guests.guest (id, full_name, search_name, registered_by, registered_at, updated_at, merged_into)
     SELECT ${idOf(`${GUESTS} + i`)}, 'Duplicate ' || i, 'duplicate ' || i, 'bench', now(), now(), ${idOf('i')}
       FROM generate_series(1, $1::int, 10) i`,
    [BUSY],
  );
  await db.query(
    `INSERT INTO guests.timeline_entry (guest_id, key, kind, service, at, summary)
     SELECT ${idOf(`${GUESTS} + i`)}, 'dup:' || i || ':' || l, 'STAY_CHECKED_OUT', 'guests',
            now() - l * interval '5 hours' - interval '30 minutes', 'Duplicate line ' || l
       FROM generate_series(1, $1::int, 10) i, generate_series(1, 30) l`,
    [BUSY],
  );
  await db.query('ANALYZE guests.guest');
  await db.query('ANALYZE guests.timeline_entry');
  return performance.now() - t;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  await ensureDatabase();
  const { startService } = await imp('packages/subgraph-kit/dist/index.js');
  const { signIdentity } = await imp('packages/auth/dist/index.js');
  const { DEV_GATEWAY_PROOF_SECRET } = await imp('packages/config/dist/index.js');
  const { guestsService } = await imp('services/guests/dist/index.js');
  const service = await startService(guestsService, {
    port: 0,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: DB,
      NATS_NAMESPACE: `bench${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  });
  const db = new pg.Client({ connectionString: DB });
  await db.connect();
  try {
    // The bench's lines are its own; the backfill has nothing to add to them.
    await db.query(
      `INSERT INTO guests.timeline_backfill (source, loaded, completed_at)
       SELECT s, 0, now() FROM unnest(ARRAY['guests','accounts','service-recovery','loyalty','credit']) s
       ON CONFLICT (source) DO UPDATE SET completed_at = now()`,
    );
    const seeded = await seed(db);
    if (seeded != null) log(`seeded in ${(seeded / 1000).toFixed(1)} s`);
    const [{ rows: guests }, { rows: lines }] = await Promise.all([
      db.query('SELECT count(*)::int AS n FROM guests.guest'),
      db.query('SELECT count(*)::int AS n FROM guests.timeline_entry'),
    ]);
    const headers = {
      'content-type': 'application/json',
      ...signIdentity({ sub: 'bench', name: 'Bench', roles: ['FRONT_OFFICE'] }, DEV_GATEWAY_PROOF_SECRET),
    };
    const QUERY = `query GuestTimeline($id: ID!, $first: Int!, $after: String) { guest(id: $id) { id
      timeline(first: $first, after: $after) { edges { cursor node { at kind service summary } }
      pageInfo { hasNextPage endCursor } } } }`;
    const page = async (id, after) => {
      const t = performance.now();
      const res = await fetch(service.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: QUERY, variables: { id, first: 50, after } }),
      });
      const body = await res.json();
      const ms = performance.now() - t;
      const tl = body.data?.guest?.timeline;
      // A first page is full (97 of a busy guest's lines are the desk's to see); a second holds the rest.
      if (!tl?.edges.length || (!after && tl.edges.length !== 50))
        throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, endCursor: tl.pageInfo.endCursor };
    };
    const busyId = (i) => `00000000-0000-4000-8000-${(1 + (i % BUSY)).toString(16).padStart(12, '0')}`;
    for (let i = 0; i < 100; i++) await page(busyId(i), null); // warm-up
    const first = [];
    const second = [];
    for (let i = 0; i < REQUESTS; i++) {
      const a = await page(busyId(i * 7), null);
      first.push(a.ms);
      second.push((await page(busyId(i * 7), a.endCursor)).ms);
    }
    // The floor on this machine at this moment: the same request path with no timeline asked.
    const bare = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await fetch(service.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: 'query($id: ID!) { guest(id: $id) { id } }', variables: { id: busyId(i * 7) } }),
      });
      await res.json();
      bare.push(performance.now() - t);
    }
    const row = (name, xs) =>
      `| ${name} | ${xs.length} | ${percentile(xs, 50).toFixed(2)} | ${percentile(xs, 95).toFixed(2)} | ${percentile(xs, 99).toFixed(2)} |`;
    const report = [
      `# Timeline page of 50 at the guests subgraph (${argv.label})`,
      '',
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} on ${os.availableParallelism()} cores (shared with other work). ${guests[0].n.toLocaleString('en')} guest profiles, ${lines[0].n.toLocaleString('en')} timeline lines; ${BUSY} busy guests with 117 lines each (a tenth also with a merged duplicate's 30). One request at a time over keep-alive HTTP, FRONT_OFFICE (credit's lines left out in SQL). ${new Date().toISOString()}, Node ${process.version}.`,
      '',
      '| page | requests | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- |',
      row('first page (first: 50)', first),
      row('second page (after the first endCursor)', second),
      row('floor: guest(id) { id } on the same path, no timeline', bare),
      '',
    ].join('\n');
    console.log(report);
    const out = join(import.meta.dirname, '../results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `timeline-${argv.label}.md`), report);
  } finally {
    await db.end();
    await service.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
