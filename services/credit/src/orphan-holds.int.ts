import { randomUUID } from 'node:crypto';
import { credit, guests, NoAnswerError } from '@guest-graph/events';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// A direct-bill hold for a check-in that did not happen eats the account's headroom. The desk's check-in gives
// up on credit after its timeout: a hold credit would commit after that is rolled back, questions that waited
// past their asker's deadline are dropped, and the desk's "abandoned" event releases a hold at once.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const question = (accountId: string, stayId: string) => ({
  accountId,
  amount: '1000.00',
  stayId,
  guestId: randomUUID(),
});
const holdsOf = (stayIds: string[]) =>
  sql<{ stay_id: string; status: string }>(
    h.service.databaseUrl,
    'SELECT stay_id, status FROM credit.authorization WHERE stay_id = ANY($1::uuid[])',
    [stayIds],
  );

describe('orphan holds', () => {
  it('holds nothing for questions whose asker gave up before credit could answer', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    // Another transaction holds the account's row: credit's answers wait behind it, past the desk's timeout.
    const blocker = h.service.runtime.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT 1 FROM credit.credit_account WHERE account_id = $1 FOR UPDATE', [account]);
    const stays = [randomUUID(), randomUUID(), randomUUID()];
    try {
      const asked = stays.map((s) =>
        h.bus.request(credit.authorizeDirectBill, question(account, s), { timeoutMs: 300 }).then(
          () => 'answered',
          (e) => (e instanceof NoAnswerError ? 'no answer' : String(e)),
        ),
      );
      expect(await Promise.all(asked)).toEqual(['no answer', 'no answer', 'no answer']);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    // Answered in order: once this one is, the three before it have been dealt with.
    const later = randomUUID();
    expect(await h.bus.request(credit.authorizeDirectBill, question(account, later))).toMatchObject({ approved: true });
    expect(await holdsOf(stays)).toEqual([]);
    expect((await h.credit(account)).held).toBe('1000.00');
  });

  it("releases a hold at once when the desk says its check-in was abandoned, and leaves others' alone", async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const [gone, kept] = [randomUUID(), randomUUID()];
    for (const s of [gone, kept])
      expect(await h.bus.request(credit.authorizeDirectBill, question(account, s))).toMatchObject({ approved: true });
    expect((await h.credit(account)).headroom).toBe('3000.00');
    await h.publish(guests.stayCheckInAbandoned, {
      stayId: gone,
      accountId: account,
      abandonedAt: new Date().toISOString(),
    });
    await waitFor(
      () => h.credit(account),
      (c) => c.headroom === '4000.00',
    );
    expect(await holdsOf([gone, kept])).toEqual(
      expect.arrayContaining([
        { stay_id: gone, status: 'RELEASED' },
        { stay_id: kept, status: 'HELD' },
      ]),
    );
  });
});
