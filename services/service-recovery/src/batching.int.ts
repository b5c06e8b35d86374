import { randomUUID } from 'node:crypto';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// "Case lists and Guest.openCases for 100 guests cost a constant number of SQL queries": counted with the
// service's own query counter, through the _entities call the gateway makes for the arrival brief.
const clock = new ManualClock('2026-09-01T08:00:00.000Z');
let h: RecoveryHarness;
const guestIds: string[] = [];

beforeAll(async () => {
  h = await startRecovery(clock);
  for (let i = 0; i < 100; i++) guestIds.push(randomUUID());
  // Two cases per guest (one open, one resolved with compensation), written directly: the subject here is
  // reading, and 200 mutations would only slow the test down.
  await h.db(
    `INSERT INTO service_recovery.complaint_case
       (id, guest_id, channel, category, severity, reported_severity, description, department, status, opened_by,
        opened_at, acknowledge_due_at, due_at, resolved_at)
     SELECT gen_random_uuid(), g, 'PHONE', 'NOISE', 'MEDIUM', 'MEDIUM', 'Noise', 'FRONT_OFFICE', s, 'seed',
            $2::timestamptz, $2::timestamptz + interval '2 hours', $2::timestamptz + interval '1 day',
            CASE WHEN s = 'RESOLVED' THEN $2::timestamptz + interval '3 hours' END
       FROM unnest($1::uuid[]) AS g CROSS JOIN unnest(ARRAY['OPEN', 'RESOLVED']) AS s`,
    [guestIds, '2026-08-20T08:00:00Z'],
  );
  await h.db(
    `INSERT INTO service_recovery.compensation (id, case_id, kind, points, status, offered_by, offered_at)
     SELECT gen_random_uuid(), id, 'POINTS', 100, 'GRANTED', 'seed', opened_at
       FROM service_recovery.complaint_case WHERE status = 'RESOLVED'`,
  );
  await h.db(
    `INSERT INTO service_recovery.case_timeline (case_id, at, actor, kind)
     SELECT id, opened_at, 'seed', 'OPENED' FROM service_recovery.complaint_case`,
  );
});
afterAll(async () => h?.dispose());

const BRIEF = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest {
  id previousComplaint
  openCases { id status severity category dueAt }
  cases(first: 5) { edges { node { id status compensations { points } timeline { kind } repeatOf { id } survey { id } } } }
} } }`;

async function countQueries(guests: string[]) {
  h.service.runtime.queries.reset();
  const res = await h.gql<{
    _entities: { openCases: unknown[]; cases: { edges: { node: { compensations: unknown[] } }[] } }[];
  }>(BRIEF, { reps: guests.map((id) => ({ __typename: 'Guest', id })) }, ['GUEST_RELATIONS']);
  expect(res.errors).toBeUndefined();
  return { count: h.service.runtime.queries.count, data: res.data!._entities };
}

describe('batching', () => {
  it('answers the arrival brief for 100 guests in the same few queries as for 2', async () => {
    const two = await countQueries(guestIds.slice(0, 2));
    const hundred = await countQueries(guestIds);
    expect(hundred.data).toHaveLength(100);
    expect(hundred.data.every((g) => g.openCases.length === 1 && g.cases.edges.length === 2)).toBe(true);
    expect(hundred.data[0]?.cases.edges.flatMap((e) => e.node.compensations)).toEqual([{ points: 100 }]);
    expect(hundred.count).toBe(two.count);
    // openCases, cases, previousComplaint, compensations, timeline.
    expect(hundred.count).toBeLessThanOrEqual(5);
  });

  it('lists 100 cases with their compensation and timeline in a constant number of queries', async () => {
    const LIST = `query($first: Int!) { cases(first: $first, filter: { status: [RESOLVED] }) {
      pageInfo { hasNextPage } edges { node { id guest { id previousComplaint } compensations { points } timeline { kind } } } } }`;
    h.service.runtime.queries.reset();
    const small = await h.gql<{ cases: { edges: unknown[] } }>(LIST, { first: 3 });
    const smallCount = h.service.runtime.queries.count;
    h.service.runtime.queries.reset();
    const big = await h.gql<{ cases: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(LIST, { first: 100 });
    expect(small.data?.cases.edges).toHaveLength(3);
    expect(big.data?.cases.edges).toHaveLength(100);
    expect(big.data?.cases.pageInfo.hasNextPage).toBe(false);
    expect(h.service.runtime.queries.count).toBe(smallCount);
  });

  it('pages through the case list with a cursor', async () => {
    const PAGE = `query($after: String) { cases(first: 60, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    type Page = {
      cases: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
    };
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: Page | null } = await h.gql<Page>(PAGE, { after });
      ids.push(...(res.data?.cases.edges ?? []).map((e) => e.node.id));
      after = res.data?.cases.pageInfo.hasNextPage ? res.data.cases.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(4);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    const bad = await h.gql(PAGE, { after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('pages with no gap or repeat while cases are opened between pages, and refuses first above 200', async () => {
    const PAGE = `query($after: String) { cases(first: 70, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
    type Page = {
      cases: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: { id: string } }[];
      };
    };
    const before = await h.db<{ n: number }>('SELECT count(*)::int AS n FROM service_recovery.complaint_case');
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: Page | null } = await h.gql<Page>(PAGE, { after });
      const page = res.data!.cases;
      ids.push(...page.edges.map((e) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
      // A newer case opened between two pages lands before the first page: the rest neither shift nor repeat.
      await h.db(
        `INSERT INTO service_recovery.complaint_case
           (id, guest_id, channel, category, severity, reported_severity, description, department, status,
            opened_by, opened_at, acknowledge_due_at, due_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'PHONE', 'NOISE', 'LOW', 'LOW', 'Noise', 'FRONT_OFFICE',
                 'OPEN', 'seed', $1, $1, $1)`,
        [new Date(Date.parse('2026-08-21T08:00:00Z') + pages * 60_000)],
      );
    } while (after && pages < 10);
    expect(ids).toHaveLength(before[0]!.n);
    expect(new Set(ids).size).toBe(ids.length);
    const tooMany = await h.gql('{ cases(first: 201) { edges { node { id } } } }');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it("pages a guest's case history with no gap or repeat while cases are opened between pages", async () => {
    const guest = randomUUID();
    const open = (at: string) =>
      h.db(
        `INSERT INTO service_recovery.complaint_case
           (id, guest_id, channel, category, severity, reported_severity, description, department, status,
            opened_by, opened_at, acknowledge_due_at, due_at)
         VALUES (gen_random_uuid(), $1, 'PHONE', 'NOISE', 'LOW', 'LOW', 'Noise', 'FRONT_OFFICE', 'OPEN', 'seed',
                 $2, $2, $2) RETURNING id`,
        [guest, at],
      );
    const opened: string[] = [];
    for (let day = 1; day <= 5; day++)
      opened.push(((await open(`2026-07-0${day}T08:00:00Z`)) as { id: string }[])[0]!.id);
    const HISTORY = `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on Guest {
      cases(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`;
    type History = {
      _entities: {
        cases: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }[];
    };
    const seen: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: History | null } = await h.gql<History>(HISTORY, {
        reps: [{ __typename: 'Guest', id: guest }],
        after,
      });
      const page = res.data!._entities[0]!.cases;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      if (after) cursors.push(after);
      pages++;
      await open(`2026-08-0${pages}T08:00:00Z`);
    } while (after && pages < 10);
    expect(seen).toEqual([...opened].reverse());
    const foreign = await h.gql(HISTORY, { reps: [{ __typename: 'Guest', id: guestIds[0] }], after: cursors[0] });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
