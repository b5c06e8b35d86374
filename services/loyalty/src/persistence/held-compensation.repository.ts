import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export interface HeldCompensation {
  idempotency_key: string;
  case_id: string;
  points: number;
  category: string;
  event_id: string;
  resolved_at: Date;
}

/** Holds a case's points for a guest who is not a member yet; holding the same resolution twice changes nothing. */
export async function holdCompensation(
  db: Db,
  h: {
    key: string;
    caseId: string;
    resolutionId: string | null;
    guestId: string;
    points: number;
    category: string;
    eventId: string;
    resolvedAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO loyalty.held_compensation
       (idempotency_key, case_id, resolution_id, guest_id, points, category, event_id, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING`,
    [h.key, h.caseId, h.resolutionId, h.guestId, h.points, h.category, h.eventId, h.resolvedAt],
  );
}

/** What is held for a guest and not booked yet, oldest first, locked until the transaction ends. */
export function lockHeldFor(db: Db, guestId: string): Promise<HeldCompensation[]> {
  return db.query(
    `SELECT idempotency_key, case_id, points, category, event_id, resolved_at FROM loyalty.held_compensation
      WHERE guest_id = $1 AND booked_at IS NULL ORDER BY resolved_at, idempotency_key FOR UPDATE`,
    [guestId],
  );
}

export async function markHeldBooked(db: Db, keys: string[], at: Date): Promise<void> {
  await db.query(`UPDATE loyalty.held_compensation SET booked_at = $2 WHERE idempotency_key = ANY($1::text[])`, [
    keys,
    at,
  ]);
}
