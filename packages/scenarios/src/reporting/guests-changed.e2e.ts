import type { Role } from '@guest-graph/auth';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// A nightly BI pull copies only the guests that changed since its last run (issue 17): pseudonymous rows for
// ANALYST, with consents as yes/no per channel and the member tier; a merged profile comes back as a tombstone.
const PULL = `query GuestsChanged($since: DateTime, $first: Int, $after: String) {
  guestsChanged(changedSince: $since, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { guestId tombstone mergedInto changedAt
      guest { id segment value { valueTier lifecycleStage } membership { tier } marketingConsent { channel granted } } } }
  } }`;
type Change = {
  guestId: string;
  tombstone: boolean;
  mergedInto: string | null;
  changedAt: string;
  guest: {
    segment: string | null;
    value: { valueTier: string | null; lifecycleStage: string };
    membership: { tier: string } | null;
    marketingConsent: { channel: string; granted: boolean }[];
  };
};
type Pull = { guestsChanged: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Change }[] } };

describe('guests changed since', () => {
  let graph: Graph;
  const ids: string[] = [];
  const pull = async (since: string | null, roles: Role[] = ['ANALYST']) => {
    const seen: Change[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Pull = ok(await graph.as(...roles)<Pull>(PULL, { since, first: 2, after }));
      seen.push(...page.guestsChanged.edges.map((e) => e.node));
      if (!page.guestsChanged.pageInfo.hasNextPage) return seen;
      after = page.guestsChanged.pageInfo.endCursor;
    }
  };
  const latest = (changes: Change[]) =>
    new Date(Math.max(...changes.map((c) => Date.parse(c.changedAt))) + 1).toISOString();

  beforeAll(async () => {
    graph = await startGraph();
    for (let i = 0; i < 5; i++)
      ids.push(
        ok(
          await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
            input: { fullName: uniqueName('孙丽'), segment: 'BUSINESS' },
          }),
        ).registerGuest.id,
      );
    ok(await graph.as('FRONT_OFFICE')(contract.EnrollMember, { guestId: ids[0] }));
    // The enrolment reaches guests' copy of the member tier by event, and moves the guest when it lands.
    await waitFor(
      () =>
        sql(graph.services.guests!.databaseUrl, 'SELECT 1 FROM guests.guest_member_tier WHERE guest_id = $1', [ids[0]]),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
  }, 120_000);
  afterAll(async () => graph?.stop());

  it('gives ANALYST every guest, pseudonymous, in pages, with no FORBIDDEN field', async () => {
    const all = await pull(null);
    expect(all.map((c) => c.guestId).sort()).toEqual([...ids].sort());
    const member = all.find((c) => c.guestId === ids[0])!;
    expect(member).toMatchObject({ tombstone: false, mergedInto: null, guest: { segment: 'BUSINESS' } });
    expect(member.guest.membership).toEqual({ tier: 'MEMBER' });
    const refused = await graph.as('FRONT_OFFICE')(PULL, {});
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('pulls only what changed since: a consent answer, and a merge as a tombstone', async () => {
    const since = latest(await pull(null));
    expect(await pull(since)).toEqual([]);
    ok(
      await graph.as('GUEST_RELATIONS')(
        `mutation($g: ID!) { setMarketingConsent(guestId: $g, input: { channel: EMAIL, granted: true, source: "desk" }) { id } }`,
        { g: ids[1] },
      ),
    );
    const consent = await pull(since);
    expect(consent.map((c) => c.guestId)).toEqual([ids[1]]);
    expect(consent[0]!.guest.marketingConsent).toContainEqual({ channel: 'EMAIL', granted: true });

    const afterConsent = latest(consent);
    ok(
      await graph.as('MANAGER')(
        'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
        { s: ids[2], d: ids[3] },
      ),
    );
    const merged = await pull(afterConsent);
    expect(merged.find((c) => c.guestId === ids[3])).toMatchObject({ tombstone: true, mergedInto: ids[2] });
    expect(merged.map((c) => c.guestId)).not.toContain(ids[4]);
  });
});
