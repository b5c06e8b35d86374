import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// Opinion forms and in-stay feedback (seed 000 §3.1(2), seed 001): logged by whoever heard it; a complaint or a
// low score while the guest is in house opens a case at once. Guests is played by a second bus.
let h: RecoveryHarness;
const clock = new ManualClock('2026-03-10T08:00:00.000Z');
beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const LOG = `mutation($input: GuestFeedbackInput!) { logGuestFeedback(input: $input) {
  id guestId stayId kind score department inHouse loggedBy case { id status severity category channel } } }`;
type Logged = {
  logGuestFeedback: {
    kind: string;
    department: string;
    inHouse: boolean;
    case: { id: string; status: string; severity: string; category: string; channel: string } | null;
  };
};
const inHouseStay = (guestId: string) => {
  const stayId = randomUUID();
  h.knowStay(stayId, guestId);
  return stayId;
};

describe('guest feedback', () => {
  it('opens a case for a low in-stay score, filed under the department that heard it', async () => {
    const guestId = h.guest();
    const stayId = inHouseStay(guestId);
    const res = await h.gql<Logged>(
      LOG,
      { input: { guestId, stayId, kind: 'COMMENT', score: 1, category: 'NOISE', text: 'Could not sleep' } },
      ['HOUSEKEEPING'],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.logGuestFeedback).toMatchObject({
      kind: 'COMMENT',
      department: 'HOUSEKEEPING',
      inHouse: true,
      case: { status: 'OPEN', severity: 'HIGH', category: 'NOISE', channel: 'FRONT_DESK' },
    });
    const opened = (await h.events('case.opened')).find((e) => e.caseId === res.data!.logGuestFeedback.case!.id);
    expect(opened).toMatchObject({ guestId, stayId });
  });

  it('opens a case for a complaint in house; praise, a good score, or a guest who left open none', async () => {
    const guestId = h.guest();
    const stayId = inHouseStay(guestId);
    const complaint = await h.gql<Logged>(
      LOG,
      { input: { guestId, stayId, kind: 'COMPLAINT', text: 'Tea was cold' } },
      ['FOOD_AND_BEVERAGE'],
    );
    expect(complaint.data!.logGuestFeedback.case).toMatchObject({ severity: 'MEDIUM', category: 'OTHER' });
    const praise = await h.gql<Logged>(LOG, { input: { guestId, stayId, kind: 'PRAISE', score: 5, text: 'Lovely' } }, [
      'FRONT_OFFICE',
    ]);
    expect(praise.data!.logGuestFeedback).toMatchObject({ case: null, department: 'FRONT_OFFICE', inHouse: true });
    // After check-out a complaint is recorded but opens nothing: the survey and the follow-up call take over.
    const left = checkedOut(guestId);
    await h.publish(guests.stayCheckedOut, left);
    const late = await h.gql<Logged>(
      LOG,
      { input: { guestId, stayId: left.stayId, kind: 'COMPLAINT', score: 1, text: 'Bill was wrong' } },
      ['FRONT_OFFICE'],
    );
    expect(late.data!.logGuestFeedback).toMatchObject({ case: null, inHouse: false });
    const rows = await h.db<{ n: number }>(
      'SELECT count(*)::int AS n FROM service_recovery.guest_feedback WHERE guest_id = $1',
      [guestId],
    );
    expect(rows[0]!.n).toBe(3);
  });

  it('refuses bad input with the field at fault, an unknown guest with NOT_FOUND, and ANALYST', async () => {
    const guestId = h.guest();
    const score = await h.gql(LOG, { input: { guestId, kind: 'COMMENT', score: 9, text: 'x' } });
    expect(score.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.score' });
    const blank = await h.gql(LOG, { input: { guestId, kind: 'COMMENT', text: '  ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.text' });
    const unknown = await h.gql(LOG, { input: { guestId: randomUUID(), kind: 'COMPLAINT', text: 'x' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const analyst = await h.gql(LOG, { input: { guestId, kind: 'COMMENT', text: 'x' } }, ['ANALYST']);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rows = await h.db('SELECT 1 FROM service_recovery.guest_feedback WHERE guest_id = $1', [guestId]);
    expect(rows).toHaveLength(0);
  });
});
