import { describe, expect, it } from 'vitest';
import { followUpAfterCheckOut, followUpAfterComplaint } from './follow-up.js';

describe('follow-up calls', () => {
  it('gives a VIP a call two days after check-out, owned by guest relations', () => {
    expect(followUpAfterCheckOut({ vip: true }, '2026-03-30')).toEqual({
      reason: 'VIP_STAY',
      ownerDepartment: 'GUEST_RELATIONS',
      dueDate: '2026-04-01',
    });
  });

  it('leaves a guest who is not a VIP without a call after check-out', () => {
    expect(followUpAfterCheckOut({ vip: false }, '2026-03-30')).toBeNull();
  });

  it('calls back the day after a complaint, across a year end', () => {
    expect(followUpAfterComplaint('2026-12-31')).toEqual({
      reason: 'COMPLAINT',
      ownerDepartment: 'GUEST_RELATIONS',
      dueDate: '2027-01-01',
    });
  });
});
