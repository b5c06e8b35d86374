import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// The reports count by the hotel's days and months (Beijing time), not UTC ones: a complaint at 00:30 on
// 1 April in Beijing (16:30 UTC on 31 March) is April's. Cases open, stays check out and surveys are answered
// by the one pinned clock.
const clock = new ManualClock('2026-03-31T16:30:00.000Z');
let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const ANALYSIS = `query($from: Date!, $to: Date!) { caseAnalysis(from: $from, to: $to) { total byMonth { key count } } }`;
const SCORES = `query($from: Date!, $to: Date!) { surveyScores(from: $from, to: $to, propertyCode: "CAL01") {
  month responses } }`;

describe('reports on the hotel calendar', () => {
  it.each([
    { at: '2026-03-31T16:30:00.000Z', local: '00:30', date: '2026-04-01' },
    { at: '2026-03-31T15:30:00.000Z', local: '23:30', date: '2026-03-31' },
  ])('counts a complaint and a survey at $local in Beijing on $date', async ({ at, date }) => {
    clock.set(at);
    await h.openCase({ guestId: h.guest(), category: 'NOISE', severity: 'LOW' });
    const stay = checkedOut(h.guest(), { propertyCode: 'CAL01', departureDate: date, checkedOutAt: at });
    await h.publish(guests.stayCheckedOut, stay);
    const survey = await waitFor(
      () => h.db<{ id: string }>('SELECT id FROM service_recovery.survey WHERE stay_id = $1', [stay.stayId]),
      (r) => r.length === 1,
    );
    const submitted = await h.gql(
      'mutation($id: ID!, $input: SubmitSurveyInput!) { submitSurvey(id: $id, input: $input) { id } }',
      { id: survey[0]!.id, input: { overall: 5, room: 5, service: 5, foodAndBeverage: 5, recommend: 10 } },
    );
    expect(submitted.errors).toBeUndefined();

    const month = date.slice(0, 7);
    const day = await h.gql<{ caseAnalysis: unknown }>(ANALYSIS, { from: date, to: date }, ['ANALYST']);
    expect(day.data?.caseAnalysis).toEqual({ total: 1, byMonth: [{ key: month, count: 1 }] });
    const scores = await h.gql<{ surveyScores: unknown }>(SCORES, { from: date, to: date }, ['ANALYST']);
    expect(scores.data?.surveyScores).toEqual([{ month, responses: 1 }]);
  });
});
