import { accounts as catalogue, guests as guestEvents } from '@guest-graph/events';
import { askOrUnavailable, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import { linkGuest, unlinkGuest } from '../persistence/guest-link.repository.js';
import type { Actor } from './actor.js';
import { accountTimeline } from './timeline.js';

/**
 * Asks the guests service whether the guest exists: our own view of guests may lag a registration made a
 * moment ago. A merged duplicate resolves to the guest it was merged into.
 */
export async function existingGuest(rt: Runtime, guestId: string): Promise<string> {
  return (await existingGuests(rt, [guestId])).get(guestId)!;
}

/**
 * The same question for many guests in one request (an event's attendees): each id maps to the guest it names
 * now; the first the register does not know is `NOT_FOUND`.
 */
export async function existingGuests(rt: Runtime, guestIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(guestIds)];
  const reply = await askOrUnavailable(
    rt.bus,
    guestEvents.lookupGuests,
    { ids },
    { about: 'the guest', refusalIsUnavailable: true },
  );
  const known = new Map(reply.guests.map((g) => [g.id, g.mergedInto ?? g.id]));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown) throw notFound('Guest', unknown);
  return known;
}

/** Who travels for whom: a guest linked to the account that sends them. */
export function guestLinks(rt: Runtime) {
  return {
    /** Links the guest (or the guest they were merged into) to the account; returns the guest linked. */
    async linkGuestToAccount(guestId: string, accountId: string, by: Actor): Promise<string> {
      const linked = await existingGuest(rt, guestId);
      const now = rt.clock.now();
      await rt.bus.transact(async (tx) => {
        const changed = await linkGuest(tx, { guestId: linked, accountId, linkedAt: now, linkedBy: by.staffId });
        // Linking again to the same account changes nothing and tells nobody.
        if (changed)
          await rt.bus.emit(
            tx,
            catalogue.guestLinkedToAccount,
            { guestId: linked, accountId, linkedAt: now.toISOString() },
            { requestId: by.requestId },
          );
        if (changed) await accountTimeline(rt).noteGuestLinked(tx, linked, accountId, now);
      });
      return linked;
    },

    async unlinkGuestFromAccount(guestId: string, by: Actor): Promise<void> {
      const now = rt.clock.now();
      await rt.bus.transact(async (tx) => {
        if (await unlinkGuest(tx, guestId))
          await rt.bus.emit(
            tx,
            catalogue.guestLinkedToAccount,
            { guestId, accountId: null, linkedAt: now.toISOString() },
            { requestId: by.requestId },
          );
      });
    },
  };
}
