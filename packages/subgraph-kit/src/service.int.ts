import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import {
  createTestDatabase,
  freePort,
  sql,
  startNatsServer,
  startTcpProxy,
  type TestDatabase,
  testEnv,
  testNamespace,
  waitFor,
} from '@guest-graph/testing';
import { parse } from 'graphql';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, type ServiceDefinition, startService } from './service.js';

// A service's life around its dependencies: it listens at once and says whether it is ready (the database
// answers `SELECT 1`, NATS a round trip), starts by itself once Postgres or NATS come up, and its scheduled
// jobs run once per interval however many instances there are.
class JobRuns1764400000100 implements MigrationInterface {
  name = 'JobRuns1764400000100';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE kit_probe.job_run (slot bigint NOT NULL, instance text NOT NULL)');
  }
  async down() {}
}
const probe = (start?: ServiceDefinition['start']): ServiceDefinition => ({
  name: 'guests',
  schema: 'kit_probe',
  defaultPort: 0,
  typeDefs: parse('type Query { ping: String }'),
  resolvers: () => ({ Query: { ping: () => 'pong' } }),
  entities: [],
  migrations: [JobRuns1764400000100],
  start,
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('kit');
});
afterAll(async () => db?.drop());

const health = async (port: number, path: string) => {
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: (await r.json()) as { status: string; checks?: Record<string, string> } };
};

describe('health and start', () => {
  it('listens while Postgres is away, starts once it comes, and is ready only while the database answers', async () => {
    const proxy = await startTcpProxy({ port: Number(new URL(db.url).port || 5432) });
    await proxy.stop();
    const port = await freePort();
    const env = testEnv({ DATABASE_URL: proxy.via(db.url), NATS_NAMESPACE: testNamespace() });
    let service: RunningService | undefined;
    try {
      const starting = startService(probe(), { port, env });
      await waitFor(
        () => health(port, '/health/live'),
        (h) => h.status === 200,
      );
      expect(await health(port, '/health/ready')).toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { service: 'starting' } },
      });
      const graphql = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ ping }"}',
      });
      expect(graphql.status).toBe(503);
      expect(
        ((await graphql.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('SERVICE_UNAVAILABLE');

      await proxy.start();
      service = await starting;
      expect(await health(port, '/health/ready')).toEqual({
        status: 200,
        body: { status: 'ok', checks: { database: 'ok', nats: 'ok' } },
      });
      expect((await health(port, '/health')).status).toBe(200);

      await proxy.stop();
      const down = await waitFor(
        () => health(port, '/health/ready'),
        (h) => h.status === 503,
      );
      expect(down.body.checks).toEqual({ database: 'unreachable', nats: 'ok' });
      expect((await health(port, '/health')).status).toBe(503);
      expect((await health(port, '/health/live')).status).toBe(200);

      await proxy.start();
      await waitFor(
        () => health(port, '/health/ready'),
        (h) => h.status === 200,
      );
    } finally {
      await service?.stop();
      await proxy.dispose();
    }
  });

  it('listens while NATS is away and starts once it answers', async () => {
    const nats = await startNatsServer();
    await nats.stop();
    const port = await freePort();
    const env = testEnv({ DATABASE_URL: db.url, NATS_URL: nats.url, NATS_NAMESPACE: testNamespace() });
    let service: RunningService | undefined;
    try {
      const starting = startService(probe(), { port, env });
      await waitFor(
        () => health(port, '/health/live'),
        (h) => h.status === 200,
      );
      expect((await health(port, '/health/ready')).status).toBe(503);
      await nats.start();
      service = await starting;
      expect((await health(port, '/health/ready')).body.checks).toEqual({ database: 'ok', nats: 'ok' });
    } finally {
      await service?.stop();
      await nats.dispose();
    }
  }, 30_000);
});

describe('scheduled jobs', () => {
  it('run once per interval across two instances of a service', async () => {
    const everyMs = 200;
    const env = testEnv({ DATABASE_URL: db.url, NATS_NAMESPACE: testNamespace() });
    const instances: RunningService[] = [];
    try {
      for (const instance of ['a', 'b'])
        instances.push(
          await startService(
            probe(async (rt) => {
              rt.schedule('tick', everyMs, async () => {
                await rt.dataSource.query(
                  `INSERT INTO kit_probe.job_run (slot, instance)
                   SELECT last_slot, $1 FROM kit_probe.scheduled_job WHERE name = 'tick'`,
                  [instance],
                );
              });
            }),
            { port: 0, env },
          ),
        );
      // Until a dozen runs, however slow the machine (a loaded one misses intervals; it must never double one).
      await waitFor(
        async () => (await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM kit_probe.job_run'))[0]!.n,
        (n) => n >= 12,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    } finally {
      for (const s of instances) await s.stop();
    }
    const runs = await sql<{ slot: string }>(db.url, 'SELECT slot::text FROM kit_probe.job_run ORDER BY slot');
    const slots = runs.map((r) => Number(r.slot));
    // Never twice for one interval; most intervals between the first run and the last taken by one instance.
    expect(new Set(slots).size).toBe(slots.length);
    const span = slots.at(-1)! - slots[0]! + 1;
    expect(slots.length).toBeGreaterThanOrEqual(12);
    expect(slots.length).toBeGreaterThanOrEqual(Math.ceil(span / 2));
  }, 90_000);
});

describe('where a subgraph listens', () => {
  const externalAddress = () =>
    Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  const reaches = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });

  it('listens on the loopback unless SUBGRAPH_HOST says otherwise: only a gateway on its host reaches it', async () => {
    const env = testEnv({ DATABASE_URL: db.url, NATS_NAMESPACE: testNamespace() });
    const local = await startService(probe(), { port: 0, env });
    const open = await startService(probe(), { port: 0, env: { ...env, SUBGRAPH_HOST: '0.0.0.0' } });
    try {
      expect(local.host).toBe('127.0.0.1');
      expect(await reaches('127.0.0.1', local.port)).toBe(true);
      const outside = externalAddress();
      // A machine with no other interface has no outside to test from; every CI and developer host has one.
      expect(outside, 'a non-loopback IPv4 address on this machine').toBeDefined();
      expect(await reaches(outside!, local.port)).toBe(false);
      expect(await reaches(outside!, open.port)).toBe(true);
    } finally {
      await local.stop();
      await open.stop();
    }
  });
});
