import { serviceRecovery } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { FollowUpWriter } from '../persistence/follow-up.js';

/**
 * What the guests service does with other services' events. A complaint opened for a guest leaves a
 * follow-up call (回访) for guest relations; the inbox and unique(case_id) make it happen once.
 */
export async function startConsumers(rt: Runtime) {
  await rt.bus.consume(serviceRecovery.caseOpened, {
    name: 'complaint-follow-up',
    handler: async (tx, event) => {
      const live: { id: string }[] = await tx.query(
        `WITH RECURSIVE chain AS (
           SELECT id, merged_into, 0 AS hops FROM guests.guest WHERE id = $1
           UNION ALL SELECT g.id, g.merged_into, c.hops + 1 FROM guests.guest g JOIN chain c ON g.id = c.merged_into
            WHERE c.hops < 5)
         SELECT id FROM chain WHERE merged_into IS NULL`,
        [event.data.guestId],
      );
      if (!live[0]) return;
      await new FollowUpWriter(tx, rt.clock).afterComplaint(
        event.data.caseId,
        live[0].id,
        new Date(event.data.openedAt),
      );
    },
  });
}
