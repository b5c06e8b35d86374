import { readFileSync } from 'node:fs';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import type { RequestContext, ServiceDefinition } from '@guest-graph/subgraph-kit';
import { bearer, postGraphQL, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// The contract's sales operations through the real gateway: accounts beside a small guest register (owner of
// Guest) and a small credit subgraph (which extends Account with credit), as the composed graph will have them.
const registered = new Set<string>();
const guestsSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Guest @key(fields: "id") { id: ID! fullName: String! }
  type Query { guest(id: ID!): Guest }
`;
const fakeGuests: ServiceDefinition = {
  name: 'guests',
  schema: 'fake_guests',
  defaultPort: 0,
  typeDefs: parse(guestsSdl),
  resolvers: () => ({
    Query: { guest: (_: unknown, { id }: { id: string }) => (registered.has(id) ? { id } : null) },
    Guest: { fullName: ({ id }: { id: string }) => `Guest ${id.slice(0, 4)}` },
  }),
  entities: [],
  migrations: [],
};
const creditCalls = new Set<string>();
const creditSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  scalar Money
  type Account @key(fields: "id") { id: ID! credit: ProbeCredit }
  type ProbeCredit { outstanding: Money! }
  type Query { creditProbe: Boolean }
`;
const fakeCredit: ServiceDefinition = {
  name: 'credit',
  schema: 'fake_credit',
  defaultPort: 0,
  typeDefs: parse(creditSdl),
  resolvers: () => ({
    Account: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => {
        creditCalls.add(ctx.requestId);
        return ref;
      },
      credit: () => ({ outstanding: '0.00' }),
    },
  }),
  entities: [],
  migrations: [],
};

let desk: AccountsDesk;
let guestsService: TestService;
let creditService: TestService;
let gw: Awaited<ReturnType<typeof startGateway>>;
const call = async (query: string, variables: Record<string, unknown>, roles: Parameters<typeof bearer>[0]) => {
  const res = await postGraphQL<Json>(gw.url, query, variables, bearer(roles));
  return res;
};
const contract = readFileSync(new URL('../../../../shared/contract/operations.graphql', import.meta.url), 'utf8');
/** One operation of the contract, verbatim. */
const operation = (name: string) => {
  const doc = parse(contract);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition' && d.name?.value === name);
  if (!op?.loc) throw new Error(`no operation ${name} in the contract`);
  return contract.slice(op.loc.start, op.loc.end);
};

beforeAll(async () => {
  desk = await startAccountsDesk();
  guestsService = await startTestService(fakeGuests, { namespace: desk.service.namespace });
  creditService = await startTestService(fakeCredit, { namespace: desk.service.namespace });
  const supergraphSdl = composeSupergraph([
    { name: 'guests', url: guestsService.url, sdl: guestsSdl },
    {
      name: 'accounts',
      url: desk.service.url,
      sdl: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
    },
    { name: 'credit', url: creditService.url, sdl: creditSdl },
  ]);
  gw = await startGateway({ supergraphSdl, port: 0, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
});
afterAll(async () => {
  await gw?.stop();
  await creditService?.dispose();
  await guestsService?.dispose();
  await desk?.dispose();
});

describe('the sales contract through the gateway', () => {
  it('creates an account, links a guest, shows it on the guest and counts the guest’s stay', async () => {
    const created = await call(
      operation('CreateAccount'),
      { input: { name: '上海国际会议策划有限公司', type: 'EVENT_PLANNER', grade: 'A', negotiatedRate: '688.00' } },
      ['SALES'],
    );
    expect(created.errors).toBeUndefined();
    const account = created.data.createAccount;
    expect(account).toMatchObject({ name: '上海国际会议策划有限公司', grade: 'A' });

    const bad = await call(operation('CreateAccount'), { input: { name: 'X', type: 'OTA', discountPercent: 101 } }, [
      'SALES',
    ]);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.discountPercent' });
    const badMoney = await call(operation('CreateAccount'), { input: { name: 'X', type: 'OTA', negotiatedRate: 5 } }, [
      'SALES',
    ]);
    expect(badMoney.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.negotiatedRate' });

    const guestId = '5a3e6f0c-2b1d-4c7e-9f00-000000000001';
    // The guest register answers guests.lookup through the desk's fake register (one responder only).
    registered.add(guestId);
    desk.register.set(guestId, null);
    const linked = await call(operation('LinkGuestToAccount'), { guestId, accountId: account.id }, ['SALES']);
    expect(linked.data).toEqual({ linkGuestToAccount: { id: guestId, account: { id: account.id } } });
    const unknown = await call(
      operation('LinkGuestToAccount'),
      { guestId: '5a3e6f0c-2b1d-4c7e-9f00-00000000ffff', accountId: account.id },
      ['SALES'],
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const forbidden = await call(operation('LinkGuestToAccount'), { guestId, accountId: account.id }, ['ANALYST']);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The account part of the arrival brief, across the two subgraphs.
    const brief = await call(
      'query($id: ID!) { guest(id: $id) { id fullName account { id name grade } } }',
      { id: guestId },
      ['HOUSEKEEPING'],
    );
    expect(brief.data.guest).toEqual({
      id: guestId,
      fullName: `Guest ${guestId.slice(0, 4)}`,
      account: { id: account.id, name: '上海国际会议策划有限公司', grade: 'A' },
    });

    await desk.checkOut({ guestId, nights: 2, totalSpend: '1500.00' });
    const PRODUCTION = 'query($id: ID!) { account(id: $id) { production { stays roomNights revenue } } }';
    const shown = await waitFor(
      async () => (await call(PRODUCTION, { id: account.id }, ['ANALYST'])).data.account.production,
      (p) => p.stays === 1,
      { timeoutMs: 5000 },
    );
    expect(shown).toEqual({ stays: 1, roomNights: 2, revenue: '1500.00' });
  });

  it('serves the AccountProduction report, 100 accounts with credit, in one call to each subgraph', async () => {
    for (let i = 0; i < 110; i++) await desk.createAccount({ name: `Report ${String(i).padStart(3, '0')}` });
    creditCalls.clear();
    let res: Json;
    const statements = await desk.statementsOf(async () => {
      res = await call(operation('AccountProduction'), { first: 100 }, ['MANAGER']);
    });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = res.data.accounts;
    expect(edges).toHaveLength(100);
    expect(pageInfo.hasNextPage).toBe(true);
    expect(edges[0].node).toMatchObject({ production: expect.any(Object), credit: { outstanding: '0.00' } });
    expect(creditCalls.size).toBe(1);
    // One statement for the page, one for the production of all of it.
    expect(statements).toBe(2);
    const next = await call(operation('AccountProduction'), { first: 100, after: pageInfo.endCursor }, ['MANAGER']);
    expect(next.data.accounts.edges.length).toBe(111 - 100);
    expect(next.data.accounts.pageInfo.hasNextPage).toBe(false);
  });
});
