#!/usr/bin/env node
// `npm run bench`: the graph from dist/ on the seeded database (hotel_bench; DATABASE_URL overrides), loaded
// from this process over keep-alive HTTP. Each scenario warms up, then runs a fixed duration at a fixed
// concurrency; throughput, p50/p95/p99, errors and the peak RSS of every process are written to
// packages/bench/results/ as JSON and markdown. Options: --duration 20 --warmup 5 --connections 32
// --workers <cores> --only 1,2,3,4,5,6,export --label <name> --checkouts 10000 --soak <seconds>.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEV_PROOF_SECRET } from '@guest-graph/testing';
import pg from 'pg';
import { nodeFlags } from '../../../scripts/lib.mjs';
import { guestProfile, guestsDomain, K, rngFor, typo, uid } from './data.mjs';

const root = join(import.meta.dirname, '../../..');
const here = join(import.meta.dirname, '..');
const imp = (p) => import(pathToFileURL(join(root, p)).href);
const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
    only: { type: 'string', default: '1,2,3,4,5,6' },
    label: { type: 'string', default: 'latest' },
    checkouts: { type: 'string', default: '10000' },
    soak: { type: 'string', default: '0' },
  },
  args: process.argv.slice(2).filter((a) => a !== '--'),
});
const DURATION = Number(argv.duration);
const WARMUP = Number(argv.warmup);
const CONNECTIONS = Number(argv.connections);
const WORKERS = Number(argv.workers);
const ONLY = new Set(argv.only.split(',').map((s) => s.trim()));
const DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotel_bench';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PROOF_SECRET = process.env.GATEWAY_PROOF_SECRET ?? DEV_PROOF_SECRET;
// BENCH_PORT_BASE (4100) moves every port, so two benches on one machine do not answer each other's calls.
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4100);
const SERVICES = [
  ['guests', PORT_BASE + 1],
  ['accounts', PORT_BASE + 2],
  ['service-recovery', PORT_BASE + 3],
  ['loyalty', PORT_BASE + 4],
  ['credit', PORT_BASE + 5],
];
const GATEWAY_PORT = PORT_BASE;
const HIVE_PORT = PORT_BASE + 100;
const COUNTING_GATEWAY_PORT = PORT_BASE + 50;
const up = (name) => name.toUpperCase().replace(/-/g, '_');
const log = (m) => console.log(`\x1b[36m▸\x1b[0m ${m}`);

const ARRIVAL_BRIEF = `query ArrivalBrief($id: ID!) { guest(id: $id) { id fullName segment vip phone email
  idDocument { type maskedNumber } preferences { category value }
  stays(last: 5) { id status arrivalDate departureDate roomType totalSpend }
  membership { number tier pointsBalance } openCases { id status severity category dueAt }
  account { id name grade } } }`;
const FIND_GUESTS =
  'query FindGuests($text: String!, $first: Int) { searchGuests(text: $text, first: $first) { id fullName } }';
const ACCOUNT_PRODUCTION = `query AccountProduction($first: Int!, $after: String) { accounts(first: $first, after: $after) {
  edges { node { id name grade production { stays roomNights revenue } credit { outstanding } } }
  pageInfo { hasNextPage endCursor } } }`;
const GUEST_LIST = `query GuestList($first: Int!) { guestsByValue(first: $first) { id fullName
  membership { tier pointsBalance } openCases { id severity } account { id name grade } } }`;
const CHECK_OUT =
  'mutation CheckOut($stayId: ID!, $charges: [ChargeInput!]!) { checkOut(stayId: $stayId, charges: $charges) { id status totalSpend } }';

// --- HTTP ------------------------------------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
function post(port, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          // A subgraph's proof is bound to the subgraph and the body: made per call.
          ...(typeof headers === 'function' ? headers(port, body) : headers),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const errorsSeen = new Map();
async function gql(port, query, variables, headers) {
  const r = await post(port, JSON.stringify({ query, variables }), headers);
  let json;
  try {
    json = JSON.parse(r.text);
  } catch {
    json = undefined;
  }
  const ok = r.status === 200 && json?.data && !json.errors;
  if (!ok) {
    const key = `${port} ${r.status} ${json?.errors?.[0]?.extensions?.code ?? ''} ${(json?.errors?.[0]?.message ?? r.text).slice(0, 120)}`;
    errorsSeen.set(key, (errorsSeen.get(key) ?? 0) + 1);
  }
  return { ok, json };
}

// --- processes and their memory --------------------------------------------------------------------------
const children = [];
function spawnNode(name, file, args, env) {
  const child = spawn(
    file.endsWith('.js') || file.endsWith('.mjs') ? process.execPath : file,
    // Ours as `npm start` runs them (heap cap), the peer gateway with its own defaults; BENCH_NODE_ARGS (say
    // `--cpu-prof --cpu-prof-dir=/tmp/prof`) adds to every process.
    file.endsWith('js')
      ? [
          ...(name === 'hive-gateway' ? [] : nodeFlags()),
          ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
          file,
          ...args,
        ]
      : args,
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let tail = '';
  child.stderr.on('data', (d) => {
    tail = (tail + d.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[${name}] exited (${signal ?? code})\n${tail}`);
  });
  children.push({ name, child });
  return child;
}
// Every thread's children: a process forked from a worker thread is listed under that thread, not the main one.
const descendants = (pid) => {
  try {
    const kids = readdirSync(`/proc/${pid}/task`).flatMap((t) => {
      try {
        return readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
    return [pid, ...[...new Set(kids)].flatMap(descendants)];
  } catch {
    return [pid];
  }
};
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};
/** Samples every process tree's RSS; `peak()` gives the largest total and largest single process per name. */
/**
 * CPU seconds (user + system) used so far by the stack's processes (every child and its workers), from
 * /proc/<pid>/stat. CPU per request is steadier than throughput on a machine shared with other work: other
 * processes take turns on the cores, but they do not make ours do more work.
 */
function stackCpuSeconds() {
  let ticks = 0;
  for (const { child } of children) {
    if (child.exitCode !== null) continue;
    for (const pid of descendants(child.pid)) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {}
    }
  }
  return ticks / 100;
}

class RssSampler {
  constructor() {
    this.reset();
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
  }
  reset() {
    this.peaks = {};
  }
  sample() {
    for (const { name, child } of children) {
      if (child.exitCode !== null) continue;
      const pids = descendants(child.pid);
      const rss = pids.map(rssOf);
      const total = rss.reduce((a, b) => a + b, 0);
      this.peaks[name] ??= { total: 0, max: 0, processes: 0 };
      const p = this.peaks[name];
      p.total = Math.max(p.total, total);
      p.max = Math.max(p.max, ...rss);
      p.processes = Math.max(p.processes, pids.length);
    }
  }
  peak() {
    this.sample();
    return Object.fromEntries(
      Object.entries(this.peaks).map(([k, v]) => [
        k,
        { totalMB: Math.round(v.total / 2 ** 20), maxProcessMB: Math.round(v.max / 2 ** 20), processes: v.processes },
      ]),
    );
  }
}

async function waitReady(name, port, headers = {}) {
  for (let i = 0; i < 1200; i++) {
    try {
      const r = await post(port, JSON.stringify({ query: '{ __typename }' }), headers);
      if (r.status === 200) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${name} did not answer on port ${port}`);
}

// --- the load loop ---------------------------------------------------------------------------------------
const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
/** `connections` clients each running `op` back to back: warm-up, then `duration` seconds counted. */
async function measure(label, { connections = CONNECTIONS, duration = DURATION, warmup = WARMUP, op, sampler }) {
  const lat = [];
  let ok = 0;
  let errors = 0;
  const start = Date.now();
  const from = start + warmup * 1000;
  const end = from + duration * 1000;
  let cpuFrom = 0;
  setTimeout(() => {
    sampler.reset();
    cpuFrom = stackCpuSeconds();
  }, warmup * 1000).unref();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const state = {};
      while (Date.now() < end) {
        const t = performance.now();
        let good = false;
        try {
          good = await op(state);
        } catch (e) {
          const key = `exception ${e.message}`.slice(0, 140);
          errorsSeen.set(key, (errorsSeen.get(key) ?? 0) + 1);
        }
        const now = Date.now();
        if (now >= from && now <= end) {
          lat.push(performance.now() - t);
          if (good) ok++;
          else errors++;
        }
      }
    }),
  );
  const cpuS = stackCpuSeconds() - cpuFrom;
  lat.sort((a, b) => a - b);
  const r = {
    scenario: label,
    connections,
    durationS: duration,
    requests: ok + errors,
    throughput: Math.round(((ok + errors) / duration) * 10) / 10,
    p50: round(pct(lat, 50)),
    p95: round(pct(lat, 95)),
    p99: round(pct(lat, 99)),
    max: round(lat.at(-1) ?? 0),
    errors,
    cpuMsPerRequest: ok + errors ? round((cpuS * 1000) / (ok + errors)) : null,
    rss: sampler.peak(),
  };
  Object.defineProperty(r, 'latencies', { value: lat, enumerable: false });
  log(
    `${label}: ${r.throughput} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, errors ${r.errors}, stack CPU ${r.cpuMsPerRequest} ms per request`,
  );
  return r;
}
const round = (x) => Math.round(x * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- scenarios -------------------------------------------------------------------------------------------
let stopping = false;
async function main() {
  const { mintToken, signIdentity, IDENTITY_HEADER } = await imp('packages/auth/dist/index.js');
  const token = (roles) => ({
    authorization: `Bearer ${mintToken(roles, { sub: 'bench', name: 'Bench', expiresInSeconds: 7200 })}`,
  });
  // Straight to a subgraph: a proof for that subgraph and this body; to the peer gateway: who is calling, which
  // it passes on and signs per subgraph call (hive-gateway.config.mjs).
  const proof = (roles) => (port, body) => {
    const identity = { sub: 'bench', name: 'Bench', roles };
    const subgraph = SERVICES.find(([, p]) => p === port)?.[0];
    if (subgraph) return signIdentity(identity, PROOF_SECRET, { subgraph, body });
    return { [IDENTITY_HEADER]: Buffer.from(JSON.stringify(identity)).toString('base64url') };
  };
  const db = new pg.Client({ connectionString: DB });
  await db.connect();
  const [{ n: guestCount }] = (await db.query('SELECT count(*)::int AS n FROM guests.guest')).rows;
  if (!guestCount) throw new Error(`No guests in ${DB}: run npm run seed first`);
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: (await db.query('SHOW server_version')).rows[0].server_version,
    loadAverageAtStart: os.loadavg().map((x) => round(x)),
    guests: guestCount,
    stays: (await db.query('SELECT count(*)::int AS n FROM guests.stay')).rows[0].n,
    workers: WORKERS,
    when: new Date().toISOString(),
    note: 'Everything on one box: stack, Postgres, NATS and the load generator share the cores, and other engineers ran tests on the same machine at the same time.',
  };
  log(
    `${guestCount.toLocaleString('en')} guests; ${machine.cores} cores (${machine.cpu}); load average ${machine.loadAverageAtStart.join(' ')}`,
  );

  // The stack, from dist/, on the bench database and a NATS namespace of its own.
  const env = {
    ...process.env,
    DATABASE_URL: DB,
    NATS_URL,
    NATS_NAMESPACE: `bench${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    APOLLO_TELEMETRY_DISABLED: '1',
    GATEWAY_WORKERS: String(WORKERS),
    GATEWAY_RATE_LIMIT: '0', // one bench caller would otherwise be one desk's allowance
  };
  for (const [name, port] of SERVICES) {
    env[`${up(name)}_PORT`] = String(port);
    env[`${up(name)}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  for (const [name] of SERVICES) spawnNode(name, join(root, `services/${name}/dist/main.js`), [], env);
  await Promise.all(SERVICES.map(([name, port]) => waitReady(name, port, proof(['MANAGER']))));
  spawnNode('gateway', join(root, 'gateway/dist/main.js'), [], { ...env, GATEWAY_PORT: String(GATEWAY_PORT) });
  await waitReady('gateway', GATEWAY_PORT, token(['MANAGER']));
  log(
    `stack up: gateway :${GATEWAY_PORT} (${WORKERS} workers requested), subgraphs :${PORT_BASE + 1}-${PORT_BASE + 5}`,
  );
  const sampler = new RssSampler();
  const results = { machine, scenarios: [], ratios: {}, queryCounts: null, events: null, drain: null };

  const pick = () => Math.floor(Math.random() * guestCount);
  const FO = token(['FRONT_OFFICE']);
  const FO_PROOF = proof(['FRONT_OFFICE']);
  const arrivalOp = (port, headers) => () =>
    gql(port, ARRIVAL_BRIEF, { id: uid(K.guest, pick()) }, headers).then((r) => r.ok);

  if (ONLY.has('1'))
    results.scenarios.push(await measure('1. ArrivalBrief, gateway', { op: arrivalOp(GATEWAY_PORT, FO), sampler }));

  if (ONLY.has('2')) {
    const d = await guestsDomain();
    const texts = [];
    for (let k = 0; k < 4000; k++) {
      const p = guestProfile(pick(), d, null);
      const r = rngFor(9, k);
      const digits = d.phoneDigits(p.phone);
      const kind = k % 5;
      texts.push(
        kind === 0
          ? typo(p.latinName ?? p.fullName, r)
          : kind === 1
            ? p.fullName
            : kind === 2
              ? digits.slice(-8)
              : kind === 3
                ? p.phone
                : p.idNumber,
      );
    }
    const findOp = (port, headers) => () =>
      gql(port, FIND_GUESTS, { text: texts[Math.floor(Math.random() * texts.length)], first: 10 }, headers).then(
        (r) => r.ok,
      );
    results.scenarios.push(
      await measure('2a. FindGuests, guests subgraph', { op: findOp(PORT_BASE + 1, FO_PROOF), sampler }),
    );
    results.scenarios.push(await measure('2b. FindGuests, gateway', { op: findOp(GATEWAY_PORT, FO), sampler }));
  }

  if (ONLY.has('3')) {
    const MGR = token(['MANAGER']);
    // One full walk by one client first: how long the BI page takes end to end.
    let after = null;
    let pages = 0;
    const t = performance.now();
    for (;;) {
      const r = await gql(GATEWAY_PORT, ACCOUNT_PRODUCTION, { first: 100, after }, MGR);
      pages++;
      if (!r.ok || !r.json.data.accounts.pageInfo.hasNextPage) break;
      after = r.json.data.accounts.pageInfo.endCursor;
    }
    const walkS = round((performance.now() - t) / 1000);
    log(`AccountProduction: one client walked ${pages} pages of 100 in ${walkS} s`);
    const res = await measure('3. AccountProduction page walk (100/page), gateway', {
      sampler,
      op: async (state) => {
        const r = await gql(GATEWAY_PORT, ACCOUNT_PRODUCTION, { first: 100, after: state.after ?? null }, MGR);
        const info = r.json?.data?.accounts?.pageInfo;
        state.after = info?.hasNextPage ? info.endCursor : null;
        return r.ok;
      },
    });
    res.note = `full walk of ${pages} pages by one client: ${walkS} s`;
    results.scenarios.push(res);
  }

  if (ONLY.has('4')) results.queryCounts = await countingScenario({ env, token, sampler, results });

  // `--only 5` runs both halves, `5a` or `5b` one.
  if (ONLY.has('5') || ONLY.has('5a')) results.events = await checkOutBurst({ db, token, sampler });
  if (ONLY.has('5') || ONLY.has('5b'))
    results.drain = await checkOutDrain({ db, sampler, namespace: env.NATS_NAMESPACE });

  if (ONLY.has('export')) results.export = await exportScenario({ db, sampler, proof });

  if (ONLY.has('6')) {
    // The peer gateway over the same composed supergraph (subgraph URLs pointed at this run's ports).
    const file = join(os.tmpdir(), `bench-supergraph-${process.pid}.graphql`);
    let sdl = readFileSync(join(root, 'gateway/supergraph.graphql'), 'utf8');
    for (const [name, port] of SERVICES)
      sdl = sdl.replace(new RegExp(`(name: "${name}", url: ")[^"]+"`), `$1http://127.0.0.1:${port}/graphql"`);
    writeFileSync(file, sdl);
    const bin = join(here, 'node_modules/@graphql-hive/gateway/dist/bin.js');
    spawnNode(
      'hive-gateway',
      bin,
      [
        'supergraph',
        file,
        '--port',
        String(HIVE_PORT),
        '--host',
        '127.0.0.1',
        '--fork',
        String(WORKERS),
        '-c',
        join(import.meta.dirname, 'hive-gateway.config.mjs'),
      ],
      {
        ...process.env,
        NODE_ENV: 'production',
      },
    );
    await waitReady('hive-gateway', HIVE_PORT, FO_PROOF);
    const oursOp = arrivalOp(GATEWAY_PORT, FO);
    const hiveOp = arrivalOp(HIVE_PORT, FO_PROOF);
    // No gateway: the four subgraph calls the plan makes, in parallel, straight from the client.
    const entity = (field) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { ${field} } } }`;
    const GUEST_PART = `query($id: ID!) { guest(id: $id) { id fullName segment vip phone email idDocument { type maskedNumber }
      preferences { category value } stays(last: 5) { id status arrivalDate departureDate roomType totalSpend } } }`;
    const parts = [
      [4104, entity('membership { number tier pointsBalance }')],
      [4103, entity('openCases { id status severity category dueAt }')],
      [4102, entity('account { id name grade }')],
    ];
    const directOp = async () => {
      const id = uid(K.guest, pick());
      const rs = await Promise.all([
        gql(PORT_BASE + 1, GUEST_PART, { id }, FO_PROOF),
        ...parts.map(([port, q]) => gql(port, q, { r: [{ __typename: 'Guest', id }] }, FO_PROOF)),
      ]);
      return rs.every((r) => r.ok);
    };
    // Interleaved rounds, so a change in the machine's background load falls on all three alike.
    const rounds = 3;
    const runs = { ours: [], hive: [], direct: [] };
    for (let k = 0; k < rounds; k++)
      for (const [name, op] of [
        ['ours', oursOp],
        ['hive', hiveOp],
        ['direct', directOp],
      ])
        runs[name].push(
          await measure(`6 round ${k + 1}: ${name}`, {
            op,
            sampler,
            duration: Math.max(5, Math.round(DURATION / 2)),
            warmup: 2,
          }),
        );
    const combine = (label, rs) => {
      const lat = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const duration = rs.reduce((t, r) => t + r.durationS, 0);
      const requests = rs.reduce((t, r) => t + r.requests, 0);
      const rss = {};
      for (const r of rs)
        for (const [n, v] of Object.entries(r.rss))
          rss[n] = {
            totalMB: Math.max(rss[n]?.totalMB ?? 0, v.totalMB),
            maxProcessMB: Math.max(rss[n]?.maxProcessMB ?? 0, v.maxProcessMB),
            processes: Math.max(rss[n]?.processes ?? 0, v.processes),
          };
      return {
        scenario: label,
        connections: CONNECTIONS,
        durationS: duration,
        requests,
        throughput: round(requests / duration),
        p50: round(pct(lat, 50)),
        p95: round(pct(lat, 95)),
        p99: round(pct(lat, 99)),
        max: round(lat.at(-1) ?? 0),
        errors: rs.reduce((t, r) => t + r.errors, 0),
        rss,
        note: `${rounds} interleaved rounds`,
      };
    };
    const ours = combine('6a. ArrivalBrief, our gateway', runs.ours);
    const hive = combine('6b. ArrivalBrief, @graphql-hive/gateway', runs.hive);
    const direct = combine('6c. ArrivalBrief, direct subgraph calls (no gateway)', runs.direct);
    results.scenarios.push(ours, hive, direct);
    results.ratios = {
      oursToHiveThroughput: Math.round((ours.throughput / hive.throughput) * 100) / 100,
      oursToDirectThroughput: Math.round((ours.throughput / direct.throughput) * 100) / 100,
      oursP99: ours.p99,
      hiveP99: hive.p99,
      directP99: direct.p99,
    };
    log(
      `ratios: ours/hive ${results.ratios.oursToHiveThroughput}, ours/direct ${results.ratios.oursToDirectThroughput}`,
    );
  }

  if (Number(argv.soak) > 0) {
    sampler.reset();
    const first = await measure('soak: ArrivalBrief, gateway (first minute)', {
      op: arrivalOp(GATEWAY_PORT, FO),
      duration: 60,
      sampler,
    });
    const rest = await measure(`soak: ArrivalBrief, gateway (after ${Number(argv.soak) - 60} s more)`, {
      op: arrivalOp(GATEWAY_PORT, FO),
      duration: Number(argv.soak) - 60,
      warmup: 0,
      sampler,
    });
    results.scenarios.push(first, rest);
  }

  results.errorsSeen = Object.fromEntries([...errorsSeen].slice(0, 20));
  await db.end();
  write(results);
}

/** Scenario 4: subgraph requests and SQL statements per operation, for lists of 1 to 100 guests. */
async function countingScenario({ env, token, sampler, results }) {
  const { startService } = await imp('packages/subgraph-kit/dist/index.js');
  const defs = {
    guests: (await imp('services/guests/dist/index.js')).guestsService,
    accounts: (await imp('services/accounts/dist/index.js')).accountsService,
    'service-recovery': (await imp('services/service-recovery/dist/index.js')).serviceRecoveryService,
    loyalty: (await imp('services/loyalty/dist/index.js')).loyaltyService,
    credit: (await imp('services/credit/dist/index.js')).creditService,
  };
  // The five subgraphs in this process (so their statement counters can be read), each behind a counting proxy.
  const localEnv = { ...env, NATS_NAMESPACE: `benchq${randomBytes(3).toString('hex')}`, LOG_LEVEL: 'error' };
  const running = {};
  const counts = {};
  const proxies = [];
  const gwEnv = { ...env, GATEWAY_PORT: String(COUNTING_GATEWAY_PORT), GATEWAY_WORKERS: '1' };
  for (const [name, def] of Object.entries(defs)) {
    running[name] = await startService(def, { port: 0, env: localEnv });
    counts[name] = 0;
    const target = running[name].port;
    const proxy = http.createServer((req, res) => {
      counts[name]++;
      const up = http.request(
        { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers, agent },
        (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
    proxies.push(proxy);
    gwEnv[`${up(name)}_URL`] = `http://127.0.0.1:${proxy.address().port}/graphql`;
  }
  spawnNode('gateway (counting)', join(root, 'gateway/dist/main.js'), [], gwEnv);
  const MGR = token(['MANAGER']);
  await waitReady('counting gateway', COUNTING_GATEWAY_PORT, MGR);
  const rows = [];
  for (const size of [1, 10, 50, 100]) {
    await gql(COUNTING_GATEWAY_PORT, GUEST_LIST, { first: size }, MGR); // plan cached, pools warm
    // Three tries, the fewest per service: the outbox relay's own polls land in the counters now and then.
    let r;
    const row = { guests: 0, ok: true, requests: {}, sql: {} };
    for (let k = 0; k < 3; k++) {
      for (const name of Object.keys(defs)) {
        counts[name] = 0;
        running[name].runtime.queries.reset();
      }
      r = await gql(COUNTING_GATEWAY_PORT, GUEST_LIST, { first: size }, MGR);
      row.guests = r.json?.data?.guestsByValue?.length ?? 0;
      row.ok &&= r.ok;
      for (const name of Object.keys(defs)) {
        row.requests[name] = Math.min(row.requests[name] ?? Infinity, counts[name]);
        row.sql[name] = Math.min(row.sql[name] ?? Infinity, running[name].runtime.queries.count);
      }
    }
    row.totalRequests = Object.values(row.requests).reduce((a, b) => a + b, 0);
    row.totalSql = Object.values(row.sql).reduce((a, b) => a + b, 0);
    rows.push(row);
    log(`list of ${row.guests}: ${row.totalRequests} subgraph requests, ${row.totalSql} SQL statements`);
  }
  const entry = children.findIndex((c) => c.name === 'gateway (counting)');
  children[entry].child.kill('SIGTERM');
  await new Promise((r) => children[entry].child.once('exit', r));
  children.splice(entry, 1);
  for (const p of proxies) p.close();
  for (const s of Object.values(running)) await s.stop();
  // And the 100-guest list under load through the real gateway.
  results.scenarios.push(
    await measure('4. 100-guest list (membership, open cases, account), gateway', {
      sampler,
      op: () => gql(GATEWAY_PORT, GUEST_LIST, { first: 100 }, MGR).then((r) => r.ok),
    }),
  );
  return rows;
}

/** In-house stays of members, some linked to accounts (production), some of those direct-billed (invoices). */
async function inHouseStays(db, N) {
  const { rows: guests } = await db.query(
    `(SELECT m.guest_id, gl.account_id, ca.account_id IS NOT NULL AS credit
        FROM loyalty.membership m JOIN accounts.guest_link gl ON gl.guest_id = m.guest_id
        LEFT JOIN credit.credit_account ca ON ca.account_id = gl.account_id
       WHERE m.status = 'ACTIVE' AND m.enrolled_at < now() - interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM guests.stay s WHERE s.guest_id = m.guest_id AND s.status = 'IN_HOUSE')
       ORDER BY md5(m.guest_id::text || now()::text) LIMIT $1)
     UNION ALL
     (SELECT m.guest_id, NULL, false FROM loyalty.membership m
       WHERE m.status = 'ACTIVE' AND m.enrolled_at < now() - interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM guests.stay s WHERE s.guest_id = m.guest_id AND s.status = 'IN_HOUSE')
         AND NOT EXISTS (SELECT 1 FROM accounts.guest_link gl WHERE gl.guest_id = m.guest_id)
       ORDER BY md5(m.guest_id::text || now()::text) LIMIT $2)`,
    [Math.round(N * 0.3), N - Math.round(N * 0.3)],
  );
  const today = new Date().toISOString().slice(0, 10);
  const arrival = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const stays = guests.map((g) => ({
    id: randomUUID(),
    guestId: g.guest_id,
    accountId: g.credit ? g.account_id : null,
    linked: !!g.account_id,
    arrival,
    departure: today,
  }));
  for (let k = 0; k < stays.length; k += 2000) {
    const part = stays.slice(k, k + 2000);
    await db.query(
      `INSERT INTO guests.stay (id, guest_id, origin_guest_id, property_code, room_type, room_number, arrival_date, departure_date,
         nights, nightly_rate, purpose, payment_method, account_id, status, checked_in_by, checked_in_at)
       SELECT id, g, g, 'SHA01', 'DELUXE', '1808', $3::date, $4::date, 2, 688.00, 'BUSINESS',
              CASE WHEN a IS NULL THEN 'CARD' ELSE 'DIRECT_BILL' END, a, 'IN_HOUSE', 'staff:bench', now() - interval '2 days'
         FROM unnest($1::uuid[], $2::uuid[], $5::uuid[]) AS t(id, g, a)`,
      [part.map((s) => s.id), part.map((s) => s.guestId), arrival, today, part.map((s) => s.accountId)],
    );
    await db.query(
      `INSERT INTO service_recovery.stay (stay_id, guest_id, property_code, payment_method, account_id, arrival_date, departure_date, checked_in_at)
       SELECT id, g, 'SHA01', CASE WHEN a IS NULL THEN 'CARD' ELSE 'DIRECT_BILL' END, a, $3::date, $4::date, now() - interval '2 days'
         FROM unnest($1::uuid[], $2::uuid[], $5::uuid[]) AS t(id, g, a)`,
      [part.map((s) => s.id), part.map((s) => s.guestId), arrival, today, part.map((s) => s.accountId)],
    );
  }
  return stays;
}

const CHARGES = [
  { outlet: 'ROOM', amount: '1376.00' },
  { outlet: 'FOOD_AND_BEVERAGE', amount: '230.00' },
];

/**
 * Waits for every effect of the checked-out stays (points, production, invoices) and measures: the last
 * effect's time, and each stay's delay from its check-out (`doneAt`, ms epoch per stay id) to its points.
 */
async function effectsOf(db, stays, doneAt) {
  const ids = stays.map((s) => s.id);
  const want = {
    points: doneAt.size,
    production: stays.filter((s) => s.linked && doneAt.has(s.id)).length,
    invoices: stays.filter((s) => s.accountId && doneAt.has(s.id)).length,
  };
  let got = {};
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM loyalty.ledger_entry WHERE reference = ANY($1::text[]) AND type = 'EARN') AS points,
              (SELECT count(*)::int FROM accounts.stay_production WHERE stay_id = ANY($2::uuid[])) AS production,
              (SELECT count(*)::int FROM credit.invoice WHERE stay_id = ANY($2::uuid[])) AS invoices`,
      [ids, ids],
    );
    got = rows[0];
    if (
      (got.points >= want.points && got.production >= want.production && got.invoices >= want.invoices) ||
      Date.now() > deadline
    )
      break;
    await sleep(250);
  }
  const { rows: times } = await db.query(
    `SELECT reference AS stay, extract(epoch FROM recorded_at) * 1000 AS at FROM loyalty.ledger_entry
      WHERE reference = ANY($1::text[]) AND type = 'EARN'
     UNION ALL SELECT stay_id::text, extract(epoch FROM recorded_at) * 1000 FROM accounts.stay_production WHERE stay_id = ANY($2::uuid[])
     UNION ALL SELECT stay_id::text, extract(epoch FROM created_at) * 1000 FROM credit.invoice WHERE stay_id = ANY($2::uuid[])`,
    [ids, ids],
  );
  const lastEffect = Math.max(...times.map((r) => Number(r.at)));
  const { rows: pointTimes } = await db.query(
    `SELECT reference AS stay, extract(epoch FROM recorded_at) * 1000 AS at FROM loyalty.ledger_entry WHERE reference = ANY($1::text[]) AND type = 'EARN'`,
    [ids],
  );
  const delays = pointTimes
    .filter((r) => doneAt.has(r.stay))
    .map((r) => Number(r.at) - doneAt.get(r.stay))
    .sort((a, b) => a - b);
  return { want, got, lastEffect, delays };
}

/**
 * Scenario 5a: a burst of check-outs through the gateway, as desks send them; events through to points,
 * production and invoices, and each check-out's delay to its points.
 */
async function checkOutBurst({ db, token, sampler }) {
  const stays = await inHouseStays(db, Number(argv.checkouts));
  const linked = stays.filter((s) => s.linked).length;
  const direct = stays.filter((s) => s.accountId).length;
  log(
    `burst: ${stays.length} in-house stays (${linked} linked to accounts, ${direct} direct-billed); checking out at ${CONNECTIONS * 2} concurrent`,
  );
  const FO = token(['FRONT_OFFICE']);
  const returned = new Map();
  sampler.reset();
  const queue = [...stays];
  const lat = [];
  let errors = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS * 2 }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const t = performance.now();
        const r = await gql(GATEWAY_PORT, CHECK_OUT, { stayId: s.id, charges: CHARGES }, FO).catch(() => ({
          ok: false,
        }));
        lat.push(performance.now() - t);
        if (r.ok) returned.set(s.id, Date.now());
        else errors++;
      }
    }),
  );
  const mutationsDone = Date.now();
  lat.sort((a, b) => a - b);
  const { want, got, lastEffect, delays } = await effectsOf(db, stays, returned);
  const res = {
    checkOuts: stays.length,
    errors,
    mutationThroughput: round(returned.size / ((mutationsDone - t0) / 1000)),
    mutationP50: round(pct(lat, 50)),
    mutationP99: round(pct(lat, 99)),
    endToEndSeconds: round((lastEffect - t0) / 1000),
    eventsPerSecond: round(returned.size / ((lastEffect - t0) / 1000)),
    want,
    got,
    checkOutToPointsP50: round(pct(delays, 50)),
    checkOutToPointsP99: round(pct(delays, 99)),
    checkOutToPointsMax: round(delays.at(-1) ?? 0),
    rss: sampler.peak(),
  };
  log(
    `burst: ${res.mutationThroughput} check-outs/s through the gateway; all effects in ${res.endToEndSeconds} s = ${res.eventsPerSecond} check-outs/s end to end; check-out to points p50 ${res.checkOutToPointsP50} ms, p99 ${res.checkOutToPointsP99} ms`,
  );
  return res;
}

/**
 * Scenario 5b: the event pipeline alone. The same number of check-outs committed at once in the guests
 * service's tables, as its check-out does it (the stay closed, its charges, the stay.checked-out event in the
 * outbox, one transaction), so that the GraphQL mutation's own rate (5a) does not cap what is measured:
 * the outbox relay, JetStream and the four consumers, until every point, production row and invoice exists.
 */
async function checkOutDrain({ db, sampler, namespace }) {
  const { envelope, guests: catalogue } = await imp('packages/events/dist/index.js');
  const stays = await inHouseStays(db, Number(argv.checkouts));
  const total = '1606.00';
  const now = new Date();
  const rows = stays.map((s) => {
    const env = envelope(catalogue.stayCheckedOut, {
      stayId: s.id,
      guestId: s.guestId,
      propertyCode: 'SHA01',
      roomType: 'DELUXE',
      arrivalDate: s.arrival,
      departureDate: s.departure,
      nights: 2,
      nightlyRate: '688.00',
      paymentMethod: s.accountId ? 'DIRECT_BILL' : 'CARD',
      accountId: s.accountId,
      charges: CHARGES,
      totalSpend: total,
      checkedOutAt: now.toISOString(),
    });
    return [env.id, JSON.stringify(env)];
  });
  sampler.reset();
  // One transaction on the bench's own connection, which nothing else uses meanwhile.
  const client = db;
  let committed;
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO guests.stay_charge (id, stay_id, line, outlet, amount)
       SELECT gen_random_uuid(), s, l, o, a FROM unnest($1::uuid[]) s,
              unnest(ARRAY[0, 1], ARRAY['ROOM', 'FOOD_AND_BEVERAGE'], ARRAY[1376.00, 230.00]::numeric[]) AS c(l, o, a)`,
      [stays.map((s) => s.id)],
    );
    await client.query(
      `UPDATE guests.stay SET status = 'CHECKED_OUT', total_spend = $2, checked_out_by = 'staff:bench', checked_out_at = $3
        WHERE id = ANY($1::uuid[]) AND status = 'IN_HOUSE'`,
      [stays.map((s) => s.id), total, now],
    );
    await client.query(
      `INSERT INTO guests.outbox (id, subject, type, payload)
       SELECT id, $3, 'stay.checked-out', payload::jsonb FROM unnest($1::uuid[], $2::text[]) AS t(id, payload)`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), `${namespace}.guests.stay.checked-out`],
    );
    await client.query('COMMIT');
    committed = Date.now();
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  const doneAt = new Map(stays.map((s) => [s.id, committed]));
  const { want, got, lastEffect, delays } = await effectsOf(db, stays, doneAt);
  const res = {
    checkOuts: stays.length,
    endToEndSeconds: round((lastEffect - committed) / 1000),
    eventsPerSecond: round(stays.length / ((lastEffect - committed) / 1000)),
    want,
    got,
    commitToPointsP50: round(pct(delays, 50)),
    commitToPointsP99: round(pct(delays, 99)),
    rss: sampler.peak(),
  };
  log(
    `drain: ${res.checkOuts} check-outs committed at once; every effect in ${res.endToEndSeconds} s = ${res.eventsPerSecond} check-outs/s through the events`,
  );
  return res;
}

// --- output ----------------------------------------------------------------------------------------------
/**
 * BI's export (issue 17): the last year of checked-out stays, joined across four services, through the gateway
 * into Parquet by `npm run export`, against the limit: the same rows and joins read straight from each service's
 * schema, one SQL statement per service, joined here. Every process's peak RSS is sampled while it streams.
 */
async function exportScenario({ db, sampler, proof }) {
  const [{ to }] = (
    await db.query(
      `SELECT to_char(max(departure_date), 'YYYY-MM-DD') AS to FROM guests.stay WHERE status = 'CHECKED_OUT'`,
    )
  ).rows;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const out = join(os.tmpdir(), `bench-export-${process.pid}.parquet`);
  const { mintToken } = await imp('packages/auth/dist/index.js');
  log(`export: stays departing ${from} to ${to} through the gateway into ${out}`);
  sampler.reset();
  const started = performance.now();
  const child = spawnNode(
    'export',
    join(root, 'packages/export/dist/cli.js'),
    ['stays', '--from', from, '--to', to, '--out', out],
    {
      ...process.env,
      GRAPH_URL: `http://127.0.0.1:${GATEWAY_PORT}/graphql`,
      GRAPH_TOKEN: mintToken(['ANALYST'], { sub: 'bench', name: 'Bench', expiresInSeconds: 7200 }),
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const code = await new Promise((r) => child.once('exit', r));
  const seconds = (performance.now() - started) / 1000;
  const rss = sampler.peak();
  const done = /export: (\d+) rows \(totalCount (\d+)\)/.exec(stderr);
  if (code !== 0 || !done) throw new Error(`export failed (${code}): ${stderr}`);
  const rows = Number(done[1]);

  // The limit: one statement per service, joined in this process.
  const limitStarted = performance.now();
  const stays = (
    await db.query(
      `SELECT s.id, s.property_code, s.arrival_date::text, s.departure_date::text, s.nights, s.room_type,
              s.payment_method, s.purpose, s.total_spend::text, s.account_id, g.id AS guest_id, g.segment,
              v.value_tier, v.lifecycle_stage
         FROM guests.stay s JOIN guests.guest g ON g.id = s.guest_id LEFT JOIN guests.guest_value v ON v.guest_id = g.id
        WHERE s.status = 'CHECKED_OUT' AND s.departure_date BETWEEN $1 AND $2 ORDER BY s.departure_date, s.id`,
      [from, to],
    )
  ).rows;
  const ids = stays.map((s) => s.id);
  const guestIds = [...new Set(stays.map((s) => s.guest_id))];
  const accountIds = [...new Set(stays.map((s) => s.account_id).filter(Boolean))];
  const [loyalty, cases, accounts] = await Promise.all([
    // Loyalty's two parts of a row (the stay's points, the guest's tier) in its one statement.
    db.query(
      `SELECT 'points' AS kind, reference AS key, sum(points)::int AS points, NULL AS tier FROM loyalty.ledger_entry
        WHERE type IN ('EARN', 'BONUS') AND reference = ANY($1::varchar[]) GROUP BY reference
       UNION ALL
       SELECT 'tier', guest_id::text, NULL, tier FROM loyalty.membership
        WHERE status = 'ACTIVE' AND guest_id = ANY($2::uuid[])`,
      [ids, guestIds],
    ),
    db.query(
      'SELECT id, stay_id, category, severity, department FROM service_recovery.complaint_case WHERE stay_id = ANY($1::uuid[])',
      [ids],
    ),
    db.query('SELECT id, grade, type FROM accounts.account WHERE id = ANY($1::uuid[])', [accountIds]),
  ]);
  const pointsOf = new Map(loyalty.rows.filter((r) => r.kind === 'points').map((r) => [r.key, r.points]));
  const tierOf = new Map(loyalty.rows.filter((r) => r.kind === 'tier').map((r) => [r.key, r.tier]));
  const accountOf = new Map(accounts.rows.map((a) => [a.id, a]));
  const casesOf = new Map();
  for (const c of cases.rows) casesOf.set(c.stay_id, [...(casesOf.get(c.stay_id) ?? []), c]);
  let joined = 0;
  for (const s of stays) {
    const a = accountOf.get(s.account_id);
    const cs = casesOf.get(s.id) ?? [];
    const row = [
      ...Object.values(s),
      tierOf.get(s.guest_id) ?? null,
      a?.grade ?? null,
      a?.type ?? null,
      pointsOf.get(s.id) ?? 0,
      cs.length,
      cs.map((c) => c.id).join(';'),
      cs.map((c) => c.category).join(';'),
      cs.map((c) => c.severity).join(';'),
      cs.map((c) => c.department).join(';'),
    ];
    if (row.length) joined++;
  }
  const limitSeconds = (performance.now() - limitStarted) / 1000;
  const hops = await exportPageHops({ db, from, to, proof, mintToken });
  if (joined !== rows) log(`export: ${rows} rows exported, ${joined} read directly (stays checked out meanwhile?)`);
  const rowsPerSecond = Math.round(rows / seconds);
  const limitRowsPerSecond = Math.round(joined / limitSeconds);
  const maxProcessMB = Math.max(...Object.values(rss).map((v) => v.maxProcessMB));
  return {
    from,
    to,
    rows,
    seconds: round(seconds),
    rowsPerSecond,
    limitSeconds: round(limitSeconds),
    limitRowsPerSecond,
    ratio: Math.round((rowsPerSecond / limitRowsPerSecond) * 100) / 100,
    fileMB: round(statSync(out).size / 2 ** 20),
    rss,
    maxProcessMB,
    hops,
  };
}

/**
 * Where a page of the export goes: the same pages (the export's operation, its page size) timed one call at a
 * time through the gateway, straight to the guests subgraph, and as the guests service's one statement, with the
 * answer's size. Medians of a few pages from the start of the range.
 */
async function exportPageHops({ db, from, to, proof, mintToken }) {
  const { ENTITIES } = await imp('packages/export/dist/entities.js');
  const { stayExportPage } = await imp('services/guests/dist/persistence/stay-report.repository.js');
  const stays = ENTITIES.stays;
  const first = stays.defaultPageSize;
  const query = stays.document;
  const gatewayHeaders = {
    authorization: `Bearer ${mintToken(['ANALYST'], { sub: 'bench', name: 'Bench', expiresInSeconds: 7200 })}`,
  };
  const guestsPort = SERVICES.find(([n]) => n === 'guests')[1];
  const median = (xs) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  const times = { gatewayMs: [], subgraphMs: [], sqlMs: [], parseMs: [] };
  let bytes = 0;
  let after = null;
  for (let page = 0; page < 8; page++) {
    const body = JSON.stringify({
      operationName: stays.operationName,
      query,
      variables: { from, to, first, after, withCount: false },
    });
    let t = performance.now();
    const viaGateway = await post(GATEWAY_PORT, body, gatewayHeaders);
    times.gatewayMs.push(performance.now() - t);
    t = performance.now();
    const json = JSON.parse(viaGateway.text);
    times.parseMs.push(performance.now() - t);
    bytes = Buffer.byteLength(viaGateway.text);
    t = performance.now();
    const direct = await post(guestsPort, body, proof(['ANALYST']));
    times.subgraphMs.push(performance.now() - t);
    if (direct.status !== 200) throw new Error(`guests answered ${direct.status}: ${direct.text.slice(0, 200)}`);
    const key = after && JSON.parse(Buffer.from(after, 'base64url').toString());
    t = performance.now();
    await stayExportPage(
      { query: (text, params) => db.query(text, params).then((r) => r.rows) },
      { from, to },
      key && { departureDate: key[0], id: key[1] },
      first + 1,
    );
    times.sqlMs.push(performance.now() - t);
    const conn = json.data[stays.root];
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  const hops = { pageSize: first, pages: times.gatewayMs.length, kB: Math.round(bytes / 1024) };
  for (const [k, v] of Object.entries(times)) hops[k] = median(v);
  log(`export: a page of ${first}, medians: ${JSON.stringify(hops)}`);
  return hops;
}

function markdown(r) {
  const m = r.machine;
  const names = ['gateway', 'hive-gateway', ...SERVICES.map(([n]) => n), 'export'];
  const rss = (x) =>
    names
      .filter((n) => x.rss?.[n])
      .map(
        (n) =>
          `${n} ${x.rss[n].totalMB}${x.rss[n].processes > 1 ? ` (${x.rss[n].processes}×≤${x.rss[n].maxProcessMB})` : ''}`,
      )
      .join(', ');
  const lines = [
    `Run ${m.when} on ${m.cores} × ${m.cpu}, ${m.memoryGB} GB, Node ${m.node}, PostgreSQL ${m.postgres}; ${m.guests.toLocaleString('en')} guests, ${m.stays.toLocaleString('en')} stays; gateway workers ${m.workers}; load average at start ${m.loadAverageAtStart.join(' ')}. ${m.note}`,
    '',
    '| scenario | conc. | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.scenarios.map(
      (s) =>
        `| ${s.scenario}${s.note ? ` (${s.note})` : ''} | ${s.connections} | ${s.throughput} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors} | ${rss(s)} |`,
    ),
  ];
  if (r.ratios?.oursToHiveThroughput)
    lines.push(
      '',
      `ArrivalBrief throughput ratios (same run, same concurrency): ours / @graphql-hive/gateway = **${r.ratios.oursToHiveThroughput}** (p99 ${r.ratios.oursP99} vs ${r.ratios.hiveP99} ms); ours / direct subgraph calls = **${r.ratios.oursToDirectThroughput}** (direct p99 ${r.ratios.directP99} ms).`,
    );
  if (r.export) {
    const x = r.export;
    lines.push(
      '',
      `Export (issue 17): ${x.rows.toLocaleString('en')} checked-out stays departing ${x.from} to ${x.to}, joined across guests, loyalty, service recovery and accounts, through the gateway into Parquet (${x.fileMB} MB) in ${x.seconds} s = **${x.rowsPerSecond} rows/s**; the limit (the same rows and joins, one SQL statement per service, joined in the client) ${x.limitRowsPerSecond} rows/s in ${x.limitSeconds} s: ratio **${x.ratio}** (target >= 0.5). Peak RSS while streaming: ${rss(x)}; largest process ${x.maxProcessMB} MB (target < 300).`,
    );
    if (x.hops)
      lines.push(
        '',
        `A page of ${x.hops.pageSize} (${x.hops.kB} kB), one call at a time after the run, medians of ${x.hops.pages} pages: through the gateway ${x.hops.gatewayMs} ms, straight to the guests subgraph ${x.hops.subgraphMs} ms, its one SQL statement ${x.hops.sqlMs} ms; parsing the answer ${x.hops.parseMs} ms.`,
      );
  }
  if (r.queryCounts) {
    lines.push(
      '',
      '| guests in list | subgraph requests (guests/accounts/recovery/loyalty/credit) | SQL statements (same order) |',
      '| --- | --- | --- |',
    );
    for (const q of r.queryCounts)
      lines.push(
        `| ${q.guests} | ${q.totalRequests} (${Object.values(q.requests).join('/')}) | ${q.totalSql} (${Object.values(q.sql).join('/')}) |`,
      );
  }
  if (r.events) {
    const e = r.events;
    lines.push(
      '',
      `5a. Check-out burst through the gateway: ${e.checkOuts} check-outs, ${e.mutationThroughput}/s (p99 ${e.mutationP99} ms, ${e.errors} errors); every effect (points ${e.got.points}/${e.want.points}, production ${e.got.production}/${e.want.production}, invoices ${e.got.invoices}/${e.want.invoices}) in ${e.endToEndSeconds} s = **${e.eventsPerSecond} check-outs/s end to end**; check-out to points visible p50 ${e.checkOutToPointsP50} ms, **p99 ${e.checkOutToPointsP99} ms** (max ${e.checkOutToPointsMax}). Peak RSS: ${rss(e)}.`,
    );
  }
  if (r.drain) {
    const d = r.drain;
    lines.push(
      '',
      `5b. The events alone: ${d.checkOuts} check-outs committed at once in the guests service's tables and outbox; every effect (points ${d.got.points}/${d.want.points}, production ${d.got.production}/${d.want.production}, invoices ${d.got.invoices}/${d.want.invoices}) in ${d.endToEndSeconds} s = **${d.eventsPerSecond} check-outs/s through relay, JetStream and consumers**; commit to points p50 ${d.commitToPointsP50} ms, p99 ${d.commitToPointsP99} ms (a queue draining). Peak RSS: ${rss(d)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function write(results) {
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const md = markdown(results);
  const files = [join(dir, `${argv.label}.json`), join(dir, `${argv.label}.md`)];
  writeFileSync(files[0], `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(files[1], md);
  // In the repository's own format, so a committed result passes the lint.
  spawnSync(process.execPath, [join(root, 'scripts/pnpm.mjs'), 'exec', 'biome', 'format', '--write', ...files], {
    cwd: root,
    stdio: 'ignore',
  });
  console.log(`\n${md}`);
  if (errorsSeen.size) console.log('errors seen:', Object.fromEntries(errorsSeen));
}

async function stopAll() {
  stopping = true;
  // Whole trees: a cluster's workers and the peer gateway's forks go too (and are made to, if they linger).
  const pids = children.reverse().flatMap(({ child }) => descendants(child.pid).reverse());
  const signal = (sig) => {
    for (const pid of pids)
      try {
        process.kill(pid, sig);
      } catch {}
  };
  signal('SIGTERM');
  await Promise.race([
    Promise.all(
      children.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))),
    ),
    sleep(10_000),
  ]);
  await sleep(1000);
  // Whatever of those trees still runs (a fork whose primary went first) is ours to end.
  for (const pid of pids)
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node')) process.kill(pid, 'SIGKILL');
    } catch {}
}

try {
  if (!existsSync(join(root, 'gateway/dist/main.js'))) throw new Error('Build first (npm start, or npm run build)');
  await main();
  await stopAll();
  process.exit(0);
} catch (e) {
  console.error(e);
  await stopAll();
  process.exit(1);
}
