import { openServiceDatabase, type ServiceDatabase } from '@guest-graph/db';
import { createLogger } from '@guest-graph/http';
import {
  createTestDatabase,
  startSecuredNatsServer,
  type TestDatabase,
  testNamespace,
  waitFor,
} from '@guest-graph/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';
import type { NatsCredentials } from './bus-options.js';
import * as credit from './catalogue/credit.js';
import * as guests from './catalogue/guests.js';
import * as loyalty from './catalogue/loyalty.js';
import { envelope } from './envelope.js';
import { platformMigrations } from './outbox-migration.js';
import { NoAnswerError } from './questions.js';

// Issue 20, point 3: on a nats-server with the users generated from the catalogue, a service's credentials
// publish its own events and answer its own questions, and nothing of another service's; the whole bus (the
// outbox relay, a durable consumer, request/reply) works within them.
const logger = createLogger('nats-auth-test', 'silent');
const namespace = testNamespace();
let nats: Awaited<ReturnType<typeof startSecuredNatsServer>>;
let testDb: TestDatabase;
const dbs: Record<'guests' | 'loyalty', ServiceDatabase> = {} as never;
const buses: EventBus[] = [];
const connections: NatsConnection[] = [];

const raw = async (credentials?: NatsCredentials) => {
  const nc = await connect({
    servers: nats.url,
    ...(credentials ? { user: credentials.user, pass: credentials.password } : {}),
    inboxPrefix: `_INBOX.${credentials?.user ?? 'anonymous'}`,
  });
  connections.push(nc);
  return nc;
};
const bus = async (service: 'guests' | 'loyalty' | 'credit', withDatabase = true) => {
  const b = await EventBus.connect({
    service,
    natsUrl: nats.url,
    namespace,
    logger,
    credentials: nats.credentials(service),
    ...(withDatabase && service !== 'credit' ? { dataSource: dbs[service].dataSource, schema: `auth_${service}` } : {}),
    relay: { intervalMs: 50 },
  });
  buses.push(b);
  return b;
};
/** The checked-out stays in guests' stream, as the operator reads it. */
const checkedOutInStream = async () => {
  const jsm = await jetstreamManager(await raw(nats.credentials('operator')));
  const subject = `${namespace}.guests.stay.checked-out`;
  const info = await jsm.streams.info(`${namespace}_guests`, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
};
const stay = (stayId = crypto.randomUUID()) => ({
  stayId,
  guestId: crypto.randomUUID(),
  propertyCode: 'SHA',
  roomType: 'DLX',
  arrivalDate: '2026-05-01',
  departureDate: '2026-05-03',
  nights: 2,
  nightlyRate: '880.00',
  paymentMethod: 'CARD' as const,
  accountId: null,
  charges: [{ outlet: 'ROOM' as const, amount: '1760.00' }],
  totalSpend: '1760.00',
  checkedOutAt: '2026-05-03T03:00:00.000Z',
});

beforeAll(async () => {
  nats = await startSecuredNatsServer(namespace);
  testDb = await createTestDatabase('nats_auth');
  for (const service of ['guests', 'loyalty'] as const) {
    const schema = `auth_${service}`;
    dbs[service] = await openServiceDatabase({
      schema,
      url: testDb.url,
      entities: [],
      migrations: platformMigrations(schema),
    });
  }
  await dbs.loyalty.dataSource.query('CREATE TABLE auth_loyalty.earned (stay_id uuid PRIMARY KEY)');
  // Guests' stream, made by its owner.
  await (await bus('guests', false)).ensureStream('guests');
});
afterAll(async () => {
  for (const b of buses.splice(0)) await b.close();
  for (const nc of connections.splice(0)) await nc.close().catch(() => {});
  for (const db of Object.values(dbs)) await db?.close();
  await testDb?.drop();
  await nats?.dispose();
});

describe('NATS users from the event catalogue', () => {
  it('refuses a connection without credentials or with a wrong password', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization/i);
    await expect(
      connect({ servers: nats.url, reconnect: false, user: 'loyalty', pass: nats.credentials('guests').password }),
    ).rejects.toThrow(/Authorization/i);
  });

  it("lets guests publish stay.checked-out and refuses loyalty's user the same event: nothing is stored", async () => {
    const subject = `${namespace}.guests.stay.checked-out`;
    const before = await checkedOutInStream();
    const body = JSON.stringify(envelope(guests.stayCheckedOut, stay()));

    const impostor = jetstream(await raw(nats.credentials('loyalty')), { timeout: 2000 });
    await expect(impostor.publish(subject, body)).rejects.toThrow();
    // Core NATS too (no acknowledgement asked): the server drops it.
    const core = await raw(nats.credentials('loyalty'));
    core.publish(subject, body);
    await core.flush();
    expect(await checkedOutInStream()).toBe(before);

    const owner = jetstream(await raw(nats.credentials('guests')), { timeout: 2000 });
    await expect(owner.publish(subject, body)).resolves.toMatchObject({ stream: `${namespace}_guests` });
    expect(await checkedOutInStream()).toBe(before + 1);
  });

  it('lets loyalty publish its own event', async () => {
    const loyaltyBus = await bus('loyalty', false);
    await loyaltyBus.ensureStream('loyalty');
    const ack = await loyaltyBus.publishDirect(
      loyalty.memberEnrolled,
      envelope(loyalty.memberEnrolled, {
        membershipId: crypto.randomUUID(),
        guestId: crypto.randomUUID(),
        number: 'M0001',
        enrolledAt: '2026-05-03T03:00:00.000Z',
      }),
    );
    expect(ack.stream).toBe(`${namespace}_loyalty`);
  });

  it('answers credit.authorize only from credit: an impostor never sees the question', async () => {
    const question = `${namespace}.rpc.${credit.authorizeDirectBill.name}`;
    const impostor = await raw(nats.credentials('loyalty'));
    const heard: string[] = [];
    const listen = (subject: string) =>
      impostor.subscribe(subject, {
        callback: (e, m) => {
          if (!e) heard.push(m.subject);
        },
      });
    // The question, and the answers that go to guests' inboxes: the server refuses both subscriptions.
    listen(question);
    listen('_INBOX.guests.>');
    await impostor.flush();
    const asker = await bus('guests', false);
    const ask = () =>
      asker.request(
        credit.authorizeDirectBill,
        { accountId: crypto.randomUUID(), amount: '100.00', stayId: crypto.randomUUID(), guestId: crypto.randomUUID() },
        { timeoutMs: 1000 },
      );
    await expect(ask()).rejects.toBeInstanceOf(NoAnswerError);
    expect(heard).toEqual([]);

    const creditBus = await bus('credit');
    creditBus.respond(credit.authorizeDirectBill, async () => ({
      approved: true as const,
      authorizationId: crypto.randomUUID(),
      available: '4900.00',
    }));
    await waitFor(async () => expect(await ask()).toMatchObject({ approved: true, available: '4900.00' }));
    expect(heard).toEqual([]);
  });

  it('carries an event through the outbox relay into a durable consumer, and a question and its answer', async () => {
    const guestsBus = await bus('guests');
    const loyaltyBus = await bus('loyalty');
    guestsBus.startRelay();
    guestsBus.respond(guests.lookupGuests, async ({ ids }) => ({
      guests: ids.map((id) => ({ id, fullName: '王芳', vip: false, segment: null, mergedInto: null })),
    }));
    await loyaltyBus.consume(guests.stayCheckedOut, {
      name: 'earn-on-check-out',
      handler: async (tx, event) => {
        await tx.query('INSERT INTO auth_loyalty.earned (stay_id) VALUES ($1)', [event.data.stayId]);
      },
    });
    const stayId = crypto.randomUUID();
    await guestsBus.transact((tx) => guestsBus.emit(tx, guests.stayCheckedOut, stay(stayId)));
    await waitFor(async () =>
      expect(await dbs.loyalty.dataSource.query('SELECT stay_id FROM auth_loyalty.earned')).toContainEqual({
        stay_id: stayId,
      }),
    );
    const guestId = crypto.randomUUID();
    expect(await loyaltyBus.request(guests.lookupGuests, { ids: [guestId] })).toMatchObject({
      guests: [{ id: guestId, fullName: '王芳' }],
    });
  });

  it('refuses a consumer the catalogue does not give the service', async () => {
    const loyaltyBus = await bus('loyalty');
    // Loyalty takes guests' check-outs as "earn-on-check-out"; under another name it may not read them.
    await expect(
      loyaltyBus.consume(guests.stayCheckedIn, { name: 'earn-on-check-in', handler: async () => {} }),
    ).rejects.toThrow();
  });
});
