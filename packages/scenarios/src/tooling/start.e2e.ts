import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createTestDatabase, freePort, neighbourBus, type TestDatabase, testNamespace } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// `npm start` (scripts/start.mjs) as a developer meets it: stopped with Ctrl-C at any moment, or by a service
// that cannot start, it leaves nothing of what it started running. Built already (`npm test` builds first), so
// the script runs with --no-build.
const root = new URL('../../../../', import.meta.url).pathname;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('start');
});
const markers: string[] = [];
// A failed assertion must not leave a graph running on the machine: whatever a run left is killed by pid.
afterEach(() => {
  for (const pid of markers.splice(0).flatMap(processesMarked))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
});
afterAll(async () => db?.drop());

/**
 * Ports below the kernel's ephemeral range (testing's `freePort`: one handed out for `listen(0)` or an outgoing
 * connection could be taken by another process before the child listens), each with the port 10 above free too:
 * a second instance's, with `--replicas 2`.
 */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await freePort();
    if (await isFree(port + 10)) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Processes (other than the test's own) whose environment carries this run's marker: what start.mjs left. */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`START_TEST_MARKER=${marker}`))
        found.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

interface Run {
  child: ChildProcess;
  output: () => string;
  waitFor: (text: string | RegExp, ms?: number) => Promise<void>;
  exited: Promise<number | null>;
  marker: string;
  ports: number[];
}

async function start(extraEnv: Record<string, string> = {}, args: string[] = []): Promise<Run> {
  const ports = await freePorts(6);
  const marker = randomUUID();
  markers.push(marker);
  const [gateway, guests, accounts, recovery, loyalty, credit] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build', ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      GATEWAY_WORKERS: '1',
      GATEWAY_PORT: String(gateway),
      GUESTS_PORT: String(guests),
      ACCOUNTS_PORT: String(accounts),
      SERVICE_RECOVERY_PORT: String(recovery),
      LOYALTY_PORT: String(loyalty),
      CREDIT_PORT: String(credit),
      DATABASE_URL: db.url,
      NATS_NAMESPACE: testNamespace(),
      START_TEST_MARKER: marker,
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  for (const s of [child.stdout, child.stderr])
    s?.on('data', (d) => {
      out += d.toString();
      for (const l of listeners) l();
    });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = (text: string | RegExp, ms = 90_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
      setTimeout(() => reject(new Error(`no "${text}" in ${ms} ms; output:\n${out}`)), ms).unref();
    });
  return { child, output: () => out, waitFor, exited, marker, ports };
}

const ALL_STOPPED = async (run: Run) => {
  // start.mjs exits only after what it started has exited; give the kernel a moment to reap.
  for (let i = 0; i < 50 && processesMarked(run.marker).length; i++) await new Promise((r) => setTimeout(r, 100));
  expect(processesMarked(run.marker), run.output()).toEqual([]);
};

describe('npm start', () => {
  it('prints the endpoint, GraphiQL, the console and tokens; Ctrl-C stops every process it started', async () => {
    const run = await start();
    await run.waitFor('Ctrl-C stops everything.');
    const port = run.ports[0];
    expect(run.output()).toContain(`GraphiQL          http://localhost:${port}/graphql`);
    expect(run.output()).toContain(`Console           http://localhost:${port}/console/`);
    // Where to see inside (issue 22): the gateway's /metrics, and traces off until an OTLP endpoint is given.
    expect(run.output()).toContain(`Metrics           http://localhost:${port}/metrics`);
    expect(run.output()).toMatch(/Traces\s+off; set OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(run.output()).toMatch(/FRONT_OFFICE\s+eyJ/);
    expect(processesMarked(run.marker).length).toBeGreaterThanOrEqual(6);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    await ALL_STOPPED(run);
  }, 150_000);

  it('Ctrl-C while the services are still starting stops the ones already started', async () => {
    const run = await start();
    await run.waitFor(/\[guests\]/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output()).not.toContain('ReferenceError');
    await ALL_STOPPED(run);
  }, 150_000);

  it('a service that cannot reach its database is named with its last log lines, and the rest is stopped', async () => {
    const url = new URL(db.url);
    url.username = 'no_such_role';
    const run = await start({ DATABASE_URL: url.toString() });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/✗ (guests|accounts|service-recovery|loyalty|credit) failed to start \(exit \d+\)\./);
    expect(run.output()).toMatch(/Its last lines:[\s\S]*no_such_role/);
    await ALL_STOPPED(run);
  }, 150_000);

  it('--replicas 2 --nats-cluster: two instances of each service, three NATS nodes holding every stream', async () => {
    // Three client ports in a row, each with its route port 2000 above, all free.
    let nats = 0;
    for (let tries = 0; !nats && tries < 20; tries++) {
      const [p] = await freePorts(1);
      const wanted = [0, 1, 2].flatMap((i) => [p! + i, p! + i + 2000]);
      if (p! + 2002 < 65_000 && (await Promise.all(wanted.map(isFree))).every(Boolean)) nats = p!;
    }
    const namespace = testNamespace();
    const run = await start({ NATS_NAMESPACE: namespace }, [
      '--replicas',
      '2',
      '--nats-cluster',
      '--nats-cluster-port',
      String(nats),
    ]);
    await run.waitFor('Ctrl-C stops everything.', 240_000);
    const [, guests, , , , credit] = run.ports;
    expect(run.output()).toContain(`guests ${guests}/${guests! + 10}`);
    expect(run.output()).toContain(`credit ${credit}/${credit! + 10}`);
    // The demo hotel went in through the gateway, over both instances, its events through the cluster.
    expect(run.output()).not.toContain('demo seed failed');
    // Three nats-servers, ten services, the gateway.
    expect(processesMarked(run.marker).length).toBeGreaterThanOrEqual(14);
    const urls = [0, 1, 2].map((i) => `nats://127.0.0.1:${nats + i}`).join(',');
    expect(run.output()).toContain(`NATS cluster      ${urls}`);
    // The nodes it started have a user per service (issue 20); the services ran the demo hotel with theirs.
    const operator = /NATS_USER=operator NATS_PASSWORD=(\w+)/.exec(run.output())?.[1];
    expect(operator).toBeTruthy();
    const bus = await neighbourBus('start-test', namespace, {
      natsUrl: urls,
      credentials: { user: 'operator', password: operator! },
    });
    try {
      const info = await bus.jsm.streams.info(bus.streamName('guests'));
      expect(info.config.num_replicas).toBe(3);
      expect(info.cluster?.replicas?.length).toBe(2);
    } finally {
      await bus.close();
    }
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    await ALL_STOPPED(run);
    rmSync(`${root}.data/nats-cluster/${nats}`, { recursive: true, force: true });
  }, 300_000);

  it('a port already in use is named before anything starts', async () => {
    const busy = createServer(() => {});
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = await start({ ACCOUNTS_PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`accounts cannot start: port ${port} is in use`);
      await ALL_STOPPED(run);
    } finally {
      busy.close();
    }
  }, 60_000);
});
