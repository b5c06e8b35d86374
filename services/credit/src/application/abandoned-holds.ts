import { changedRows } from '@guest-graph/db';
import type { Credit } from './index.js';

/** How long an authorisation may wait for its check-in event before it counts as abandoned. */
export const DEFAULT_CONFIRMATION_WINDOW_MS = 30 * 60_000;

/**
 * Releases holds whose check-in never happened (the desk asked, then the check-in failed or was abandoned),
 * so they stop eating the account's headroom. Safe to run twice: it only touches unconfirmed HELD rows. Should
 * the check-in event come after all (NATS was down), the check-in consumer holds the stay again.
 */
export async function releaseAbandonedHolds(rt: Credit, windowMs = DEFAULT_CONFIRMATION_WINDOW_MS) {
  const before = new Date(rt.clock.now().getTime() - windowMs);
  const released = await changedRows<{ stay_id: string }>(
    rt.dataSource,
    `UPDATE credit.authorization SET status = 'RELEASED', released_at = $2, release_reason = 'ABANDONED'
      WHERE status = 'HELD' AND confirmed_at IS NULL AND authorized_at < $1 RETURNING stay_id`,
    [before, rt.clock.now()],
  );
  return released.map((r) => r.stay_id);
}
