import { readFileSync } from 'node:fs';
import { guests, serviceRecovery } from '@guest-graph/events';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { type RequestContext, type ServiceDefinition } from '@guest-graph/subgraph-kit';
import { bearer, postGraphQL, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { parse } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// The contract's EnrollMember and PointsHistory as a terminal sends them: through the gateway, with a token,
// over a graph of loyalty and a stand-in guests subgraph that owns Guest and the `guest` root field.
const guestsSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Guest @key(fields: "id") { id: ID! fullName: String! }
  type Query { guest(id: ID!): Guest }
`;
const standInGuests: ServiceDefinition = {
  name: 'guests',
  schema: 'guests_stand_in',
  defaultPort: 0,
  typeDefs: parse(guestsSdl),
  resolvers: () => ({
    Query: { guest: (_: unknown, { id }: { id: string }) => ({ id, fullName: 'Li Wei' }) },
    Guest: { __resolveReference: (ref: { id: string }, _ctx: RequestContext) => ({ id: ref.id, fullName: 'Li Wei' }) },
  }),
  entities: [],
  migrations: [],
};

const ENROLL = `mutation EnrollMember($guestId: ID!) { enrollMember(guestId: $guestId) { number tier pointsBalance } }`;
const HISTORY = `query PointsHistory($guestId: ID!) { guest(id: $guestId) { id membership { pointsBalance
  transactions(first: 20) { type points reference } } } }`;

let h: LoyaltyHarness;
let standIn: TestService;
let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  h = await LoyaltyHarness.start();
  standIn = await startTestService(standInGuests);
  const loyaltySdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
  const supergraphSdl = composeSupergraph([
    { name: 'guests', url: standIn.url, sdl: guestsSdl },
    { name: 'loyalty', url: h.service.url, sdl: loyaltySdl },
  ]);
  gw = await startGateway({ supergraphSdl, port: 0, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
});
// The ledger's invariant after every scenario: each membership's balance is the sum of its entries.
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await gw?.stop();
  await standIn?.dispose();
  await h?.dispose();
});

const call = (query: string, variables: Record<string, unknown>, roles: Parameters<typeof bearer>[0]) =>
  postGraphQL(gw.url, query, variables, bearer(roles));

describe('EnrollMember and PointsHistory through the gateway', () => {
  it('enrols, then shows stay points and compensation within 5 seconds, newest first, once', async () => {
    const guestId = h.guest();
    const enrolled = await call(ENROLL, { guestId }, ['FRONT_OFFICE']);
    expect(enrolled.errors).toBeUndefined();
    const member = (enrolled.data as { enrollMember: { number: string } }).enrollMember;
    expect(member).toEqual({ number: expect.stringMatching(/^\d{9}$/), tier: 'MEMBER', pointsBalance: 0 });

    const stay = checkedOut(guestId, { room: '1376.00', food: '218.40', nights: 2 });
    const stayEvent = await h.publish(guests.stayCheckedOut, stay);
    await h.publish(guests.stayCheckedOut, stay, { id: stayEvent });
    const history = () => call(HISTORY, { guestId }, ['GUEST_RELATIONS']);
    await waitFor(history, (r) => JSON.stringify(r.data).includes(stay.stayId), { timeoutMs: 5000 });

    const caseId = crypto.randomUUID();
    await h.publish(serviceRecovery.caseResolved, {
      caseId,
      guestId,
      stayId: stay.stayId,
      category: 'NOISE',
      compensationPoints: 500,
      resolvedAt: new Date().toISOString(),
    });
    const res = await waitFor(
      history,
      (r) => JSON.stringify(r.data).includes(caseId) && JSON.stringify(r.data).includes('"pointsBalance":2094'),
      { timeoutMs: 5000 },
    );
    await h.drained();
    expect((await history()).data).toEqual(res.data);
    expect(res.data).toEqual({
      guest: {
        id: guestId,
        membership: {
          pointsBalance: 2094,
          transactions: [
            { type: 'COMPENSATION', points: 500, reference: caseId },
            { type: 'EARN', points: 1594, reference: stay.stayId },
          ],
        },
      },
    });
  });

  it('refuses the wrong roles, a second enrolment, an unknown guest, and a missing token', async () => {
    const guestId = h.guest();
    const forbidden = await call(ENROLL, { guestId }, ['HOUSEKEEPING']);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(ENROLL, { guestId }, ['LOYALTY'])).errors).toBeUndefined();
    expect((await call(ENROLL, { guestId }, ['MANAGER'])).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const unknown = await call(ENROLL, { guestId: crypto.randomUUID() }, ['MANAGER']);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const anonymous = await postGraphQL(gw.url, ENROLL, { guestId: h.guest() });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers null membership for a guest who is not a member', async () => {
    const res = await call(HISTORY, { guestId: crypto.randomUUID() }, ['ANALYST']);
    expect(res.data).toEqual({ guest: { id: expect.any(String), membership: null } });
  });
});
