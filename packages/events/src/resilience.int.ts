import { openServiceDatabase, type ServiceDatabase } from '@guest-graph/db';
import { createLogger } from '@guest-graph/http';
import { createTestDatabase, startTcpProxy, type TestDatabase, testNamespace, waitFor } from '@guest-graph/testing';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';
import type { BusOptions } from './bus-options.js';
import { defineEvent, defineRequest, z } from './catalogue/define.js';
import { deadLetterCli } from './dead-letters.js';
import { platformMigrations } from './outbox-migration.js';

// What the bus promises beyond one short fault: an outage of the consumer's database longer than any delivery
// cap loses and dead-letters nothing; only the message's own failures dead-letter, and a dead letter is never
// dropped and can be replayed; several instances on one schema relay once and in order.
const stayed = defineEvent('guests', 'test.stayed', 1, z.object({ n: z.number().int() }));
const SCHEMA = 'resilience_test';
class Effects1763900000002 implements MigrationInterface {
  name = 'Effects1763900000002';
  async up(q: QueryRunner) {
    await q.query(
      `CREATE TABLE "${SCHEMA}".effects (seq bigserial, event_id uuid NOT NULL, n int NOT NULL, consumer text)`,
    );
  }
  async down() {}
}

const logger = createLogger('resilience-test', 'silent');
let testDb: TestDatabase;
let db: ServiceDatabase;
const closing: (() => Promise<unknown>)[] = [];

async function bus(service: string, namespace: string, extra: Partial<BusOptions> = {}) {
  const b = await EventBus.connect({
    service,
    natsUrl: 'nats://127.0.0.1:4222',
    namespace,
    logger,
    dataSource: db.dataSource,
    schema: SCHEMA,
    relay: { intervalMs: 20 },
    ...extra,
  });
  closing.push(() => b.close());
  return b;
}
const effects = async (consumer = 'loyalty') =>
  (await db.dataSource.query(
    `SELECT n, count(*)::int AS times FROM "${SCHEMA}".effects WHERE consumer = $1 GROUP BY n ORDER BY n`,
    [consumer],
  )) as { n: number; times: number }[];
const record = (consumer: string) => (tx: EntityManager, event: { id: string; data: { n: number } }) =>
  tx.query(`INSERT INTO "${SCHEMA}".effects (event_id, n, consumer) VALUES ($1, $2, $3)`, [
    event.id,
    event.data.n,
    consumer,
  ]);
const once = (count: number) => Array.from({ length: count }, (_, k) => ({ n: k + 1, times: 1 }));
const deadLetterCount = async (b: EventBus) =>
  (await b.jsm.streams.info(b.deadLetterStream).catch(() => null))?.state.messages ?? 0;

beforeAll(async () => {
  testDb = await createTestDatabase('resilience');
  db = await openServiceDatabase({
    schema: SCHEMA,
    url: testDb.url,
    entities: [],
    migrations: [...platformMigrations(SCHEMA), Effects1763900000002],
  });
});
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c();
  await db.dataSource.query(`TRUNCATE "${SCHEMA}".effects, "${SCHEMA}".outbox, "${SCHEMA}".inbox`);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe('a long outage of the consumer database', () => {
  it('pauses the consumer and applies every event exactly once when the database is back, none dead-lettered', async () => {
    const proxy = await startTcpProxy({ port: Number(new URL(testDb.url).port || 5432) });
    const viaProxy = await openServiceDatabase({
      schema: SCHEMA,
      url: proxy.via(testDb.url),
      entities: [],
      migrations: [],
      runMigrations: false,
    });
    closing.push(() => proxy.dispose());
    closing.push(() => viaProxy.close());
    const ns = testNamespace();
    const producer = await bus('guests', ns);
    const consumer = await EventBus.connect({
      service: 'loyalty',
      natsUrl: 'nats://127.0.0.1:4222',
      namespace: ns,
      logger,
      dataSource: viaProxy.dataSource,
      schema: SCHEMA,
    });
    closing.push(() => consumer.close());
    let calls = 0;
    let failures = 0;
    await consumer.consume(stayed, {
      name: 'earning',
      // The old rule (a few deliveries, then dead letter) would have given up after a quarter of a second.
      maxFailures: 3,
      backoffMs: [50],
      transientBackoff: { firstMs: 50, maxMs: 200 },
      ackWaitMs: 1000,
      handler: async (tx, event) => {
        calls++;
        // Slow enough that the outage cuts some transactions half way.
        await new Promise((r) => setTimeout(r, 20));
        try {
          await record('loyalty')(tx, event);
        } catch (e) {
          failures++;
          throw e;
        }
      },
    });
    producer.startRelay();
    await producer.transact(async (tx) => {
      for (let n = 1; n <= 20; n++) await producer.emit(tx, stayed, { n });
    });
    await waitFor(effects, (e) => e.length >= 3);
    await proxy.stop();
    await waitFor(async () => consumer.consumersPaused);
    // Away for many times the old cap (and longer than the ack wait: the waiting messages are kept ours).
    await new Promise((r) => setTimeout(r, 3000));
    const duringOutage = (await effects()).length;
    expect(duringOutage).toBeLessThan(20);
    expect(consumer.consumersPaused).toBe(true);
    await proxy.start();
    await waitFor(effects, (e) => e.length === 20, { timeoutMs: 15_000 });
    await waitFor(
      async () => consumer.consumersPaused,
      (p) => !p,
    );
    expect(await effects()).toEqual(once(20));
    expect(await deadLetterCount(producer)).toBe(0);
    expect(failures + calls).toBeGreaterThan(0);
  }, 40_000);

  it('retries serialization failures and deadlocks without a cap, and still dead-letters a refusal', async () => {
    const ns = testNamespace();
    const producer = await bus('guests', ns);
    const consumer = await bus('loyalty', ns);
    const attempts = new Map<number, number>();
    await consumer.consume(stayed, {
      name: 'earning',
      maxFailures: 2,
      backoffMs: [20],
      transientBackoff: { firstMs: 10, maxMs: 40 },
      handler: async (tx, event) => {
        const n = event.data.n;
        const attempt = (attempts.get(n) ?? 0) + 1;
        attempts.set(n, attempt);
        // Event 1 loses a race 14 times over (far past maxFailures, and past the retries in place, so it also
        // goes round through NATS); event 2 is refused as the domain would.
        if (n === 1 && attempt <= 14)
          throw Object.assign(new Error('could not serialize access'), { code: attempt % 2 ? '40001' : '40P01' });
        if (n === 2)
          throw Object.assign(new Error('member not enrolled'), { name: 'DomainError', code: 'INVALID_STATE' });
        await record('loyalty')(tx, event);
      },
    });
    await producer.transact(async (tx) => {
      for (const n of [1, 2, 3]) await producer.emit(tx, stayed, { n });
    });
    await producer.relayOnce();
    await waitFor(effects, (e) => e.length === 2);
    await waitFor(
      () => deadLetterCount(producer),
      (c) => c === 1,
    );
    expect(await effects()).toEqual([
      { n: 1, times: 1 },
      { n: 3, times: 1 },
    ]);
    expect(attempts.get(1)).toBe(15);
    expect(attempts.get(2)).toBe(2);
    const [letter] = await producer.deadLetters.list();
    expect(letter!.reason).toBe('failed 2 times: member not enrolled');
    expect(letter!.consumer).toBe('loyalty__earning');
  });

  it('keeps an event whose dead letter cannot be stored, and stores it once it can', async () => {
    const ns = testNamespace();
    const producer = await bus('guests', ns);
    // A dead-letter stream too small for any letter: storing it fails the way a full or absent stream would.
    const consumer = await bus('loyalty', ns, { retention: { deadLetterMaxBytes: 64 } });
    await consumer.consume(stayed, {
      name: 'earning',
      maxFailures: 1,
      transientBackoff: { firstMs: 20, maxMs: 100 },
      handler: async () => {
        throw new Error('cannot apply this one');
      },
    });
    await producer.transact((tx) => producer.emit(tx, stayed, { n: 1 }));
    await producer.relayOnce();
    const info = () => consumer.jsm.consumers.info(consumer.streamName('guests'), 'loyalty__earning');
    await waitFor(info, (i) => i.num_redelivered > 0 || i.delivered.consumer_seq > 2);
    expect(await deadLetterCount(producer)).toBe(0);
    // Still in the stream, not acknowledged: the message waits for its letter to be stored.
    expect((await info()).num_ack_pending + (await info()).num_pending).toBe(1);
    await consumer.jsm.streams.update(consumer.deadLetterStream, { max_bytes: -1 });
    await waitFor(
      () => deadLetterCount(producer),
      (c) => c === 1,
    );
    await waitFor(info, (i) => i.num_ack_pending === 0 && i.num_pending === 0);
  });
});

describe('dead letters', () => {
  it('lists, shows and replays them to their own consumer, which applies each once', async () => {
    const ns = testNamespace();
    const producer = await bus('guests', ns);
    const loyalty = await bus('loyalty', ns);
    const credit = await bus('credit', ns);
    let broken = true;
    let creditCalls = 0;
    await loyalty.consume(stayed, {
      name: 'earning',
      maxFailures: 1,
      handler: async (tx, event) => {
        if (broken && event.data.n !== 3) throw new Error(`no member for stay ${event.data.n}`);
        await record('loyalty')(tx, event);
      },
    });
    await credit.consume(stayed, {
      name: 'ledger',
      handler: async (tx, event) => {
        creditCalls++;
        await record('credit')(tx, event);
      },
    });
    await producer.transact(async (tx) => {
      for (const n of [1, 2, 3]) await producer.emit(tx, stayed, { n });
    });
    await producer.relayOnce();
    await waitFor(
      () => deadLetterCount(producer),
      (c) => c === 2,
    );
    await waitFor(effects, (e) => e.length === 1);
    await waitFor(
      () => effects('credit'),
      (e) => e.length === 3,
    );

    const out: string[] = [];
    const cli = (...args: string[]) => deadLetterCli(args, { NATS_NAMESPACE: ns }, (l) => out.push(l));
    expect(await cli('list')).toBe(0);
    expect(out.at(-1)).toBe('2 dead letters');
    const lines = out.slice(0, 2);
    expect(lines.every((l) => l.includes('loyalty__earning') && l.includes(stayed.name))).toBe(true);
    expect(lines[0]).toContain('failed 1 times: no member for stay 1');
    const firstId = lines[0]!.split('\t')[0]!;
    out.length = 0;
    expect(await cli('show', firstId)).toBe(0);
    const shown = JSON.parse(out.join('\n'));
    expect(shown).toMatchObject({ consumer: 'loyalty__earning', service: 'loyalty', event: { data: { n: 1 } } });
    expect(await cli('show', '999')).toBe(1);
    expect(await cli('bogus')).toBe(1);

    broken = false;
    out.length = 0;
    expect(await cli('replay', firstId)).toBe(0);
    expect(out.at(-1)).toBe('1 replayed');
    await waitFor(effects, (e) => e.length === 2);
    expect(await cli('replay', firstId)).toBe(1);
    out.length = 0;
    expect(await cli('replay', '--all')).toBe(0);
    expect(out.at(-1)).toBe('1 replayed');
    await waitFor(effects, (e) => e.length === 3);
    // Applied once each; the other consumer of the same subject took no replay for itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(await effects()).toEqual(once(3));
    expect(await effects('credit')).toEqual(once(3));
    expect(creditCalls).toBe(3);
    out.length = 0;
    expect(await cli('list')).toBe(0);
    expect(out).toEqual(['0 dead letters']);
  });
});

describe('several instances of one service', () => {
  it('relays each outbox row once and in order, one instance at a time', async () => {
    const ns = testNamespace();
    // A short dedup window: a row published twice would show as two messages.
    const a = await bus('guests', ns, { duplicateWindowMs: 100 });
    const b = await bus('guests', ns, { duplicateWindowMs: 100 });
    await a.ensureStream('guests');
    // While another instance holds the relay, this one publishes nothing.
    await a.transact((tx) => a.emit(tx, stayed, { n: 1 }));
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT pg_advisory_xact_lock(734002, hashtext($1))', [SCHEMA]);
    expect(await a.relayOnce()).toBe(0);
    expect(await b.relayOnce()).toBe(0);
    await holder.commitTransaction();
    await holder.release();
    a.startRelay();
    b.startRelay();
    // Many small transactions while both relays poll.
    let next = 2;
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        for (let i = 0; i < 50; i++) {
          const producer = i % 2 ? a : b;
          await producer.transact(async (tx) => {
            await tx.query('SELECT pg_advisory_xact_lock(1)'); // one writer at a time, as an aggregate's lock would
            await producer.emit(tx, stayed, { n: next++ });
          });
        }
      }),
    );
    const stream = a.streamName('guests');
    await waitFor(
      async () => (await a.jsm.streams.info(stream)).state.messages,
      (m) => m >= 201,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await a.jsm.streams.info(stream)).state.messages).toBe(201);
    const seen: number[] = [];
    for (let seq = 1; seq <= 201; seq++) {
      const m = await a.jsm.streams.getMessage(stream, { seq });
      seen.push(m!.json<{ data: { n: number } }>().data.n);
    }
    expect(seen).toEqual(Array.from({ length: 201 }, (_, k) => k + 1));
  });

  it('hands the relay to another instance when its holder loses its connection', async () => {
    const ns = testNamespace();
    const a = await bus('guests', ns);
    const b = await bus('guests', ns);
    a.startRelay();
    b.startRelay();
    const stream = a.streamName('guests');
    const published = async () => (await a.jsm.streams.info(stream).catch(() => null))?.state.messages ?? 0;
    await a.transact((tx) => a.emit(tx, stayed, { n: 1 }));
    await waitFor(published, (m) => m === 1);
    const holders = () =>
      db.dataSource.query(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 734002 AND objid = hashtext($1)::oid
            AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [SCHEMA],
      ) as Promise<{ pid: number }[]>;
    const [holder] = await holders();
    expect(holder).toBeDefined();
    await db.dataSource.query('SELECT pg_terminate_backend($1)', [holder!.pid]);
    for (let n = 2; n <= 30; n++) await b.transact((tx) => b.emit(tx, stayed, { n }));
    await waitFor(published, (m) => m === 30, { timeoutMs: 15_000 });
    const [next] = await holders();
    expect(next!.pid).not.toBe(holder!.pid);
    const seen: number[] = [];
    for (let seq = 1; seq <= 30; seq++)
      seen.push((await a.jsm.streams.getMessage(stream, { seq }))!.json<{ data: { n: number } }>().data.n);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
  });

  it('shares a consumer between instances, each event applied once', async () => {
    const ns = testNamespace();
    const producer = await bus('guests', ns);
    const handledBy = { a: 0, b: 0 };
    for (const who of ['a', 'b'] as const) {
      const instance = await bus('loyalty', ns);
      await instance.consume(stayed, {
        name: 'earning',
        handler: async (tx, event) => {
          handledBy[who]++;
          await new Promise((r) => setTimeout(r, 5));
          await record('loyalty')(tx, event);
        },
      });
    }
    await producer.transact(async (tx) => {
      for (let n = 1; n <= 60; n++) await producer.emit(tx, stayed, { n });
    });
    await producer.relayOnce();
    await waitFor(effects, (e) => e.length === 60);
    expect(await effects()).toEqual(once(60));
    expect(handledBy.a).toBeGreaterThan(0);
    expect(handledBy.b).toBeGreaterThan(0);
  });

  it('answers a question from whichever instance is there, once', async () => {
    const ns = testNamespace();
    const echo = defineRequest('credit', 'test.echo', z.object({ k: z.number() }), z.object({ by: z.string() }));
    const asker = await bus('guests', ns);
    for (const by of ['a', 'b']) {
      const instance = await bus('credit', ns);
      instance.respond(echo, async () => ({ by }));
      await instance.nc.flush();
    }
    const answers = await Promise.all(Array.from({ length: 30 }, (_, k) => asker.request(echo, { k })));
    expect(answers).toHaveLength(30);
    expect(new Set(answers.map((x) => x.by))).toEqual(new Set(['a', 'b']));
  });
});

describe('retention', () => {
  it('limits the streams by age and size without ever dropping for room, and keeps dead letters until replayed', async () => {
    const b = await bus('guests', testNamespace(), {
      retention: { maxAgeMs: 3 * 86_400_000, maxBytes: 8 * 1024 ** 2, deadLetterMaxBytes: 1024 ** 2 },
    });
    // A stream made before there were limits gets them.
    await b.jsm.streams.add({ name: b.streamName('guests'), subjects: [`${b.namespace}.guests.>`] });
    await b.ensureStream('guests');
    await b.ensureStream('dead-letter');
    const events = (await b.jsm.streams.info(b.streamName('guests'))).config;
    expect(events.max_age).toBe(3 * 86_400_000 * 1_000_000);
    expect(events.max_bytes).toBe(8 * 1024 ** 2);
    expect(events.discard).toBe('new');
    const dead = (await b.jsm.streams.info(b.deadLetterStream)).config;
    expect(dead.max_age).toBe(0);
    expect(dead.max_bytes).toBe(1024 ** 2);
  });

  it('prunes inbox rows past the dedup horizon and week-old published outbox rows', async () => {
    const b = await bus('guests', testNamespace(), { retention: { maxAgeMs: 86_400_000 } });
    await db.dataSource.query(
      `INSERT INTO "${SCHEMA}".inbox (consumer, event_id, processed_at) VALUES
         ('c', gen_random_uuid(), now() - interval '3 days'),
         ('c', gen_random_uuid(), now() - interval '3 days'),
         ('c', gen_random_uuid(), now() - interval '1 hour')`,
    );
    await db.dataSource.query(
      `INSERT INTO "${SCHEMA}".outbox (id, subject, type, payload, published_at) VALUES
         (gen_random_uuid(), 's', 't', '{}', now() - interval '8 days'),
         (gen_random_uuid(), 's', 't', '{}', now() - interval '1 day'),
         (gen_random_uuid(), 's', 't', '{}', NULL)`,
    );
    expect(await b.prune()).toEqual({ outbox: 1, inbox: 2 });
    const [{ inbox }] = await db.dataSource.query(`SELECT count(*)::int AS inbox FROM "${SCHEMA}".inbox`);
    const [{ outbox }] = await db.dataSource.query(`SELECT count(*)::int AS outbox FROM "${SCHEMA}".outbox`);
    expect([inbox, outbox]).toEqual([1, 2]);
  });
});
