import { randomUUID } from 'node:crypto';
import { type EventBus, envelope, guests } from '@guest-graph/events';
import {
  createTestDatabase,
  neighbourBus,
  startTestService,
  type TestDatabase,
  testNamespace,
  waitFor,
} from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from './index.js';

// Production is counted exactly once across a restart: stays checked out while the service was down are
// counted when it comes back, and the ones it had already counted are not counted again.
let db: TestDatabase;
let desk: EventBus;
const namespace = testNamespace();

beforeAll(async () => {
  db = await createTestDatabase('accounts_restart');
  desk = await neighbourBus('guests', namespace);
});
afterAll(async () => {
  await desk?.close();
  await db?.drop();
});

const checkOut = async (accountId: string, stayId = randomUUID(), eventId?: string) => {
  const data = guests.stayCheckedOut.schema.parse({
    stayId,
    guestId: randomUUID(),
    propertyCode: 'SHA01',
    roomType: 'KING',
    arrivalDate: '2026-11-01',
    departureDate: '2026-11-02',
    nights: 1,
    nightlyRate: '500.00',
    paymentMethod: 'CARD',
    accountId,
    charges: [{ outlet: 'ROOM', amount: '500.00' }],
    totalSpend: '500.00',
    checkedOutAt: new Date().toISOString(),
  });
  const env = envelope(guests.stayCheckedOut, data, { id: eventId });
  await desk.publishDirect(guests.stayCheckedOut, env, env.id);
  return { stayId, eventId: env.id };
};

describe('production across a restart', () => {
  it('counts stays checked out while the service was down, and nothing twice', async () => {
    const start = () => startTestService(accountsService, { databaseUrl: db.url, namespace });
    const PRODUCTION = 'query($id: ID!) { account(id: $id) { production { stays revenue } } }';
    let service = await start();
    const created = await service.query(
      'mutation { createAccount(input: { name: "Restart Co", type: OTHER }) { id } }',
    );
    const accountId = (created.data as { createAccount: { id: string } }).createAccount.id;
    const first = await checkOut(accountId);
    const stays = async () =>
      ((await service.query(PRODUCTION, { id: accountId })).data as { account: { production: { stays: number } } })
        .account.production.stays;
    await waitFor(stays, (n) => n === 1);
    await service.stop();

    // While it is down: a new stay, the first event again, and the first stay under a new event id.
    await checkOut(accountId);
    await checkOut(accountId, first.stayId, first.eventId);
    await checkOut(accountId, first.stayId);

    service = await start();
    try {
      await waitFor(stays, (n) => n === 2);
      await waitFor(
        async () => {
          const info = await desk.jsm.consumers.info(desk.streamName('guests'), 'accounts__production');
          return info.num_pending + info.num_ack_pending;
        },
        (n) => n === 0,
      );
      expect((await service.query(PRODUCTION, { id: accountId })).data).toEqual({
        account: { production: { stays: 2, revenue: '1000.00' } },
      });
    } finally {
      await service.stop();
    }
  });
});
