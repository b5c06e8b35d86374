import { type Db } from './account.repository.js';

// Sales activities (客户拜访): each account's newest first, and the follow-ups they promise.

export interface ActivityRow {
  id: string;
  accountId: string;
  kind: string;
  occurredAt: Date;
  staffId: string;
  contactId: string | null;
  purpose: string | null;
  outcome: string | null;
  nextStep: string | null;
  nextStepOn: string | null;
}
const activityColumns = (t: string) => `${t}.id, ${t}.account_id AS "accountId", ${t}.kind,
  ${t}.occurred_at AS "occurredAt", ${t}.staff_id AS "staffId", ${t}.contact_id AS "contactId", ${t}.purpose,
  ${t}.outcome, ${t}.next_step AS "nextStep", to_char(${t}.next_step_on, 'YYYY-MM-DD') AS "nextStepOn"`;
const ACTIVITY_COLUMNS = activityColumns('sales_activity');
/** Where a page of activities ended: the time and the id that breaks ties. */
export interface ActivityCursor {
  occurredAt: string;
  id: string;
}

/**
 * A page of each account's activities, newest first, by keyset (`perAccount + 1` rows each, so the caller knows
 * whether another page follows). Served by sales_activity_account_idx.
 */
export const activitiesOf = (
  db: Db,
  accountIds: readonly string[],
  perAccount: number,
  after: ActivityCursor | null,
): Promise<(ActivityRow & { sortKey: string })[]> =>
  db.query(
    `SELECT * FROM (
       SELECT ${ACTIVITY_COLUMNS}, occurred_at::text AS "sortKey",
              row_number() OVER (PARTITION BY account_id ORDER BY occurred_at DESC, id) AS n
         FROM accounts.sales_activity
        WHERE account_id = ANY($1::uuid[])
          AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz
               OR (occurred_at = $3::timestamptz AND id > $4::uuid))
     ) t WHERE t.n <= $2 ORDER BY "occurredAt" DESC, id`,
    [accountIds, perAccount + 1, after?.occurredAt ?? null, after?.id ?? null],
  );

export async function insertActivity(db: Db, a: ActivityRow, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO accounts.sales_activity (id, account_id, kind, occurred_at, staff_id, contact_id, purpose,
       outcome, next_step, next_step_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.id,
      a.accountId,
      a.kind,
      a.occurredAt,
      a.staffId,
      a.contactId,
      a.purpose,
      a.outcome,
      a.nextStep,
      a.nextStepOn,
      now,
    ],
  );
}

/** Where a page of follow-ups ended: the next step's date, the activity's time and its id. */
export interface FollowUpCursor {
  nextStepOn: string;
  occurredAt: string;
  id: string;
}

/**
 * Activities whose next step is due by `today` and were the last thing done with their account: a later
 * activity is taken as the follow-up having happened. A keyset page in next-step order (`first + 1` rows, so the
 * caller knows whether another page follows), served by sales_activity_next_step_idx.
 */
export const followUpsDue = (
  db: Db,
  today: string,
  ownerId: string | null,
  first: number,
  after: FollowUpCursor | null,
): Promise<(ActivityRow & { sortKey: string })[]> =>
  db.query(
    `SELECT ${activityColumns('s')}, s.occurred_at::text AS "sortKey"
       FROM accounts.sales_activity s JOIN accounts.account a ON a.id = s.account_id
      WHERE s.next_step_on <= $1::date AND ($2::text IS NULL OR a.owner_id = $2)
        AND ($4::date IS NULL OR (s.next_step_on, s.occurred_at, s.id) > ($4::date, $5::timestamptz, $6::uuid))
        AND NOT EXISTS (SELECT 1 FROM accounts.sales_activity later
                         WHERE later.account_id = s.account_id AND later.occurred_at > s.occurred_at)
      ORDER BY s.next_step_on, s.occurred_at, s.id
      LIMIT $3`,
    [today, ownerId, first + 1, after?.nextStepOn ?? null, after?.occurredAt ?? null, after?.id ?? null],
  );
export const activityById = async (db: Db, id: string): Promise<ActivityRow> =>
  (await db.query(`SELECT ${ACTIVITY_COLUMNS} FROM accounts.sales_activity WHERE id = $1`, [id]))[0];
