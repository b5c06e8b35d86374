import { changedRows, type Queryable } from '@guest-graph/db';

/**
 * Holds the stay's amount from check-in on: a hold the desk asked for is confirmed; one never asked for (or
 * released as abandoned) is held now. A hold already released at check-out stays released.
 */
export async function confirmHold(
  tx: Queryable,
  h: { accountId: string; stayId: string; guestId: string; amount: string; at: Date },
) {
  await tx.query(
    `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, authorized_at, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (stay_id) DO UPDATE SET confirmed_at = EXCLUDED.confirmed_at, status = 'HELD',
            released_at = NULL, release_reason = NULL
      WHERE credit.authorization.status = 'HELD' OR credit.authorization.release_reason = 'ABANDONED'`,
    [h.accountId, h.stayId, h.guestId, h.amount, h.at],
  );
}

/** Releases the holds of stays checked out, in one statement; returns the stays that had one. */
export function releaseAtCheckOut(
  tx: Queryable,
  stays: readonly { stayId: string; at: Date }[],
): Promise<{ stay_id: string; account_id: string }[]> {
  return changedRows<{ stay_id: string; account_id: string }>(
    tx,
    `UPDATE credit.authorization a SET status = 'RELEASED', released_at = v.at, release_reason = 'CHECKED_OUT'
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(stay_id, at)
      WHERE a.stay_id = v.stay_id RETURNING a.stay_id, a.account_id`,
    [stays.map((s) => s.stayId), stays.map((s) => s.at)],
  );
}

/** Released rows for stays checked out before their check-in arrived, so that check-in holds nothing. */
export async function recordReleasedAtCheckOut(
  tx: Queryable,
  stays: readonly { accountId: string; stayId: string; guestId: string; at: Date }[],
) {
  await tx.query(
    `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, status, authorized_at, released_at, release_reason)
     SELECT a, s, g, 0, 'RELEASED', t, t, 'CHECKED_OUT' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS v(a, s, g, t)
     ON CONFLICT (stay_id) DO NOTHING`,
    [stays.map((s) => s.accountId), stays.map((s) => s.stayId), stays.map((s) => s.guestId), stays.map((s) => s.at)],
  );
}

/** The authorisation of a stay, if the desk asked for one. */
export async function authorizationOfStay(tx: Queryable, stayId: string) {
  const [existing] = await tx.query(
    'SELECT id, account_id, amount::text AS amount, status, release_reason FROM credit.authorization WHERE stay_id = $1',
    [stayId],
  );
  return (existing ?? null) as {
    id: string;
    account_id: string;
    amount: string;
    status: string;
    release_reason: string | null;
  } | null;
}

/** Holds a stay's amount on an account; a stay re-authorised against another account moves its hold there. */
export async function holdForStay(
  tx: Queryable,
  h: { accountId: string; stayId: string; guestId: string; amount: string; at: Date },
): Promise<string> {
  const [held] = await tx.query(
    `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, authorized_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (stay_id) DO UPDATE SET account_id = EXCLUDED.account_id, amount = EXCLUDED.amount,
            status = 'HELD', authorized_at = EXCLUDED.authorized_at, released_at = NULL, release_reason = NULL
     RETURNING id`,
    [h.accountId, h.stayId, h.guestId, h.amount, h.at],
  );
  return held.id;
}

/** Lets go of the hold of a stay whose check-in never happened, unless its check-in came after all. */
export function releaseAbandonedStay(tx: Queryable, stayId: string, at: Date): Promise<{ stay_id: string }[]> {
  return changedRows<{ stay_id: string }>(
    tx,
    `UPDATE credit.authorization SET status = 'RELEASED', released_at = $2, release_reason = 'ABANDONED'
      WHERE stay_id = $1 AND status = 'HELD' AND confirmed_at IS NULL RETURNING stay_id`,
    [stayId, at],
  );
}
