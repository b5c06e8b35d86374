import type { Role } from '@guest-graph/auth';
import { startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// A search is a way of reading a field: a phone confirmed digit by digit by a role that may not read phones, a
// document number guessed from its last four and a birth date, are reads the field rules forbid.
let service: TestService;
let guestId: string;
const DOC = completeResidentId('51010719750315461');
const PHONE = '+86 137-2468-1357';
const EMAIL = 'qiao.feng@example.net';
const QUOTA = 6;

beforeAll(async () => {
  service = await startTestService(guestsService, { env: { GUESTS_IDENTIFIER_SEARCHES_PER_HOUR: String(QUOTA) } });
  const res = await service.query<{ registerGuest: { id: string } }>(
    'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
    {
      input: {
        fullName: '乔峰',
        latinName: 'Qiao Feng',
        phone: PHONE,
        email: EMAIL,
        idDocument: { type: 'RESIDENT_ID', number: DOC },
      },
    },
  );
  expect(res.errors).toBeUndefined();
  guestId = res.data!.registerGuest.id;
});
afterAll(async () => {
  await service?.dispose();
});

const search = (text: string, roles: Role[]) =>
  service.query<{ searchGuests: { id: string }[] }>(
    'query($text: String!) { searchGuests(text: $text) { id } }',
    {
      text,
    },
    roles,
  );
const found = async (text: string, roles: Role[]) => {
  const res = await search(text, roles);
  expect(res.errors).toBeUndefined();
  return res.data!.searchGuests.map((g) => g.id);
};

describe('searching by an identifier', () => {
  it('matches phones and emails only for roles that may read a phone, document numbers only for the desk', async () => {
    for (const role of ['HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'FINANCE'] as Role[]) {
      expect(await found('13724681357', [role])).toEqual([]);
      expect(await found('1357', [role])).toEqual([]);
      expect(await found(EMAIL, [role])).toEqual([]);
      expect(await found(DOC, [role])).toEqual([]);
      // A name is still a name.
      expect(await found('Qiao Feng', [role])).toContain(guestId);
    }
    for (const role of ['SALES', 'GUEST_RELATIONS', 'LOYALTY'] as Role[]) {
      expect(await found('2468 1357', [role])).toEqual([guestId]);
      expect(await found(DOC, [role])).toEqual([]);
    }
    expect(await found(DOC.toLowerCase(), ['FRONT_OFFICE'])).toEqual([guestId]);
  });

  it('audits a search by document number as a reveal: who and when', async () => {
    expect(await found(DOC, ['MANAGER'])).toEqual([guestId]);
    const res = await service.query<{ idDocumentReveals: { staffId: string; reason: string; revealedAt: string }[] }>(
      'query($g: ID) { idDocumentReveals(guestId: $g) { staffId reason revealedAt } }',
      { g: guestId },
      ['MANAGER'],
    );
    expect(res.data!.idDocumentReveals.map((r) => r.staffId)).toEqual(
      expect.arrayContaining(['staff-front_office', 'staff-manager']),
    );
    expect(res.data!.idDocumentReveals[0]).toMatchObject({ reason: 'Searched by document number' });
    const audit = await service.runtime.dataSource.query(
      "SELECT searched_by, kinds FROM guests.identifier_search WHERE 'DOCUMENT' = ANY(kinds) ORDER BY searched_at",
    );
    expect(audit.map((a: { searched_by: string }) => a.searched_by)).toEqual(['staff-front_office', 'staff-manager']);
    // The text searched is never stored.
    expect(
      JSON.stringify(await service.runtime.dataSource.query('SELECT * FROM guests.identifier_search')),
    ).not.toContain(DOC.slice(0, 10));
  });

  it('stops a caller after their hourly quota of searches by identifier, with RATE_LIMITED; names still search', async () => {
    const roles: Role[] = ['GUEST_RELATIONS', 'LOYALTY'];
    for (let i = 0; i < QUOTA; i++) expect(await found(`1357${i}`, roles)).toBeDefined();
    const over = await search(EMAIL, roles);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(over.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(over)).not.toContain(guestId);
    expect(await found('Qiao Feng', roles)).toContain(guestId);
    // Someone else's quota is their own.
    expect(await found(EMAIL, ['SALES', 'LOYALTY'])).toEqual([guestId]);
  });

  it('lists every search by an identifier for managers, one that found nobody too, a page at a time', async () => {
    const nobody = completeResidentId('11010119900101001');
    expect(await found(nobody, ['FRONT_OFFICE'])).toEqual([]);
    const audit = `query($staff: String, $first: Int, $after: String) {
      identifierSearches(staffId: $staff, first: $first, after: $after) {
        edges { cursor node { staffId searchedBy kinds guestsFound foundGuestIds searchedAt } }
        pageInfo { hasNextPage endCursor }
      } }`;
    type Page = {
      identifierSearches: {
        edges: {
          cursor: string;
          node: { staffId: string; kinds: string[]; guestsFound: number; foundGuestIds: string[] };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const desk = await service.query<Page>(audit, { staff: 'staff-front_office' }, ['MANAGER']);
    expect(desk.errors).toBeUndefined();
    const [latest, earlier] = desk.data!.identifierSearches.edges.map((e) => e.node);
    // Newest first: the probe that found nobody, then the search that found the guest.
    expect(latest).toMatchObject({
      staffId: 'staff-front_office',
      kinds: ['DOCUMENT'],
      guestsFound: 0,
      foundGuestIds: [],
    });
    expect(earlier).toMatchObject({ kinds: ['DOCUMENT'], guestsFound: 1, foundGuestIds: [guestId] });
    expect(JSON.stringify(desk.data)).not.toContain(nobody.slice(0, 10));

    // Pages of one follow each other without a gap or a repeat.
    const all = await service.query<Page>(audit, { first: 200 }, ['MANAGER']);
    const ids = all.data!.identifierSearches.edges.map((e) => e.cursor);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const res: { data?: Page | null } = await service.query<Page>(audit, { first: 2, after }, ['MANAGER']);
      const page: Page['identifierSearches'] = res.data!.identifierSearches;
      paged.push(...page.edges.map((e) => e.cursor));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(ids);
    expect(ids.length).toBeGreaterThan(2);

    for (const role of ['FRONT_OFFICE', 'ANALYST', 'GUEST_RELATIONS'] as Role[]) {
      const refused = await service.query(audit, {}, [role]);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
