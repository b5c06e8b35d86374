import { randomUUID } from 'node:crypto';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// Guest.openCasesConnection: a guest's open cases a page at a time, soonest due first, keyset on (due_at, id).
const clock = new ManualClock('2026-09-01T08:00:00.000Z');
let h: RecoveryHarness;

beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

/** A case written directly (the subject is reading): `status` and when it is due. */
async function seed(guestId: string, status: string, dueAt: string, id: string = randomUUID()) {
  await h.db(
    `INSERT INTO service_recovery.complaint_case
       (id, guest_id, channel, category, severity, reported_severity, description, department, status,
        opened_by, opened_at, acknowledge_due_at, due_at)
     VALUES ($1, $2, 'PHONE', 'NOISE', 'LOW', 'LOW', 'Noise', 'FRONT_OFFICE', $3, 'seed', $4, $4, $5)`,
    [id, guestId, status, '2026-08-01T08:00:00Z', dueAt],
  );
  return id;
}

const PAGE = `query($reps: [_Any!]!, $first: Int, $after: String) { _entities(representations: $reps) { ... on Guest {
  openCasesConnection(first: $first, after: $after) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } }
} } }`;
type Connection = {
  edges: { cursor: string; node: { id: string; status: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const page = (guestId: string, first: number | null, after: string | null) =>
  h.gql<{ _entities: { openCasesConnection: Connection }[] }>(PAGE, {
    reps: [{ __typename: 'Guest', id: guestId }],
    first,
    after,
  });

describe('Guest.openCasesConnection', () => {
  it('pages through the open cases soonest due first, with no gap or repeat while cases are opened between pages', async () => {
    const guest = randomUUID();
    const sameDue = '2026-09-03T08:00:00Z';
    // Two cases due at the same moment: the id decides, so neither is skipped nor repeated at a page boundary.
    const [low, high] = [randomUUID(), randomUUID()].sort();
    const expected = [
      await seed(guest, 'IN_PROGRESS', '2026-09-02T08:00:00Z'),
      await seed(guest, 'OPEN', sameDue, low!),
      await seed(guest, 'OPEN', sameDue, high!),
      await seed(guest, 'OPEN', '2026-09-04T08:00:00Z'),
      await seed(guest, 'OPEN', '2026-09-05T08:00:00Z'),
    ];
    // Not in the list: a resolved case of the guest, and another guest's open case.
    await seed(guest, 'RESOLVED', '2026-09-01T09:00:00Z');
    await seed(randomUUID(), 'OPEN', '2026-09-02T09:00:00Z');

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: { _entities: { openCasesConnection: Connection }[] } | null } = await page(guest, 2, after);
      const conn = res.data!._entities[0]!.openCasesConnection;
      expect(conn.edges.length).toBeLessThanOrEqual(2);
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      seen.push(...conn.edges.map((e) => e.node.id));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
      // Opened between pages: one due after everything seen so far is met in its place; one due before the
      // cursor would belong to pages already read, and the pages still to come neither shift nor repeat.
      if (pages === 1) {
        expected.push(await seed(guest, 'OPEN', '2026-09-06T08:00:00Z'));
        await seed(guest, 'OPEN', '2026-09-01T10:00:00Z');
      }
    } while (after && pages < 10);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses first outside 1 to 200 and a cursor that is not one of this list', async () => {
    const guest = randomUUID();
    const other = randomUUID();
    await seed(guest, 'OPEN', '2026-09-02T08:00:00Z');
    await seed(guest, 'OPEN', '2026-09-03T08:00:00Z');
    await seed(other, 'OPEN', '2026-09-02T08:00:00Z');
    await seed(other, 'OPEN', '2026-09-03T08:00:00Z');

    const tooMany = await page(guest, 201, null);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const none = await page(guest, 0, null);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });

    const nonsense = await page(guest, 1, 'nonsense');
    expect(nonsense.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const otherCursor = (await page(other, 1, null)).data!._entities[0]!.openCasesConnection.pageInfo.endCursor!;
    const foreign = await page(guest, 1, otherCursor);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    // A cursor of the guest's case history (ordered by opening) is not a position in this list.
    const HISTORY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest {
      cases(first: 1) { pageInfo { endCursor } } } } }`;
    const history = await h.gql<{ _entities: { cases: { pageInfo: { endCursor: string } } }[] }>(HISTORY, {
      reps: [{ __typename: 'Guest', id: guest }],
    });
    const fromHistory = await page(guest, 1, history.data!._entities[0]!.cases.pageInfo.endCursor);
    expect(fromHistory.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('costs one statement for the open cases of many guests, as for one', async () => {
    const guests = Array.from({ length: 50 }, () => randomUUID());
    for (const g of guests.slice(0, 10)) await seed(g, 'OPEN', '2026-09-02T08:00:00Z');
    const count = async (ids: string[]) => {
      h.service.runtime.queries.reset();
      const res = await h.gql<{ _entities: { openCasesConnection: Connection }[] }>(PAGE, {
        reps: ids.map((id) => ({ __typename: 'Guest', id })),
        first: 5,
      });
      expect(res.errors).toBeUndefined();
      return h.service.runtime.queries.count;
    };
    const one = await count(guests.slice(0, 1));
    const many = await count(guests);
    expect(one).toBe(1);
    expect(many).toBe(one);
  });
});
