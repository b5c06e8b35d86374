import { readFileSync } from 'node:fs';
import type { Role } from '@guest-graph/auth';
import { serviceRecovery } from '@guest-graph/events';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { guestsService } from '@guest-graph/guests';
import { loyaltyService } from '@guest-graph/loyalty';
import { arrivingToday, bearer, postGraphQL, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceRecoveryService } from './index.js';

// "A complaint resolved with points lands on the membership once": the contract's OpenCase and ResolveCase
// as a terminal sends them, through the gateway, with guests and loyalty running beside us on one bus.
const contract = readFileSync(new URL('../../../../shared/contract/operations.graphql', import.meta.url), 'utf8');
const operation = (name: string) => {
  const start = contract.search(new RegExp(`(query|mutation) ${name}\\b`));
  const rest = contract.slice(start);
  return rest.slice(0, rest.search(/\n}\n/) + 3);
};
const sdlOf = (service: string) =>
  readFileSync(new URL(`../../${service}/src/schema.graphql`, import.meta.url), 'utf8');

// The arrival brief's parts these three subgraphs serve.
const BRIEF = `query Brief($id: ID!) { guest(id: $id) { id fullName
  openCases { id status severity category dueAt } previousComplaint membership { pointsBalance } } }`;

let guests: TestService;
let loyalty: TestService;
let recovery: TestService;
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  guests = await startTestService(guestsService);
  const shared = { namespace: guests.namespace, databaseUrl: guests.databaseUrl };
  loyalty = await startTestService(loyaltyService, shared);
  recovery = await startTestService(serviceRecoveryService, shared);
  gateway = await startGateway({
    supergraphSdl: composeSupergraph([
      { name: 'guests', url: guests.url, sdl: sdlOf('guests') },
      { name: 'service-recovery', url: recovery.url, sdl: sdlOf('service-recovery') },
      { name: 'loyalty', url: loyalty.url, sdl: sdlOf('loyalty') },
    ]),
    port: 0,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  });
});
afterAll(async () => {
  await gateway?.stop();
  await recovery?.stop();
  await loyalty?.stop();
  await guests?.dispose();
});

const call = async <D>(query: string, variables: Record<string, unknown>, roles: Role[]) => {
  const res = await postGraphQL<D>(gateway.url, query, variables, bearer(roles));
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!;
};

describe('service recovery through the gateway', () => {
  it('opens a case the arrival brief shows, resolves it with points that land on the membership once', async () => {
    const { registerGuest } = await call<{ registerGuest: { id: string } }>(
      operation('RegisterGuest'),
      { input: { fullName: '李娜', segment: 'BUSINESS' } },
      ['FRONT_OFFICE'],
    );
    const guestId = registerGuest.id;
    await call(operation('EnrollMember'), { guestId }, ['FRONT_OFFICE']);

    const { openCase } = await call<{ openCase: { id: string; status: string; severity: string; dueAt: string } }>(
      operation('OpenCase'),
      {
        input: { guestId, channel: 'FRONT_DESK', category: 'NOISE', severity: 'HIGH', description: '隔壁施工噪音' },
      },
      ['FRONT_OFFICE'],
    );
    expect(openCase).toMatchObject({ status: 'OPEN', severity: 'HIGH' });
    const brief = await call<{ guest: { openCases: { id: string }[]; previousComplaint: boolean } }>(
      BRIEF,
      { id: guestId },
      ['HOUSEKEEPING'],
    );
    expect(brief.guest.openCases.map((c) => c.id)).toEqual([openCase.id]);
    expect(brief.guest.previousComplaint).toBe(true);

    const { resolveCase } = await call<{ resolveCase: { status: string } }>(
      operation('ResolveCase'),
      { id: openCase.id, input: { resolution: 'Moved to a quiet floor', compensationPoints: 500 } },
      ['GUEST_RELATIONS'],
    );
    expect(resolveCase.status).toBe('RESOLVED');

    type History = {
      guest: {
        membership: { pointsBalance: number; transactions: { type: string; points: number; reference: string }[] };
      };
    };
    const history = await waitFor(
      () => call<History>(operation('PointsHistory'), { guestId }, ['LOYALTY']),
      (h) => h.guest.membership.transactions.some((t) => t.type === 'COMPENSATION'),
    );
    expect(history.guest.membership.transactions.filter((t) => t.type === 'COMPENSATION')).toEqual([
      { type: 'COMPENSATION', points: 500, reference: openCase.id },
    ]);
    expect(history.guest.membership.pointsBalance).toBe(500);
    const after = await call<{ guest: { openCases: unknown[] } }>(BRIEF, { id: guestId }, ['FRONT_OFFICE']);
    expect(after.guest.openCases).toEqual([]);
  });

  it('books a redelivered case.resolved once', async () => {
    const { registerGuest } = await call<{ registerGuest: { id: string } }>(
      operation('RegisterGuest'),
      { input: { fullName: '王芳' } },
      ['FRONT_OFFICE'],
    );
    const guestId = registerGuest.id;
    await call(operation('EnrollMember'), { guestId }, ['LOYALTY']);
    const resolveWith = async (points: number) => {
      const { openCase } = await call<{ openCase: { id: string } }>(
        operation('OpenCase'),
        { input: { guestId, channel: 'PHONE', category: 'BILLING', severity: 'LOW', description: 'Charged twice' } },
        ['FRONT_OFFICE'],
      );
      await call(
        operation('ResolveCase'),
        { id: openCase.id, input: { resolution: 'Refunded', compensationPoints: points } },
        ['MANAGER'],
      );
      return openCase.id;
    };
    type History = {
      guest: { membership: { pointsBalance: number; transactions: { type: string; points: number }[] } };
    };
    const history = () => call<History>(operation('PointsHistory'), { guestId }, ['LOYALTY']);
    const first = await resolveWith(300);
    await waitFor(history, (h) => h.guest.membership.pointsBalance === 300);

    // The relay sends the same event again (past JetStream's duplicate window), then a second case follows:
    // events are handled in order, so once the second case's points show, the redelivery has been seen.
    const [row] = await recovery.runtime.dataSource.query(
      `SELECT payload FROM service_recovery.outbox WHERE type = 'case.resolved' AND payload->'data'->>'caseId' = $1`,
      [first],
    );
    await recovery.runtime.bus.publishDirect(serviceRecovery.caseResolved, row.payload, `redelivery-${first}`);
    await resolveWith(200);
    const after = await waitFor(history, (h) => h.guest.membership.pointsBalance >= 500);
    expect(after.guest.membership.pointsBalance).toBe(500);
    expect(after.guest.membership.transactions.filter((t) => t.type === 'COMPENSATION').map((t) => t.points)).toEqual([
      200, 300,
    ]);
  });

  it('issues a post-stay survey when guests checks the stay out', async () => {
    const { registerGuest } = await call<{ registerGuest: { id: string } }>(
      operation('RegisterGuest'),
      { input: { fullName: '张伟' } },
      ['FRONT_OFFICE'],
    );
    const stayDates = arrivingToday(1);
    const { checkIn } = await call<{ checkIn: { id: string } }>(
      operation('CheckIn'),
      {
        input: {
          guestId: registerGuest.id,
          propertyCode: 'NKG01',
          roomType: 'DELUXE',
          ...stayDates,
          nightlyRate: '680.00',
          paymentMethod: 'CARD',
        },
      },
      ['FRONT_OFFICE'],
    );
    await call(operation('CheckOut'), { stayId: checkIn.id, charges: [{ outlet: 'ROOM', amount: '680.00' }] }, [
      'FRONT_OFFICE',
    ]);
    const SURVEY =
      'query($stayId: ID!) { surveyForStay(stayId: $stayId) { id propertyCode departureDate guest { id fullName } } }';
    const found = await waitFor(
      () =>
        call<{ surveyForStay: { id: string; propertyCode: string; guest: { id: string; fullName: string } } | null }>(
          SURVEY,
          { stayId: checkIn.id },
          ['GUEST_RELATIONS'],
        ),
      (r) => r.surveyForStay !== null,
    );
    expect(found.surveyForStay).toMatchObject({
      propertyCode: 'NKG01',
      departureDate: stayDates.departureDate,
      guest: { id: registerGuest.id, fullName: '张伟' },
    });
  });
});
