import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, RESOLVE_CASE, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// Post-stay surveys from stay.checked-out, their answers and the case a low answer opens; the survey
// report; and a guest merge moving cases across.
const clock = new ManualClock('2026-03-05T10:00:00.000Z');
let h: RecoveryHarness;

beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const SURVEY = `query($stayId: ID!) { surveyForStay(stayId: $stayId) {
  id stayId propertyCode departureDate submittedAt overall recommend guest { id } case { id channel category severity stayId status }
} }`;
type SurveyView = {
  id: string;
  stayId: string;
  submittedAt: string | null;
  case: { id: string; channel: string; category: string; severity: string; stayId: string; status: string } | null;
};
const SUBMIT = `mutation($id: ID!, $input: SubmitSurveyInput!) { submitSurvey(id: $id, input: $input) {
  id submittedAt case { id channel category severity } } }`;
const good = { overall: 5, room: 4, service: 5, foodAndBeverage: 4, recommend: 9 };

async function surveyFor(stayId: string) {
  const s = await waitFor(
    async () => (await h.gql<{ surveyForStay: SurveyView | null }>(SURVEY, { stayId })).data?.surveyForStay,
    (v) => Boolean(v),
  );
  return s!;
}

describe('post-stay surveys', () => {
  it('issues one survey per stay, even when stay.checked-out comes twice', async () => {
    const guestId = h.guest();
    const stay = checkedOut(guestId);
    const eventId = randomUUID();
    await h.publish(guests.stayCheckedOut, stay, eventId);
    // The same event again past JetStream's dedup (the inbox drops it), then a replay under a new event id
    // (the unique stay_id drops it).
    await h.publish(guests.stayCheckedOut, stay, eventId, randomUUID());
    await h.publish(guests.stayCheckedOut, stay, randomUUID());
    const s = await surveyFor(stay.stayId);
    expect(s.stayId).toBe(stay.stayId);
    // Events are handled in order: once the replay is in the inbox, all three have been seen.
    await waitFor(
      () => h.db<{ c: number }>('SELECT count(*)::int AS c FROM service_recovery.inbox'),
      (r) => (r[0]?.c ?? 0) >= 2,
    );
    const rows = await h.db('SELECT id FROM service_recovery.survey WHERE stay_id = $1', [stay.stayId]);
    expect(rows).toHaveLength(1);
  });

  it('sends no survey to a guest who withdrew consent to surveys', async () => {
    const withdrew = checkedOut(h.guest(), { surveys: false });
    const asked = checkedOut(h.guest(), { surveys: true });
    await h.publish(guests.stayCheckedOut, withdrew, randomUUID());
    await h.publish(guests.stayCheckedOut, asked, randomUUID());
    await surveyFor(asked.stayId);
    const stays = await h.db(
      'SELECT stay_id FROM service_recovery.stay WHERE stay_id = $1 AND checked_out_at IS NOT NULL',
      [withdrew.stayId],
    );
    expect(stays).toHaveLength(1);
    expect(await h.db('SELECT id FROM service_recovery.survey WHERE stay_id = $1', [withdrew.stayId])).toHaveLength(0);
  });

  it('takes a burst of check-outs many to a transaction: one stay row and one survey each', async () => {
    const stays = Array.from({ length: 120 }, () => checkedOut(h.guest()));
    await Promise.all(stays.map((s) => h.publish(guests.stayCheckedOut, s, randomUUID())));
    // Two of them published again under new event ids (replays): still one survey each.
    for (const s of stays.slice(0, 2)) await h.publish(guests.stayCheckedOut, s, randomUUID());
    const ids = stays.map((s) => s.stayId);
    await waitFor(
      () =>
        h.db<{ c: number }>('SELECT count(*)::int AS c FROM service_recovery.survey WHERE stay_id = ANY($1)', [ids]),
      (r) => r[0]?.c === 120,
    );
    const rows = await h.db<{ surveys: number; stays: number }>(
      `SELECT (SELECT count(*)::int FROM service_recovery.survey WHERE stay_id = ANY($1)) AS surveys,
              (SELECT count(*)::int FROM service_recovery.stay WHERE stay_id = ANY($1) AND checked_out_at IS NOT NULL) AS stays`,
      [ids],
    );
    expect(rows[0]).toEqual({ surveys: 120, stays: 120 });
  });

  it('records good answers without opening a case, and refuses a second submission', async () => {
    const stay = checkedOut(h.guest());
    await h.publish(guests.stayCheckedOut, stay);
    const s = await surveyFor(stay.stayId);
    const res = await h.gql<{ submitSurvey: { submittedAt: string; case: null } }>(SUBMIT, { id: s.id, input: good }, [
      'FRONT_OFFICE',
    ]);
    expect(res.data?.submitSurvey).toMatchObject({ submittedAt: '2026-03-05T10:00:00.000Z', case: null });
    const again = await h.gql(SUBMIT, { id: s.id, input: good });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('classes the guest satisfied, average or dissatisfied from their answered surveys (seed 003)', async () => {
    const guestId = h.guest();
    const SATISFACTION = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest { satisfaction } } }`;
    const satisfaction = async () =>
      (
        await h.gql<{ _entities: { satisfaction: string | null }[] }>(
          SATISFACTION,
          { reps: [{ __typename: 'Guest', id: guestId }] },
          ['FRONT_OFFICE'],
        )
      ).data?._entities[0]?.satisfaction;
    expect(await satisfaction()).toBeNull();
    const first = checkedOut(guestId);
    await h.publish(guests.stayCheckedOut, first);
    await h.gql(SUBMIT, { id: (await surveyFor(first.stayId)).id, input: good });
    expect(await satisfaction()).toBe('SATISFIED');
    const second = checkedOut(guestId);
    await h.publish(guests.stayCheckedOut, second);
    await h.gql(SUBMIT, { id: (await surveyFor(second.stayId)).id, input: { ...good, overall: 1, recommend: 2 } });
    // Mean 3: average.
    expect(await satisfaction()).toBe('AVERAGE');
  });

  it('refuses answers out of range with BAD_USER_INPUT naming the question, and keeps it unanswered', async () => {
    const stay = checkedOut(h.guest());
    await h.publish(guests.stayCheckedOut, stay);
    const s = await surveyFor(stay.stayId);
    for (const [input, field] of [
      [{ ...good, room: 0 }, 'input.room'],
      [{ ...good, foodAndBeverage: 6 }, 'input.foodAndBeverage'],
      [{ ...good, recommend: 11 }, 'input.recommend'],
      [{ ...good, recommend: -1 }, 'input.recommend'],
    ] as const) {
      const res = await h.gql(SUBMIT, { id: s.id, input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await surveyFor(stay.stayId)).submittedAt).toBeNull();
  });

  it('opens a SURVEY case linked to the stay for a low answer', async () => {
    const guestId = h.guest();
    const stay = checkedOut(guestId);
    await h.publish(guests.stayCheckedOut, stay);
    const s = await surveyFor(stay.stayId);
    const res = await h.gql<{
      submitSurvey: { case: { id: string; channel: string; category: string; severity: string } };
    }>(SUBMIT, { id: s.id, input: { ...good, foodAndBeverage: 1, comment: 'Cold breakfast' } });
    expect(res.data?.submitSurvey.case).toMatchObject({
      channel: 'SURVEY',
      category: 'FOOD_AND_BEVERAGE',
      severity: 'HIGH',
    });
    const v = await surveyFor(stay.stayId);
    expect(v.case).toMatchObject({ stayId: stay.stayId, status: 'OPEN' });
    const opened = (await h.events('case.opened')).find((e) => e.caseId === v.case?.id);
    expect(opened).toMatchObject({ guestId, channel: 'SURVEY', stayId: stay.stayId, department: 'FOOD_AND_BEVERAGE' });
  });

  it('treats a recommend of 6 as low', async () => {
    const stay = checkedOut(h.guest());
    await h.publish(guests.stayCheckedOut, stay);
    const s = await surveyFor(stay.stayId);
    const res = await h.gql<{ submitSurvey: { case: { channel: string } | null } }>(SUBMIT, {
      id: s.id,
      input: { ...good, recommend: 6 },
    });
    expect(res.data?.submitSurvey.case?.channel).toBe('SURVEY');
  });

  it('reports CSAT per question and NPS by property and month', async () => {
    const answers = [
      { ...good, overall: 5, recommend: 10 },
      { ...good, overall: 4, recommend: 9 },
      { ...good, overall: 2, recommend: 3 },
      { ...good, overall: 3, recommend: 8, foodAndBeverage: null },
    ];
    clock.set('2026-08-10T10:00:00.000Z');
    for (const a of answers) {
      const stay = checkedOut(h.guest(), { propertyCode: 'BJS02' });
      await h.publish(guests.stayCheckedOut, stay);
      const s = await surveyFor(stay.stayId);
      await h.gql(SUBMIT, { id: s.id, input: a });
    }
    const res = await h.gql<{ surveyScores: Record<string, unknown>[] }>(
      `{ surveyScores(from: "2026-08-01", to: "2026-08-31", propertyCode: "BJS02") {
         propertyCode month responses csatOverall csatRoom csatFoodAndBeverage nps } }`,
      {},
      ['ANALYST'],
    );
    expect(res.data?.surveyScores).toEqual([
      {
        propertyCode: 'BJS02',
        month: '2026-08',
        responses: 4,
        csatOverall: 50,
        csatRoom: 100,
        csatFoodAndBeverage: 100,
        nps: 25,
      },
    ]);
    const refused = await h.gql('{ surveyScores(from: "2026-08-01", to: "2026-08-31") { nps } }', {}, ['FRONT_OFFICE']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('guest merges', () => {
  it("moves the duplicate's cases and surveys to the survivor, and an unmerge moves them back", async () => {
    const survivor = h.guest();
    const duplicate = h.guest();
    const c = await h.openCase({ guestId: duplicate });
    await h.gql(RESOLVE_CASE, { id: c.id, input: { resolution: 'Fixed' } });
    const mine = await h.openCase({ guestId: survivor, category: 'BILLING' });
    const stay = checkedOut(duplicate);
    await h.publish(guests.stayCheckedOut, stay);
    await surveyFor(stay.stayId);
    const mergeId = randomUUID();
    await h.publish(guests.guestMerged, {
      mergeId,
      survivorId: survivor,
      duplicateId: duplicate,
      mergedAt: clock.now().toISOString(),
    });
    const CASES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest {
      cases { edges { node { id } } } } } }`;
    const casesOf = async (id: string) =>
      (
        await h.gql<{ _entities: { cases: { edges: { node: { id: string } }[] } }[] }>(CASES, {
          reps: [{ __typename: 'Guest', id }],
        })
      ).data?._entities[0]?.cases.edges.map((e) => e.node.id) ?? [];
    await waitFor(
      () => casesOf(survivor),
      (ids) => ids.length === 2,
    );
    expect(await casesOf(duplicate)).toEqual([]);
    const [survey] = await h.db<{ guest_id: string }>(
      'SELECT guest_id FROM service_recovery.survey WHERE stay_id = $1',
      [stay.stayId],
    );
    expect(survey?.guest_id).toBe(survivor);

    await h.publish(guests.guestUnmerged, {
      mergeId,
      survivorId: survivor,
      duplicateId: duplicate,
      unmergedAt: clock.now().toISOString(),
    });
    await waitFor(
      () => casesOf(duplicate),
      (ids) => ids.length === 1,
    );
    expect(await casesOf(duplicate)).toEqual([c.id]);
    expect(await casesOf(survivor)).toEqual([mine.id]);
  });
});
