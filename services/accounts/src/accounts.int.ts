import { randomUUID } from 'node:crypto';
import { accounts as catalogue } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// The contract's sales operations against a real Postgres and NATS, with the guests service played beside us.
const CREATE = 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name grade } }';
const LINK = `mutation($guestId: ID!, $accountId: ID!) {
  linkGuestToAccount(guestId: $guestId, accountId: $accountId) { id account { id } } }`;

let desk: AccountsDesk;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const count = async (table: string) =>
  (await desk.service.runtime.dataSource.query(`SELECT count(*)::int AS n FROM accounts.${table}`))[0].n as number;
const outbox = async (type: string) =>
  (
    await desk.service.runtime.dataSource.query(`SELECT payload FROM accounts.outbox WHERE type = $1 ORDER BY seq`, [
      type,
    ])
  ).map((r: { payload: { data: unknown } }) => r.payload.data);

beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
});
afterAll(async () => desk?.dispose());

describe('createAccount', () => {
  it('opens an account for SALES, owned by the sales person, and publishes account.created', async () => {
    const res = await desk.raw(
      CREATE,
      {
        input: {
          name: '  华东电力集团  ',
          type: 'CORPORATE',
          grade: 'A',
          industry: 'Energy',
          address: '上海市浦东新区世纪大道 100 号',
          contactName: '王芳',
          contactPhone: '+86 138-0013-8000',
          negotiatedRate: '588',
          discountPercent: 15.5,
        },
      },
      ['SALES'],
    );
    expect(res.errors).toBeUndefined();
    const created = (res.data as Json).createAccount;
    expect(created).toMatchObject({ name: '华东电力集团', grade: 'A' });
    const { account } = await desk.gql(
      `query($id: ID!) { account(id: $id) { id name type status ownerId negotiatedRate discountPercent contactName
         rateInForce { rate discountPercent roomType validFrom } } }`,
      { id: created.id },
    );
    expect(account).toMatchObject({
      id: created.id,
      type: 'CORPORATE',
      status: 'ACTIVE',
      ownerId: 'staff-sales',
      negotiatedRate: '588.00',
      discountPercent: 15.5,
      contactName: '王芳',
    });
    await waitFor(
      () => outbox('account.created'),
      (rows) => rows.some((r: Json) => r.accountId === created.id),
    );
    expect((await outbox('account.created')).find((r: Json) => r.accountId === created.id)).toMatchObject({
      name: '华东电力集团',
      type: 'CORPORATE',
      grade: 'A',
    });
  });

  it('starts a POTENTIAL account as a prospect', async () => {
    const { id } = await desk.createAccount({ name: 'Future Travel', type: 'TRAVEL_AGENCY', grade: 'POTENTIAL' });
    const { account } = await desk.gql('query($id: ID!) { account(id: $id) { status grade } }', { id });
    expect(account).toEqual({ status: 'PROSPECT', grade: 'POTENTIAL' });
  });

  it.each([
    [{ name: '   ' }, 'input.name'],
    [{ name: 'x'.repeat(201) }, 'input.name'],
    [{ discountPercent: 150 }, 'input.discountPercent'],
    [{ discountPercent: -1 }, 'input.discountPercent'],
    [{ discountPercent: 10.555 }, 'input.discountPercent'],
    [{ negotiatedRate: '-10.00' }, 'input.negotiatedRate'],
    [{ negotiatedRate: '0.00' }, 'input.negotiatedRate'],
    [{ negotiatedRate: '12.345' }, 'input.negotiatedRate'],
    [{ contactPhone: 'call me' }, 'input.contactPhone'],
    [{ contactPhone: '12' }, 'input.contactPhone'],
    [{ industry: '' }, 'input.industry'],
    [{ address: 'y'.repeat(501) }, 'input.address'],
    [{ contactName: ' ' }, 'input.contactName'],
    [{ type: 'AIRLINE' }, 'input.type'],
    [{ grade: 'S' }, 'input.grade'],
  ])('refuses %j with BAD_USER_INPUT naming %s and changes nothing', async (bad, field) => {
    const before = await count('account');
    const res = await desk.raw(CREATE, { input: { name: 'Valid Name', type: 'CORPORATE', ...bad } }, ['SALES']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await count('account')).toBe(before);
  });

  it('is refused to a role other than SALES and MANAGER', async () => {
    const before = await count('account');
    const res = await desk.raw(CREATE, { input: { name: 'Sneaky Co', type: 'OTHER' } }, ['FRONT_OFFICE', 'ANALYST']);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count('account')).toBe(before);
    const manager = await desk.raw(CREATE, { input: { name: 'Managed Co', type: 'GOVERNMENT' } }, ['MANAGER']);
    expect((manager.data as Json).createAccount.name).toBe('Managed Co');
  });

  it('answers NOT_FOUND when updating an account that does not exist', async () => {
    const res = await desk.raw(
      'mutation($id: ID!) { updateAccount(id: $id, input: { grade: A }) { id } }',
      { id: randomUUID() },
      ['SALES'],
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('hides the people on the file from ANALYST but serves the rest', async () => {
    const { id } = await desk.createAccount({ name: 'Private Co', contactName: '李雷', contactPhone: '13800138000' });
    const res = await desk.raw('query($id: ID!) { account(id: $id) { name contactName contactPhone } }', { id }, [
      'ANALYST',
    ]);
    expect((res.data as Json).account).toEqual({ name: 'Private Co', contactName: null, contactPhone: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(res.errors?.[0]?.path).toEqual(['account', 'contactName']);
  });
});

describe('linkGuestToAccount', () => {
  it('links a guest the guest register knows, shows the account on the guest, and publishes the link once', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Link Co', grade: 'B' });
    const guestId = desk.registerGuest();
    const data = await desk.gql(LINK, { guestId, accountId }, ['SALES']);
    expect(data.linkGuestToAccount).toEqual({ id: guestId, account: { id: accountId } });
    // Linking again changes nothing and tells nobody.
    await desk.gql(LINK, { guestId, accountId }, ['SALES']);
    // The arrival brief reaches the account through the Guest entity.
    const brief = await desk.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest { id account { id name grade } } } }`,
      {
        reps: [
          { __typename: 'Guest', id: guestId },
          { __typename: 'Guest', id: randomUUID() },
        ],
      },
      ['HOUSEKEEPING'],
    );
    expect(brief._entities[0]).toEqual({ id: guestId, account: { id: accountId, name: 'Link Co', grade: 'B' } });
    expect(brief._entities[1].account).toBeNull();
    const links = (await outbox('account.guest-linked')).filter((r: Json) => r.guestId === guestId);
    expect(links).toEqual([{ guestId, accountId, linkedAt: clock.now().toISOString() }]);
    const { account } = await desk.gql(
      'query($id: ID!) { account(id: $id) { travellers { edges { node { guest { id } } } } } }',
      { id: accountId },
    );
    expect(account.travellers.edges.map((e: Json) => e.node)).toEqual([{ guest: { id: guestId } }]);
    const analyst = await desk.raw(
      'query($id: ID!) { account(id: $id) { name travellers { edges { node { linkedAt } } } } }',
      { id: accountId },
      ['ANALYST'],
    );
    expect(analyst.data).toEqual({ account: { name: 'Link Co', travellers: null } });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('moves a guest to another account', async () => {
    const first = await desk.createAccount({ name: 'First Employer' });
    const second = await desk.createAccount({ name: 'Second Employer' });
    const guestId = desk.registerGuest();
    await desk.gql(LINK, { guestId, accountId: first.id }, ['SALES']);
    const data = await desk.gql(LINK, { guestId, accountId: second.id }, ['MANAGER']);
    expect(data.linkGuestToAccount.account.id).toBe(second.id);
  });

  it('answers NOT_FOUND for a guest the register does not know, and for an unknown account', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Lonely Co' });
    const before = await count('guest_link');
    const unknownGuest = await desk.raw(LINK, { guestId: randomUUID(), accountId }, ['SALES']);
    expect(unknownGuest.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const guestId = desk.registerGuest();
    for (const bogus of [randomUUID(), 'not-an-id']) {
      const unknownAccount = await desk.raw(LINK, { guestId, accountId: bogus }, ['SALES']);
      expect(unknownAccount.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const badGuestId = await desk.raw(LINK, { guestId: 'guest-7', accountId }, ['SALES']);
    expect(badGuestId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guestId' });
    expect(await count('guest_link')).toBe(before);
  });

  it('links the survivor when the guest was merged into another', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Merged Guest Co' });
    const survivor = desk.registerGuest();
    const duplicate = desk.registerGuest(survivor);
    const data = await desk.gql(LINK, { guestId: duplicate, accountId }, ['SALES']);
    expect(data.linkGuestToAccount).toEqual({ id: survivor, account: { id: accountId } });
  });

  it('unlinks a guest once, telling others the guest travels for nobody now', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Unlink Co' });
    const guestId = desk.registerGuest();
    await desk.gql(LINK, { guestId, accountId }, ['SALES']);
    const UNLINK = 'mutation($g: ID!) { unlinkGuestFromAccount(guestId: $g) { id account { id } } }';
    expect((await desk.gql(UNLINK, { g: guestId }, ['SALES'])).unlinkGuestFromAccount).toEqual({
      id: guestId,
      account: null,
    });
    await desk.gql(UNLINK, { g: guestId }, ['SALES']);
    const events = (await outbox('account.guest-linked')).filter((r: Json) => r.guestId === guestId);
    expect(events.map((e: Json) => e.accountId)).toEqual([accountId, null]);
  });

  it('is refused to FRONT_OFFICE', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Desk Co' });
    const res = await desk.raw(LINK, { guestId: desk.registerGuest(), accountId }, ['FRONT_OFFICE']);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('accounts.lookup', () => {
  it('answers which of the asked accounts exist, with name, grade and status', async () => {
    const { id } = await desk.createAccount({ name: 'Lookup Co', grade: 'C' });
    const credit = await neighbourBus('credit', desk.service.namespace);
    try {
      const reply = await credit.request(catalogue.lookupAccounts, { ids: [id, randomUUID()] });
      expect(reply.accounts).toEqual([{ id, name: 'Lookup Co', grade: 'C', status: 'ACTIVE' }]);
    } finally {
      await credit.close();
    }
  });
});
