import { guests as events } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor } from './application/index.js';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Two profiles of one guest: found as likely duplicates, previewed, merged with everything carried over,
// and unmerged back to exactly the two profiles there were.
const clock = new ManualClock('2026-06-01T09:00:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock, env: { GUESTS_UNMERGE_WINDOW_DAYS: '30' } });
});
afterAll(async () => {
  await service?.dispose();
});

const gql = async <D>(
  query: string,
  variables: Record<string, unknown> = {},
  roles: Parameters<TestService['query']>[2] = ['MANAGER'],
) => {
  const res = await service.query<D>(query, variables, roles);
  return res;
};
const register = async (input: Record<string, unknown>) =>
  (
    await gql<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input },
    )
  ).data!.registerGuest.id;
const prefer = (g: string, category: string, value: string) =>
  gql(
    `mutation($g: ID!) { recordPreference(guestId: $g, input: { category: ${category}, value: "${value}" }) { id } }`,
    { g },
    ['FRONT_OFFICE'],
  );
const PROFILE = `query($id: ID!) { guest(id: $id) { id fullName latinName birthDate vip vipLevel tags mergedInto
  phones { number primary } emails { address } idDocument { type maskedNumber }
  preferences { category value } preferenceHistory { category value current } stays(last: 10) { id } } }`;
const profile = async (id: string) => (await gql<{ guest: Record<string, unknown> }>(PROFILE, { id })).data!.guest;
const MERGE = `mutation($s: ID!, $d: ID!, $dry: Boolean) { mergeGuests(survivorId: $s, duplicateId: $d, dryRun: $dry) {
  mergeId dryRun profile { fullName latinName birthDate vipLevel tags phones emails idDocumentType }
  staysMoved preferencesMoved preferencesKeptAsHistory observationsMoved survivor { id } } }`;

describe('duplicates and merge', () => {
  let a: string;
  let b: string;
  let stayOfB: string;
  let namesake: string;
  const doc = completeResidentId('31011519800707321');
  beforeAll(async () => {
    a = await register({ fullName: '张伟', phone: '13811112222', tags: ['golf'], vipLevel: 3 });
    b = await register({
      fullName: '张伟',
      latinName: 'Zhang Wei',
      phone: '138 1111 2222',
      email: 'zw@example.com',
      otherPhones: ['13933334444'],
      birthDate: '1980-07-07',
      idDocument: { type: 'RESIDENT_ID', number: doc },
      tags: ['wine'],
    });
    namesake = await register({ fullName: '张伟', latinName: 'Zhang Wei', birthDate: '1990-01-01' });
    await prefer(a, 'PILLOW', 'Feather');
    await prefer(b, 'PILLOW', 'Buckwheat');
    await prefer(b, 'DIET', 'No coriander');
    stayOfB = (
      await onHotelDate(clock, '2026-05-01', () =>
        gql<{ checkIn: { id: string } }>('mutation($input: CheckInInput!) { checkIn(input: $input) { id } }', {
          input: {
            guestId: b,
            propertyCode: 'SHA01',
            roomType: 'KING',
            arrivalDate: '2026-05-01',
            departureDate: '2026-05-03',
            nightlyRate: '700.00',
            paymentMethod: 'CARD',
          },
        }),
      )
    ).data!.checkIn.id;
  });

  it('finds the likely duplicate first, with its reasons, and ranks a namesake with another birthday lower', async () => {
    const res = await gql<{ likelyDuplicates: { guestId: string; score: number; reasons: string[] }[] }>(
      'query($g: ID!) { likelyDuplicates(guestId: $g) { guestId score reasons guest { id } } }',
      { g: a },
      ['GUEST_RELATIONS'],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.likelyDuplicates[0]).toMatchObject({ guestId: b, reasons: ['SAME_PHONE', 'SIMILAR_NAME'] });
    expect(res.data!.likelyDuplicates[0]!.score).toBeGreaterThan(0.5);
    const other = res.data!.likelyDuplicates.find((c) => c.guestId === namesake);
    expect(other?.score ?? 0).toBeLessThan(res.data!.likelyDuplicates[0]!.score);
    // From b's side the namesake differs in birth date: below the threshold altogether.
    const fromB = await gql<{ likelyDuplicates: { guestId: string }[] }>(
      'query($g: ID!) { likelyDuplicates(guestId: $g) { guestId } }',
      { g: b },
    );
    expect(fromB.data!.likelyDuplicates.map((c) => c.guestId)).toEqual([a]);
    expect(
      (await gql('query($g: ID!) { likelyDuplicates(guestId: $g) { guestId } }', { g: a }, ['ANALYST'])).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('previews a merge without changing anything', async () => {
    const before = await profile(a);
    const res = await gql<{ mergeGuests: Record<string, unknown> }>(MERGE, { s: a, d: b, dry: true });
    expect(res.errors).toBeUndefined();
    expect(res.data!.mergeGuests).toEqual({
      mergeId: null,
      dryRun: true,
      profile: {
        fullName: '张伟',
        latinName: 'Zhang Wei',
        birthDate: '1980-07-07',
        vipLevel: 3,
        tags: ['golf', 'wine'],
        phones: ['13811112222', '13933334444'],
        emails: ['zw@example.com'],
        idDocumentType: 'RESIDENT_ID',
      },
      staysMoved: 1,
      preferencesMoved: 1,
      preferencesKeptAsHistory: 1,
      observationsMoved: 0,
      survivor: null,
    });
    expect(await profile(a)).toEqual(before);
  });

  it('merges: the survivor carries everything, the old id leads to it, and guest.merged is published', async () => {
    const original = { a: await profile(a), b: await profile(b) };
    const res = await gql<{ mergeGuests: { mergeId: string; survivor: { id: string } } }>(MERGE, { s: a, d: b }, [
      'FRONT_OFFICE',
    ]);
    expect(res.errors).toBeUndefined();
    const { mergeId } = res.data!.mergeGuests;
    expect(res.data!.mergeGuests.survivor).toEqual({ id: a });
    const merged = await profile(a);
    expect(merged).toMatchObject({
      latinName: 'Zhang Wei',
      birthDate: '1980-07-07',
      tags: ['golf', 'wine'],
      phones: [
        { number: '13811112222', primary: true },
        { number: '13933334444', primary: false },
      ],
      emails: [{ address: 'zw@example.com' }],
      idDocument: { type: 'RESIDENT_ID', maskedNumber: `**************${doc.slice(-4)}` },
      preferences: [
        { category: 'DIET', value: 'No coriander' },
        { category: 'PILLOW', value: 'Feather' },
      ],
      stays: [{ id: stayOfB }],
    });
    expect(merged.preferenceHistory).toContainEqual({ category: 'PILLOW', value: 'Buckwheat', current: false });
    expect((await profile(b)).id).toBe(a);
    const found = await gql<{ searchGuests: { id: string }[] }>(
      'query($t: String!) { searchGuests(text: $t) { id } }',
      {
        t: doc,
      },
    );
    expect(found.data!.searchGuests).toEqual([{ id: a }]);
    const ev = await sql<{ payload: { data: Record<string, unknown> } }>(
      service.databaseUrl,
      "SELECT payload FROM guests.outbox WHERE type = 'guest.merged'",
    );
    expect(ev.map((e) => e.payload.data)).toEqual([
      { mergeId, survivorId: a, duplicateId: b, mergedAt: '2026-06-01T09:00:00.000Z' },
    ]);
    const lookup = await service.runtime.bus.request(events.lookupGuests, { ids: [b] });
    expect(lookup.guests).toEqual([{ id: b, fullName: '张伟', vip: false, segment: null, mergedInto: a }]);
    const again = await gql(MERGE, { s: a, d: b });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    // Unmerge restores both profiles exactly.
    clock.advanceDays(3);
    const UNMERGE =
      'mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId survivor { id } duplicate { id mergedInto } } }';
    const un = await gql<{ unmergeGuests: Record<string, unknown> }>(UNMERGE, { m: mergeId }, ['GUEST_RELATIONS']);
    expect(un.errors).toBeUndefined();
    expect(un.data!.unmergeGuests).toEqual({ mergeId, survivor: { id: a }, duplicate: { id: b, mergedInto: null } });
    expect(await profile(a)).toEqual(original.a);
    expect(await profile(b)).toEqual(original.b);
    const unmerged = await sql<{ payload: { data: Record<string, unknown> } }>(
      service.databaseUrl,
      "SELECT payload FROM guests.outbox WHERE type = 'guest.unmerged'",
    );
    expect(unmerged.map((e) => e.payload.data)).toEqual([
      { mergeId, survivorId: a, duplicateId: b, unmergedAt: '2026-06-04T09:00:00.000Z' },
    ]);
    expect((await gql(UNMERGE, { m: mergeId })).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('keeps what staff changed on the survivor while merged, and takes back only what the merge wrote', async () => {
    const s = await register({ fullName: '周杰', phone: '13900001111', tags: ['tea'] });
    const d = await register({
      fullName: '周杰',
      latinName: 'Zhou Jie',
      birthDate: '1985-03-03',
      employer: 'Old Employer Ltd',
      phone: '13900002222',
      email: 'zj@example.com',
      tags: ['spa'],
    });
    const merged = await gql<{ mergeGuests: { mergeId: string } }>(MERGE, { s, d });
    expect(merged.errors).toBeUndefined();
    // While merged, the desk corrects the employer and adds a new phone, keeping the copied ones.
    const edit = await gql(
      'mutation($id: ID!, $input: UpdateGuestInput!) { updateGuest(id: $id, input: $input) { id } }',
      {
        id: s,
        input: {
          employer: 'New Employer Co',
          phones: [{ number: '13900001111' }, { number: '13900002222' }, { number: '13900003333' }],
        },
      },
      ['FRONT_OFFICE'],
    );
    expect(edit.errors).toBeUndefined();
    const un = await gql('mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId } }', {
      m: merged.data!.mergeGuests.mergeId,
    });
    expect(un.errors).toBeUndefined();
    const after = await gql<{ guest: Record<string, unknown> }>(
      `query($id: ID!) { guest(id: $id) { latinName birthDate employer tags phones { number } emails { address } } }`,
      { id: s },
    );
    expect(after.data!.guest).toEqual({
      // Filled from the duplicate by the merge and untouched since: taken back.
      latinName: null,
      birthDate: null,
      tags: ['tea'],
      emails: [],
      // Changed by staff after the merge: kept.
      employer: 'New Employer Co',
      phones: [{ number: '13900001111' }, { number: '13900003333' }],
    });
    const duplicate = await gql<{ guest: Record<string, unknown> }>(
      `query($id: ID!) { guest(id: $id) { id latinName employer phones { number } emails { address } } }`,
      { id: d },
    );
    expect(duplicate.data!.guest).toEqual({
      id: d,
      latinName: 'Zhou Jie',
      employer: 'Old Employer Ltd',
      phones: [{ number: '13900002222' }],
      emails: [{ address: 'zj@example.com' }],
    });
    // Found under its own name again, the survivor no longer under the duplicate's Latin name.
    const found = await gql<{ searchGuests: { id: string }[] }>('{ searchGuests(text: "Zhou Jie") { id } }');
    expect(found.data!.searchGuests.map((g) => g.id)).toContain(d);
  });

  it('refuses to unmerge after the window, and to merge a guest into itself', async () => {
    const x = await register({ fullName: '测试甲' });
    const y = await register({ fullName: '测试乙' });
    const res = await gql<{ mergeGuests: { mergeId: string } }>(MERGE, { s: x, d: y });
    clock.advanceDays(31);
    const late = await gql('mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId } }', {
      m: res.data!.mergeGuests.mergeId,
    });
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    // Past the window its snapshot (the overwritten contacts and fields) is kept no longer.
    const snapshot = () =>
      sql<{ kept: boolean }>(
        service.databaseUrl,
        'SELECT snapshot IS NOT NULL AS kept FROM guests.guest_merge WHERE id = $1',
        [res.data!.mergeGuests.mergeId],
      );
    expect((await snapshot())[0]!.kept).toBe(true);
    expect(await appFor(service.runtime).purgeMergeSnapshots()).toBeGreaterThanOrEqual(1);
    expect((await snapshot())[0]!.kept).toBe(false);
    const self = await gql(MERGE, { s: x, d: x });
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duplicateId' });
    expect((await gql(MERGE, { s: x, d: y }, ['SALES'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
