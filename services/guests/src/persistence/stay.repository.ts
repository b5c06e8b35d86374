import type { DataSource, EntityManager } from 'typeorm';
import { firstOverlapping, type Overlap } from './overlap.repository.js';
import { StayChargeEntity, StayEntity } from './stay.entity.js';

type Db = EntityManager;
type Reader = DataSource | EntityManager;

export const insertStay = (tx: Db, stay: StayEntity) => tx.insert(StayEntity, stay);

/** Reads a stay under its row lock: a second, concurrent check-out waits, then reads CHECKED_OUT. */
export const lockStay = (tx: Db, id: string) =>
  tx.findOne(StayEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });

export const insertCharges = (tx: Db, charges: StayChargeEntity[]) => tx.insert(StayChargeEntity, charges);

/** True when this call moved the stay out of the house (false: someone else checked it out first). */
export async function markCheckedOut(
  tx: Db,
  id: string,
  change: {
    totalSpend: string;
    checkedOutBy: string;
    checkedOutAt: Date;
    directBilled: string | null;
    restPaidBy: string | null;
    restPaid: string | null;
  },
): Promise<boolean> {
  const done = await tx.query(
    `UPDATE guests.stay SET status = 'CHECKED_OUT', total_spend = $2, checked_out_by = $3, checked_out_at = $4,
            direct_billed = $5, rest_paid_by = $6, rest_paid = $7
      WHERE id = $1 AND status = 'IN_HOUSE'`,
    [
      id,
      change.totalSpend,
      change.checkedOutBy,
      change.checkedOutAt,
      change.directBilled,
      change.restPaidBy,
      change.restPaid,
    ],
  );
  return done[1] === 1;
}

/** Stays by id with their guest, for other services' lookups. */
export const stayOwners = (
  db: Reader,
  ids: readonly string[],
): Promise<{ id: string; guestId: string; inHouse: boolean }[]> =>
  db.query(
    `SELECT id, guest_id AS "guestId", status = 'IN_HOUSE' AS "inHouse" FROM guests.stay WHERE id = ANY($1::uuid[])`,
    [ids],
  );

/** Reads a stay without locking it (the check-out's question to credit is asked before the transaction). */
export const stayById = (db: Reader, id: string) => db.getRepository(StayEntity).findOneBy({ id });

/**
 * A stay of the guest in house sharing a night with [from, to): one guest is not in two rooms at once. A
 * checked-out stay never blocks (the guest left; history keyed in later may repeat its dates).
 */
export const overlappingStay = (db: Reader, guestId: string, from: string, to: string): Promise<Overlap | null> =>
  firstOverlapping(db, 'stay', guestId, from, to);
