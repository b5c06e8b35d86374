import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@guest-graph/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SERVICES = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit'] as const;
export type ServiceName = (typeof SERVICES)[number];
const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

export interface Proc {
  name: string;
  port: number;
  url: string;
  /** The service (or `gateway`) this process is an instance of. */
  service: string;
  /** SIGKILL: no shutdown hook runs, in-flight work is cut off. */
  kill(): Promise<void>;
  /** SIGTERM, as a deployment stops an instance: in-flight requests finish, the process exits by itself. */
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
}

/**
 * The five services and the gateway as real processes from their built `dist/`, as `npm start` runs them;
 * with `replicas` that many instances of each service (`guests#1`, `guests#2`…), the gateway spreading each
 * subgraph's calls over them. `natsUrl` may list a cluster's nodes; `env` adds settings (stream replicas).
 */
export async function startStack(opts: {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  replicas?: number;
  env?: NodeJS.ProcessEnv;
}) {
  const replicas = opts.replicas ?? 1;
  const instanceName = (s: string, i: number) => (replicas > 1 ? `${s}#${i + 1}` : s);
  const names = [...SERVICES.flatMap((s) => Array.from({ length: replicas }, (_, i) => instanceName(s, i))), 'gateway'];
  const serviceOf = (name: string) => name.replace(/#\d+$/, '');
  const entry = (name: string) =>
    name === 'gateway' ? join(ROOT, 'gateway/dist/main.js') : join(ROOT, `services/${name}/dist/main.js`);
  for (const name of [...SERVICES, 'gateway'])
    if (!existsSync(entry(name)))
      throw new Error(`${entry(name)} is missing: run \`node scripts/pnpm.mjs exec turbo run build\` first`);
  const logs = mkdtempSync(join(tmpdir(), 'chaos-logs-'));
  const ports: Record<string, number> = {};
  for (const name of names) ports[name] = await freePort();
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    DATABASE_URL: opts.databaseUrl,
    NATS_URL: opts.natsUrl,
    NATS_NAMESPACE: opts.namespace,
    DB_POOL_SIZE: '5',
    // The processes keep the test's clock and zone: under `npm run test:elsewhen` libfaketime's offset and the
    // hotel's zone reach them too, so a token minted by the test is not "from the future" to the gateway.
    ...Object.fromEntries(
      ['TZ', 'LD_PRELOAD', 'FAKETIME', 'HOTEL_TIME_ZONE'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
    ),
    ...opts.env,
  };
  for (const s of SERVICES)
    base[`${envName(s)}_URL`] = Array.from(
      { length: replicas },
      (_, i) => `http://127.0.0.1:${ports[instanceName(s, i)]}/graphql`,
    ).join(',');
  base.GATEWAY_PORT = String(ports.gateway);

  const procs: Record<string, Proc> = {};
  const exits: string[] = [];
  for (const name of names) {
    let child: ChildProcess | null = null;
    const port = ports[name]!;
    const service = serviceOf(name);
    const env = { ...base, [service === 'gateway' ? 'GATEWAY_PORT' : `${envName(service)}_PORT`]: String(port) };
    const ended = (c: ChildProcess, signal: NodeJS.Signals) =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    const proc: Proc = {
      name,
      service,
      port,
      url: `http://127.0.0.1:${port}/graphql`,
      running: () => child !== null,
      start: async () => {
        const out = openSync(join(logs, `${name}.log`), 'a');
        const c = spawn(process.execPath, [entry(service)], { env, stdio: ['ignore', out, out], cwd: ROOT });
        child = c;
        c.once('exit', (code, signal) => {
          if (child !== c) return;
          // Not stopped by the harness: a crash, which a failure's message names.
          child = null;
          exits.push(`${name} exited by itself (${signal ?? `code ${code}`})`);
        });
        await untilHealthy(port, () => child === c, name, logs);
      },
      kill: async () => {
        const c = child;
        if (!c) return;
        child = null;
        await ended(c, 'SIGKILL');
      },
      stop: async () => {
        const c = child;
        if (!c) return;
        child = null;
        await ended(c, 'SIGTERM');
      },
    };
    procs[name] = proc;
  }
  // Services first (they create their streams and schemas), all at once; then the gateway.
  try {
    await Promise.all(names.filter((n) => n !== 'gateway').map((n) => procs[n]!.start()));
    await procs.gateway!.start();
  } catch (e) {
    for (const p of Object.values(procs)) await p.kill();
    throw e;
  }
  return {
    procs,
    logs,
    exits,
    gatewayUrl: procs.gateway!.url,
    /** Every instance of one service. */
    instances: (service: ServiceName) => Object.values(procs).filter((p) => p.service === service),
    stop: async () => {
      for (const p of Object.values(procs).reverse()) await p.kill();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

async function untilHealthy(port: number, alive: () => boolean, name: string, logs: string) {
  for (let i = 0; i < 1200; i++) {
    if (!alive()) throw new Error(`${name} exited while starting; see ${join(logs, `${name}.log`)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become healthy; see ${join(logs, `${name}.log`)}`);
}
