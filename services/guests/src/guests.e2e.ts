import { readFileSync } from 'node:fs';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { arrivingToday, bearer, postGraphQL, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// The contract's front-office operations as a terminal sends them: through the gateway with a JWT, the
// guests subgraph behind it. The other subgraphs' parts of ArrivalBrief are theirs to prove.
const contract = readFileSync(new URL('../../../../shared/contract/operations.graphql', import.meta.url), 'utf8');
const operation = (name: string) => {
  const start = contract.search(new RegExp(`(query|mutation) ${name}\\b`));
  const rest = contract.slice(start);
  const end = rest.search(/\n}\n/);
  return rest.slice(0, end + 3);
};
// ArrivalBrief without the fields other subgraphs add (membership, openCases, account).
const GUESTS_BRIEF = operation('ArrivalBrief')
  .replace(/\n {4}membership \{[\s\S]*?\n {4}\}/, '')
  .replace(/\n {4}openCases \{[\s\S]*?\n {4}\}/, '')
  .replace(/\n {4}account \{[\s\S]*?\n {4}\}/, '');

let service: TestService;
let gateway: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  service = await startTestService(guestsService);
  const sdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
  gateway = await startGateway({
    supergraphSdl: composeSupergraph([{ name: 'guests', url: service.url, sdl }]),
    port: 0,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  });
});
afterAll(async () => {
  await gateway?.stop();
  await service?.dispose();
});

const call = <D>(name: string, variables: Record<string, unknown>, roles: Parameters<typeof bearer>[0]) =>
  postGraphQL<D>(gateway.url, name === 'ArrivalBrief' ? GUESTS_BRIEF : operation(name), variables, bearer(roles));

describe('front office through the gateway', () => {
  it('registers, finds, records a preference, checks in and out, and shows the arrival brief', async () => {
    const number = completeResidentId('32010219870315441');
    const reg = await call<{ registerGuest: { id: string; fullName: string; segment: string } }>(
      'RegisterGuest',
      {
        input: {
          fullName: '黄磊',
          phone: '186 0000 1111',
          email: 'huang.lei@example.com',
          idDocument: { type: 'RESIDENT_ID', number },
          segment: 'CONFERENCE',
        },
      },
      ['FRONT_OFFICE'],
    );
    expect(reg.errors).toBeUndefined();
    const id = reg.data!.registerGuest.id;
    expect(reg.data!.registerGuest).toEqual({ id, fullName: '黄磊', segment: 'CONFERENCE' });

    const found = await call<{ searchGuests: { id: string }[] }>('FindGuests', { text: '18600001111', first: 5 }, [
      'FRONT_OFFICE',
    ]);
    expect(found.data!.searchGuests.map((g) => g.id)).toEqual([id]);

    const pref = await call<{ recordPreference: { category: string; value: string } }>(
      'RecordPreference',
      { guestId: id, input: { category: 'ROOM_TEMPERATURE', value: '22°C' } },
      ['HOUSEKEEPING'],
    );
    expect(pref.data!.recordPreference).toMatchObject({ category: 'ROOM_TEMPERATURE', value: '22°C' });

    const ci = await call<{ checkIn: { id: string; status: string } }>(
      'CheckIn',
      {
        input: {
          guestId: id,
          propertyCode: 'NKG01',
          roomType: 'EXECUTIVE',
          ...arrivingToday(2),
          nightlyRate: '880.00',
          paymentMethod: 'MOBILE',
        },
      },
      ['FRONT_OFFICE'],
    );
    expect(ci.data!.checkIn.status).toBe('IN_HOUSE');
    const co = await call<{ checkOut: { id: string; status: string; totalSpend: string } }>(
      'CheckOut',
      {
        stayId: ci.data!.checkIn.id,
        charges: [
          { outlet: 'ROOM', amount: '1760.00' },
          { outlet: 'LAUNDRY', amount: '45.5' },
        ],
      },
      ['FRONT_OFFICE'],
    );
    expect(co.data!.checkOut).toEqual({ id: ci.data!.checkIn.id, status: 'CHECKED_OUT', totalSpend: '1805.50' });
    const twice = await call('CheckOut', { stayId: ci.data!.checkIn.id, charges: [] }, ['FRONT_OFFICE']);
    expect(twice.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    const brief = await call<{ guest: Record<string, unknown> }>('ArrivalBrief', { id }, ['FRONT_OFFICE']);
    expect(brief.errors).toBeUndefined();
    expect(brief.data!.guest).toEqual({
      id,
      fullName: '黄磊',
      segment: 'CONFERENCE',
      vip: false,
      phone: '186 0000 1111',
      email: 'huang.lei@example.com',
      idDocument: { type: 'RESIDENT_ID', maskedNumber: `**************${number.slice(-4)}` },
      preferences: [{ category: 'ROOM_TEMPERATURE', value: '22°C' }],
      stays: [
        {
          id: ci.data!.checkIn.id,
          status: 'CHECKED_OUT',
          ...arrivingToday(2),
          roomType: 'EXECUTIVE',
          totalSpend: '1805.50',
        },
      ],
    });

    const housekeeping = await call<{ guest: Record<string, unknown> }>('ArrivalBrief', { id }, ['HOUSEKEEPING']);
    expect(housekeeping.data!.guest).toMatchObject({
      id,
      fullName: '黄磊',
      phone: null,
      email: null,
      idDocument: null,
    });
    expect(housekeeping.errors!.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'guest.email'],
      ['FORBIDDEN', 'guest.idDocument'],
      ['FORBIDDEN', 'guest.phone'],
    ]);

    const dup = await call(
      'RegisterGuest',
      { input: { fullName: '黄磊', idDocument: { type: 'RESIDENT_ID', number } } },
      ['MANAGER'],
    );
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_GUEST', existingGuestId: id });
    const bad = await call(
      'RegisterGuest',
      {
        input: {
          fullName: 'X',
          idDocument: { type: 'RESIDENT_ID', number: `${number.slice(0, 17)}${number[17] === '5' ? '6' : '5'}` },
        },
      },
      ['MANAGER'],
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idDocument.number' });
    const denied = await call(
      'CheckIn',
      {
        input: {
          guestId: id,
          propertyCode: 'NKG01',
          roomType: 'EXECUTIVE',
          ...arrivingToday(1),
          nightlyRate: '880.00',
          paymentMethod: 'CASH',
        },
      },
      ['SALES'],
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
