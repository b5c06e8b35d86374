import { describe, expect, it } from 'vitest';
import {
  canMoveEvent,
  countsInProduction,
  createEventInput,
  guestsReached,
  preferenceCategoryOf,
} from './hotel-event.js';

describe('hotel events', () => {
  const attendees = [
    { guestId: 'chair', vip: true },
    { guestId: 'delegate', vip: false },
  ];

  it('reaches the planner and every attendee, the VIPs only, or the planner only', () => {
    expect(guestsReached('EVERYONE', 'planner', attendees)).toEqual(['planner', 'chair', 'delegate']);
    expect(guestsReached('VIPS', 'planner', attendees)).toEqual(['chair']);
    expect(guestsReached('PLANNER', 'planner', attendees)).toEqual(['planner']);
    expect(guestsReached('PLANNER', null, attendees)).toEqual([]);
    // A planner who also attends is reached once.
    expect(guestsReached('EVERYONE', 'chair', attendees)).toEqual(['chair', 'delegate']);
  });

  it('turns temperature, layout, tea and food into preferences and keeps the rest with the event', () => {
    expect(preferenceCategoryOf('TEMPERATURE')).toBe('ROOM_TEMPERATURE');
    expect(preferenceCategoryOf('LAYOUT')).toBe('MEETING_SETUP');
    expect(preferenceCategoryOf('TEA_BREAK')).toBe('TEA_COFFEE');
    expect(preferenceCategoryOf('FOOD_AND_DRINK')).toBe('DIET');
    expect(preferenceCategoryOf('AUDIO_VISUAL')).toBeNull();
    expect(preferenceCategoryOf('ROSTRUM')).toBeNull();
  });

  it('moves forward only, and counts confirmed or held revenue', () => {
    expect(canMoveEvent('TENTATIVE', 'CONFIRMED')).toBe(true);
    expect(canMoveEvent('CONFIRMED', 'HELD')).toBe(true);
    expect(canMoveEvent('CONFIRMED', 'TENTATIVE')).toBe(false);
    expect(canMoveEvent('HELD', 'CANCELLED')).toBe(false);
    expect(canMoveEvent('CANCELLED', 'CONFIRMED')).toBe(false);
    expect(['TENTATIVE', 'CONFIRMED', 'HELD', 'CANCELLED'].filter((s) => countsInProduction(s as never))).toEqual([
      'CONFIRMED',
      'HELD',
    ]);
  });

  it('refuses an event that ends before it starts, naming endsOn', () => {
    const r = createEventInput.safeParse({
      accountId: '00000000-0000-4000-8000-000000000001',
      name: 'Summit',
      startsOn: '2026-05-02',
      endsOn: '2026-05-01',
      functionRooms: ['A'],
      layout: 'THEATRE',
      headcount: 10,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['endsOn']);
  });
});
