import { arrivingToday } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// Seed 001: ask during the stay. Housekeeping hears a guest in house complain; the opinion form opens a case at
// once, and the desk sees it on the guest; the same words after check-out are kept without a case.
describe('in-stay feedback', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const LOG = `mutation($input: GuestFeedbackInput!) { logGuestFeedback(input: $input) {
    inHouse department case { id severity status } } }`;
  type Logged = {
    logGuestFeedback: { inHouse: boolean; department: string; case: { id: string; severity: string } | null };
  };

  it('opens a case from a low score while the guest is in house, and none once they have left', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const guestId = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('赵敏') },
      }),
    ).registerGuest.id;
    const stayId = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(2),
          nightlyRate: '588.00',
          paymentMethod: 'CARD',
        },
      }),
    ).checkIn.id;
    const logged = ok(
      await graph.as('HOUSEKEEPING')<Logged>(LOG, {
        input: { guestId, stayId, kind: 'COMMENT', score: 2, category: 'ROOM_CLEANLINESS', text: 'Bathroom not clean' },
      }),
    ).logGuestFeedback;
    expect(logged).toMatchObject({ inHouse: true, department: 'HOUSEKEEPING', case: { severity: 'MEDIUM' } });
    const brief = ok(
      await desk<{ guest: { openCases: { id: string; category: string }[] } }>(
        'query($id: ID!) { guest(id: $id) { openCases { id category } } }',
        { id: guestId },
      ),
    );
    expect(brief.guest.openCases).toEqual([{ id: logged.case!.id, category: 'ROOM_CLEANLINESS' }]);

    ok(await desk(contract.CheckOut, { stayId, charges: [] }));
    const after = ok(
      await graph.as('FRONT_OFFICE')<Logged>(LOG, {
        input: { guestId, stayId, kind: 'COMPLAINT', score: 1, text: 'Still unhappy' },
      }),
    ).logGuestFeedback;
    expect(after).toMatchObject({ inHouse: false, case: null });
  });
});
