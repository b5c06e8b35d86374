import { arrivingToday, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Finding a guest from one box (及时显示), and what it costs: ranked matches per path, each on its index, and
// a constant number of statements however many guests a federated query resolves.
let service: TestService;
const ids: Record<string, string> = {};
const DOC = completeResidentId('44030419880808123');

beforeAll(async () => {
  service = await startTestService(guestsService);
  const people: [string, Record<string, unknown>][] = [
    [
      'zhangwei',
      { fullName: '张伟', latinName: 'Zhang Wei', phone: '+86 139-1234-5678', email: 'zhang.wei@example.com' },
    ],
    ['zhangwen', { fullName: '张文', latinName: 'Zhang Wen', phone: '021 6321 8888' }],
    ['wangfang', { fullName: '王芳', latinName: 'Wang Fang', idDocument: { type: 'RESIDENT_ID', number: DOC } }],
    ['smith', { fullName: 'John Smith', email: 'JSmith@Example.org' }],
    ['lina', { fullName: '李娜', latinName: 'Li Na' }],
    // No Latin name given: found by the pinyin of the Chinese one.
    ['wangxiaoming', { fullName: '王小明' }],
    ['shanfang', { fullName: '单芳' }],
  ];
  for (const [key, input] of people) {
    const res = await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input },
    );
    expect(res.errors).toBeUndefined();
    ids[key] = res.data!.registerGuest.id;
  }
});
afterAll(async () => {
  await service?.dispose();
});

const FIND =
  'query FindGuests($text: String!, $first: Int) { searchGuests(text: $text, first: $first) { id fullName } }';
const find = async (text: string, first?: number) => {
  const res = await service.query<{ searchGuests: { id: string; fullName: string }[] }>(FIND, { text, first }, [
    'FRONT_OFFICE',
  ]);
  expect(res.errors).toBeUndefined();
  return res.data!.searchGuests.map((g) => g.id);
};

describe('searchGuests', () => {
  it('finds a name despite a typo, in pinyin or in Chinese, best match first', async () => {
    expect((await find('Zhang Wie'))[0]).toBe(ids.zhangwei);
    expect((await find('zhang wen'))[0]).toBe(ids.zhangwen);
    expect(await find('zhang')).toEqual(expect.arrayContaining([ids.zhangwei, ids.zhangwen]));
    expect((await find('张伟'))[0]).toBe(ids.zhangwei);
    expect((await find('Jon Smith'))[0]).toBe(ids.smith);
    // Two slips in a short name: alike as a whole string only.
    expect(await find('Jon Smth')).toContain(ids.smith);
    expect(await find('Zhang Wie')).not.toContain(ids.lina);
  });
  it('finds a Chinese name by its pinyin, a homophone slip, or the surname alone', async () => {
    expect((await find('wang xiaoming'))[0]).toBe(ids.wangxiaoming);
    expect((await find('Wang Xiaomin'))[0]).toBe(ids.wangxiaoming);
    expect((await find('王晓明'))[0]).toBe(ids.wangxiaoming);
    expect(await find('王')).toEqual(expect.arrayContaining([ids.wangxiaoming, ids.wangfang]));
    // 单 as a surname is read shan, not dan.
    expect((await find('shan fang'))[0]).toBe(ids.shanfang);
  });
  it('finds a phone whatever the formatting, and by its last digits', async () => {
    expect(await find('13912345678')).toEqual([ids.zhangwei]);
    expect(await find('+86 (139) 1234 5678')).toEqual([ids.zhangwei]);
    expect(await find('63218888')).toEqual([ids.zhangwen]);
  });
  it('finds an email in any case, and an ID number exactly through the blind index', async () => {
    expect(await find('jsmith@example.ORG')).toEqual([ids.smith]);
    expect(await find(DOC.toLowerCase())).toEqual([ids.wangfang]);
    expect(await find(DOC.slice(0, 17))).toEqual([]);
  });
  it('returns at most `first`, and never more than 50', async () => {
    expect(await find('zhang', 1)).toHaveLength(1);
    const res = await service.query<{ searchGuests: unknown[] }>(FIND, { text: 'zhang', first: 1000 });
    expect(res.data!.searchGuests.length).toBeLessThanOrEqual(50);
  });
  it('uses an index for every lookup path', async () => {
    // With sequential scans priced out, each path must have an index to use (tiny tables would seq-scan).
    const run = async (query: string) => {
      const runner = service.runtime.dataSource.createQueryRunner();
      try {
        // Enough names that scanning the dictionary whole is dearer than its trigram index (the prune below
        // clears them: nobody bears them).
        await runner.query(
          `INSERT INTO guests.guest_name SELECT md5(i::text) FROM generate_series(1, 5000) i ON CONFLICT DO NOTHING`,
        );
        await runner.query('ANALYZE guests.guest_name');
        await runner.query('SET enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${query}`);
        await runner.query('RESET enable_seqscan');
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await runner.release();
      }
    };
    expect(await run("SELECT search_name FROM guests.guest_name WHERE 'zhang wei' <% search_name")).toMatch(
      /guest_name_trgm/,
    );
    expect(await run("SELECT search_name FROM guests.guest_name WHERE search_name % 'zhang wei'")).toMatch(
      /guest_name_trgm/,
    );
    expect(await run("SELECT id FROM guests.guest WHERE search_name = 'zhang wei'")).toMatch(/guest_search_name_idx/);
    expect(await run("SELECT guest_id FROM guests.guest_phone WHERE digits = '13912345678'")).toMatch(
      /guest_phone_digits/,
    );
    expect(await run("SELECT guest_id FROM guests.guest_phone WHERE digits LIKE '139123%'")).toMatch(
      /guest_phone_digits_idx/,
    );
    expect(await run("SELECT guest_id FROM guests.guest_phone WHERE reverse(digits) LIKE '8888%'")).toMatch(
      /guest_phone_digits_reversed_idx/,
    );
    expect(await run("SELECT guest_id FROM guests.guest_email WHERE address_lower = 'a@b.cn'")).toMatch(
      /guest_email_lower_idx/,
    );
    expect(await run("SELECT id FROM guests.guest WHERE id_doc_index = 'x'")).toMatch(/guest_id_doc_index_idx/);
    expect(await run("SELECT id FROM guests.stay WHERE guest_id = '00000000-0000-4000-8000-000000000000'")).toMatch(
      /stay_guest_idx/,
    );
  });
});

describe('the name dictionary', () => {
  const register = async (fullName: string) => {
    const res = await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input: { fullName } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.registerGuest.id;
  };
  const names = async () =>
    (await service.runtime.dataSource.query('SELECT search_name FROM guests.guest_name')).map(
      (r: { search_name: string }) => r.search_name,
    ) as string[];

  it('follows renames, and its prune drops only the names nobody bears', async () => {
    const id = await register('Quentin Ashdown');
    expect(await find('Quentin Ashdwon')).toContain(id);
    const renamed = await service.query(
      'mutation($id: ID!, $input: UpdateGuestInput!) { updateGuest(id: $id, input: $input) { id } }',
      { id, input: { fullName: 'Bartholomew Ashworth' } },
      ['MANAGER'],
    );
    expect(renamed.errors).toBeUndefined();
    expect(await find('Bartholomew Ashwroth')).toContain(id);
    expect(await find('Quentin Ashdown', 50)).not.toContain(id);
    expect(await names()).toContain('quentin ashdown');

    const { pruneGuestNames } = await import('./persistence/guest-search.repository.js');
    expect(await pruneGuestNames(service.runtime.dataSource)).toBeGreaterThanOrEqual(1);
    const after = await names();
    expect(after).not.toContain('quentin ashdown');
    expect(after).toContain('bartholomew ashworth');
    // Everyone registered above is still found by name after the prune.
    expect((await find('Zhang Wie'))[0]).toBe(ids.zhangwei);
    expect((await find('Jon Smith'))[0]).toBe(ids.smith);
  });

  it('ranks guests who share one spelling together, and widens the net only when the close names run short', async () => {
    // Twelve guests share one name: the page fills from that one dictionary entry.
    const same: string[] = [];
    for (let i = 0; i < 12; i++) same.push(await register('Ottoline Farquharson'));
    const page = await find('Ottoline Farquharson', 10);
    expect(page).toHaveLength(10);
    expect(same).toEqual(expect.arrayContaining(page));
    // Two letters swapped in a short name is below the close threshold: found only by the wider pass.
    const lone = await register('Ivor Pike');
    expect(await find('Ivro Pike')).toContain(lone);
  });
});

describe('batching', () => {
  it('resolves 100 guests through _entities with the same number of statements as 10', async () => {
    const many: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await service.query<{ registerGuest: { id: string } }>(
        'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
        {
          input: {
            fullName: `Batch Guest ${i}`,
            phone: `1380000${String(i).padStart(4, '0')}`,
            email: `b${i}@example.com`,
          },
        },
      );
      many.push(res.data!.registerGuest.id);
      if (i % 10 === 0) {
        const stay = await service.query<{ checkIn: { id: string } }>(
          'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }',
          {
            input: {
              guestId: res.data!.registerGuest.id,
              propertyCode: 'SHA01',
              roomType: 'KING',
              ...arrivingToday(2),
              nightlyRate: '500.00',
              paymentMethod: 'CARD',
            },
          },
        );
        await service.query(
          'mutation($s: ID!) { checkOut(stayId: $s, charges: [{ outlet: ROOM, amount: "1000" }]) { id } }',
          {
            s: stay.data!.checkIn.id,
          },
        );
      }
    }
    const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest {
      id fullName phone email phones { number } idDocument { maskedNumber } marketingConsent { channel }
      preferences { category value } stays(last: 5) { id totalSpend charges { amount } guest { id } }
      stayStatistics { stays nights totalSpend averageDailyRate } value { valueTier lifecycleStage } } } }`;
    const counter = service.runtime.queries;
    // The outbox relay polls on its own timer; only the statements this query sends are counted.
    const original = counter.logQuery.bind(counter);
    counter.logQuery = (query: string, ...rest: unknown[]) => {
      if (!query.includes('.outbox')) (original as (...a: unknown[]) => void)(query, ...rest);
    };
    const cost = async (guestIds: string[]) => {
      counter.reset();
      const res = await service.query<{ _entities: { id: string; stays: unknown[] }[] }>(
        ENTITIES,
        { reps: guestIds.map((id) => ({ __typename: 'Guest', id })) },
        ['MANAGER'],
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((g) => g.id)).toEqual(guestIds);
      return counter.count;
    };
    try {
      const ten = await cost(many.slice(0, 10));
      const hundred = await cost(many);
      expect(ten).toBeGreaterThan(0);
      expect(hundred).toBe(ten);
      expect(hundred).toBeLessThanOrEqual(10);
    } finally {
      counter.logQuery = original;
    }
  });
});
