import { accounts, type EventData, guests as events } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { mayServe } from '../domain/consent.js';
import { guestLine } from '../domain/timeline.js';
import { liveGuestLocked, markEventNoteApplied } from '../persistence/event-note.repository.js';
import { latestConsent } from '../persistence/guest.repository.js';
import type { GuestsDeps } from './deps.js';
import { setPreference } from './preferences.js';
import { recordTimelineEntry } from './timeline.js';

/**
 * A hotel event's service notes (seed 000 §3.1(3): the meeting room's temperature, the layout, the tea) become the
 * preferences of the guests they are about, the way an observation is recorded: not for a guest who withdrew
 * consent to personalisation (PIPL Art. 15), nor for an erased one. Each (note, guest) pair is handled once, by
 * its key, whatever the bus redelivers or replays; a merged duplicate's pair lands on the guest it became.
 */
export async function recordEventNotes(
  deps: GuestsDeps,
  tx: EntityManager,
  shared: EventData<typeof accounts.hotelEventNotesShared>,
  requestId: string | undefined,
): Promise<void> {
  const now = deps.rt.clock.now();
  for (const note of shared.notes)
    for (const named of note.guestIds) {
      const guestId = await liveGuestLocked(tx, named);
      const consented =
        guestId !== null && mayServe('PERSONALISATION', await latestConsent(tx, guestId, 'PERSONALISATION', null));
      const outcome = guestId === null ? 'NO_GUEST' : consented ? 'RECORDED' : 'NO_CONSENT';
      const fresh = await markEventNoteApplied(
        tx,
        { noteId: note.noteId, guestId: guestId ?? named, eventId: shared.eventId, outcome },
        now,
      );
      if (!fresh || outcome !== 'RECORDED' || guestId === null) continue;
      const pref = await setPreference(
        tx,
        guestId,
        { category: note.category, value: note.value, note: `${shared.eventName} (${shared.startsOn})` },
        // The meeting staff's note reaches the profile through sales, who booked the event.
        { sub: note.recordedBy, name: note.recordedBy, department: 'SALES' },
        'STAFF',
        now,
      );
      await deps.rt.bus.emit(
        tx,
        events.guestUpdated,
        { guestId, changedFields: [`preferences.${pref.category}`], updatedAt: now.toISOString() },
        { requestId },
      );
      await recordTimelineEntry(tx, {
        guestId,
        at: now,
        key: `guests:event-note:${note.noteId}:${guestId}`,
        ...guestLine.preference(pref.category),
      });
    }
}
