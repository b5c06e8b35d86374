import { guests as events } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';

/**
 * `guests.lookup`: other services ask whether guests exist before attaching something to them (their own
 * projection may lag a registration by a moment). Unknown ids are simply absent from the answer.
 */
export function answerGuestLookups(rt: Runtime) {
  rt.bus.respond(events.lookupGuests, async ({ ids, stayIds }) => {
    const stays: { id: string; guestId: string }[] = stayIds?.length
      ? await rt.dataSource.query('SELECT id, guest_id AS "guestId" FROM guests.stay WHERE id = ANY($1::uuid[])', [
          stayIds,
        ])
      : [];
    const rows: { id: string; full_name: string; vip: boolean; segment: string | null; merged_into: string | null }[] =
      await rt.dataSource.query(
        'SELECT id, full_name, vip, segment, merged_into FROM guests.guest WHERE id = ANY($1::uuid[])',
        [ids],
      );
    return {
      guests: rows.map((r) => ({
        id: r.id,
        fullName: r.full_name,
        vip: r.vip,
        segment: r.segment,
        mergedInto: r.merged_into,
      })),
      ...(stayIds ? { stays } : {}),
    };
  });
}
