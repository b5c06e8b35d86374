import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type NatsCredentials,
  natsAuthConfig,
  OPERATOR_USER,
  PRODUCERS,
  type Producer,
  passwordsFromEnvironment,
  passwordVariable,
  randomPasswords,
} from '@guest-graph/events';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  // Below the kernel's ephemeral range (32768-60999 on Linux): a port the OS hands out for `listen(0)` or as an
  // outgoing connection's local port could be taken by another test's process between this check and the
  // moment a child process listens on it, or while a server we stop and start again is down (EADDRINUSE).
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return listenOn(0);
}

const handedOut = new Set<number>();

const canListen = (port: number) =>
  listenOn(port).then(
    () => true,
    () => false,
  );

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const { port: bound } = s.address() as { port: number };
      s.close(() => resolve(bound));
    });
  });
}

/**
 * A private nats-server with JetStream, for tests that stop and start NATS without disturbing anyone else's.
 * Its store survives `stop()`/`start()`, as a real restart's would.
 */
export async function startNatsServer(
  opts: {
    port?: number;
    args?: string[];
    /** A configuration file's text (`-c`), such as `natsAuthConfig`'s users; flags still apply over it. */
    config?: string;
    /** The server's environment, for a configuration that reads passwords from it (`$NATS_PASSWORD_GUESTS`). */
    env?: Record<string, string>;
  } = {},
) {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'nats-'));
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const config = opts.config === undefined ? [] : ['-c', join(dir, 'nats.conf')];
  if (opts.config !== undefined) writeFileSync(join(dir, 'nats.conf'), opts.config, { mode: 0o600 });
  let child: ChildProcess | null = null;
  const start = async () => {
    const args = [...config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'store')];
    child = spawn(bin, [...args, ...(opts.args ?? [])], {
      stdio: 'ignore',
      ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
    });
    for (let i = 0; i < 100; i++) {
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('nats-server did not start');
  };
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = null;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type NatsServer = Awaited<ReturnType<typeof startNatsServer>>;

/**
 * A private nats-server with the graph's users for `namespace` (issue 20), as `npm start` runs its own: each
 * service's credentials, and the operator's (every subject).
 */
export async function startSecuredNatsServer(namespace: string) {
  const passwords = randomPasswords();
  // As compose runs it: the configuration names each password's variable, and the server reads its environment.
  const server = await startNatsServer({
    config: natsAuthConfig({ namespace, passwords: passwordsFromEnvironment() }),
    env: Object.fromEntries(Object.entries(passwords).map(([user, p]) => [passwordVariable(user), p])),
  });
  const credentials = (user: Producer | typeof OPERATOR_USER): NatsCredentials => ({
    user,
    password: passwords[user],
  });
  return { ...server, credentials, services: PRODUCERS };
}

/**
 * Three private nats-servers with JetStream joined by routes into one cluster (as `npm start -- --nats-cluster`
 * and compose's cluster profile run it): `url` lists every node, comma-separated, as NATS_URL takes it. Streams
 * made with 3 replicas survive one node stopped; the cluster answers once its nodes have elected a leader.
 */
export async function startNatsCluster(size = 3, opts: { config?: string; operator?: NatsCredentials } = {}) {
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = await Promise.all(Array.from({ length: size }, () => freePort()));
  const name = `cluster-${ports[0]}`;
  const nodes: NatsServer[] = [];
  for (let i = 0; i < size; i++)
    nodes.push(
      await startNatsServer({
        port: ports[i]!,
        ...(opts.config !== undefined ? { config: opts.config } : {}),
        args: [
          '-n',
          `${name}-n${i + 1}`,
          '--cluster_name',
          name,
          '--cluster',
          `nats://127.0.0.1:${routes[i]}`,
          '--routes',
          routes
            .filter((_, j) => j !== i)
            .map((p) => `nats://127.0.0.1:${p}`)
            .join(','),
        ],
      }),
    );
  const url = nodes.map((n) => n.url).join(',');
  await untilJetStreamAnswers(url, opts.operator);
  return {
    url,
    nodes,
    dispose: async () => {
      for (const n of nodes) await n.dispose();
    },
  };
}
export type NatsCluster = Awaited<ReturnType<typeof startNatsCluster>>;

/** A cluster answers JetStream's API once its nodes have met over their routes and elected a leader. */
async function untilJetStreamAnswers(url: string, credentials?: NatsCredentials) {
  const nc = await connect({
    servers: url.split(','),
    ...(credentials ? { user: credentials.user, pass: credentials.password } : {}),
  });
  try {
    for (let i = 0; ; i++) {
      try {
        await (await jetstreamManager(nc, { timeout: 1000 })).getAccountInfo();
        return;
      } catch (e) {
        if (i >= 60) throw e;
      }
    }
  } finally {
    await nc.close();
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
  });
}
