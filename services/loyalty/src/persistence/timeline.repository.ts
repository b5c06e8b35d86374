import type { DataSource } from 'typeorm';

/** Enrolments and ledger entries as timeline facts, in key order after `after` (the backfill's pages). */
export const timelineHistory = (
  db: DataSource,
  after: string | null,
  limit: number,
): Promise<{ guestId: string; key: string; kind: string; type: string | null; points: string | null; at: Date }[]> =>
  db.query(
    `SELECT * FROM (
       SELECT enrolled_guest_id AS "guestId", 'loyalty:enrolled:' || id AS key, 'MEMBER_ENROLLED' AS kind,
              NULL::text AS type, NULL::bigint AS points, enrolled_at AS at
         FROM loyalty.membership
       UNION ALL
       SELECT m.guest_id, 'loyalty:ledger:' || e.id, 'POINTS', e.type, e.points, e.occurred_at
         FROM loyalty.ledger_entry e JOIN loyalty.membership m ON m.id = e.membership_id
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );
