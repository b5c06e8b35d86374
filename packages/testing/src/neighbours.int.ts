import { randomUUID } from 'node:crypto';
import { accounts, guests } from '@guest-graph/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNamespace } from './database.js';
import { answerAccountLookups, answerGuestLookups, neighbourBus } from './neighbours.js';

describe('fake neighbours', () => {
  const namespace = testNamespace();
  let asker: Awaited<ReturnType<typeof neighbourBus>>;
  let register: Awaited<ReturnType<typeof neighbourBus>>;
  const [guest, duplicate, stay, account] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  beforeAll(async () => {
    [asker, register] = await Promise.all([neighbourBus('loyalty', namespace), neighbourBus('guests', namespace)]);
    answerGuestLookups(
      register,
      new Map([
        [guest, null],
        [duplicate, guest],
      ]),
      new Map([[stay, guest]]),
    );
    answerAccountLookups(register, (id) => (id === account ? { name: 'Huawei', grade: null } : undefined));
    await register.nc.flush();
  });
  afterAll(async () => {
    await Promise.all([asker?.close(), register?.close()]);
  });

  it('answer only for the guests, stays and accounts the test knows', async () => {
    const stranger = randomUUID();
    const found = await asker.request(guests.lookupGuests, {
      ids: [guest, duplicate, stranger],
      stayIds: [stay, stranger],
    });
    expect(found.guests.map((g) => [g.id, g.mergedInto])).toEqual([
      [guest, null],
      [duplicate, guest],
    ]);
    expect(found.stays).toEqual([{ id: stay, guestId: guest, inHouse: true }]);
    const accs = await asker.request(accounts.lookupAccounts, { ids: [account, stranger] });
    expect(accs.accounts).toEqual([{ id: account, name: 'Huawei', grade: null, status: 'ACTIVE' }]);
  });
});
