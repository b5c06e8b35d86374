import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export interface TimelineLine {
  accountId: string;
  key: string;
  kind: string;
  service: string;
  at: Date | string;
  summary: string;
}

export interface TimelineRow {
  id: string;
  kind: string;
  service: string;
  at: Date;
  summary: string;
  /** `at` as text to the microsecond, for the cursor. */
  atKey: string;
}

/** Files lines; a key already filed is left as it is. Returns how many were new. */
export async function fileLines(tx: Db, lines: TimelineLine[]): Promise<number> {
  if (!lines.length) return 0;
  const rows: unknown[] = await tx.query(
    `INSERT INTO accounts.timeline_entry (account_id, key, kind, service, at, summary)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
     ON CONFLICT (key) DO NOTHING
     RETURNING id`,
    [
      lines.map((l) => l.accountId),
      lines.map((l) => l.key),
      lines.map((l) => l.kind),
      lines.map((l) => l.service),
      lines.map((l) => (typeof l.at === 'string' ? l.at : l.at.toISOString())),
      lines.map((l) => l.summary),
    ],
  );
  return rows.length;
}

/** A page of an account's timeline, newest first, strictly after the key (timeline_entry_page_idx). */
export const timelinePage = (
  db: Db,
  accountId: string,
  hiddenServices: string[],
  after: { atKey: string; id: string } | null,
  limit: number,
): Promise<TimelineRow[]> =>
  db.query(
    `SELECT id, kind, service, at, summary, to_char(at AT TIME ZONE 'UTC', ${MICROS}) AS "atKey"
       FROM accounts.timeline_entry
      WHERE account_id = $1
        AND service <> ALL($2::text[])
        AND ($3::timestamptz IS NULL OR (at, id) < ($3::timestamptz, $4::uuid))
      ORDER BY at DESC, id DESC LIMIT $5`,
    [accountId, hiddenServices, after?.atKey ?? null, after?.id ?? null, limit],
  );

export interface BackfillState {
  after: string | null;
  loaded: number;
  completedAt: Date | null;
}

export async function backfillState(db: Db, source: string): Promise<BackfillState | null> {
  const [row] = await db.query(
    `SELECT after, loaded, completed_at AS "completedAt" FROM accounts.timeline_backfill WHERE source = $1`,
    [source],
  );
  return row ?? null;
}

export async function saveBackfill(db: Db, source: string, state: BackfillState) {
  await db.query(
    `INSERT INTO accounts.timeline_backfill (source, after, loaded, completed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (source) DO UPDATE SET after = $2, loaded = $3, completed_at = $4`,
    [source, state.after, state.loaded, state.completedAt],
  );
}

/**
 * The accounts service's history as facts, by key after `after`: accounts opened, guests linked, sales
 * activities, contracts in force. `subjectId` is the account, or the guest for a link's line on a guest.
 */
export const history = (
  db: Db,
  subject: 'GUEST' | 'ACCOUNT',
  after: string | null,
  limit: number,
): Promise<{ subjectId: string; key: string; kind: string; detail: string | null; at: Date }[]> =>
  db.query(
    `SELECT * FROM (
       SELECT id AS "subjectId", 'accounts:created:' || id AS key, 'ACCOUNT_CREATED' AS kind, type AS detail,
              created_at AS at
         FROM accounts.account WHERE $1 = 'ACCOUNT'
       UNION ALL
       SELECT CASE WHEN $1 = 'GUEST' THEN guest_id ELSE account_id END,
              'accounts:linked:' || guest_id || ':' || account_id || ':'
                || to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'ACCOUNT_LINKED', NULL, linked_at
         FROM accounts.guest_link
       UNION ALL
       SELECT account_id, 'accounts:activity:' || id, 'SALES_ACTIVITY', kind, occurred_at
         FROM accounts.sales_activity WHERE $1 = 'ACCOUNT'
       UNION ALL
       SELECT account_id, 'accounts:contract-signed:' || id, 'CONTRACT_SIGNED', NULL, updated_at
         FROM accounts.account_contract WHERE $1 = 'ACCOUNT' AND status IN ('ACTIVE', 'EXPIRED')
     ) h WHERE $2::text IS NULL OR key > $2 ORDER BY key LIMIT $3`,
    [subject, after, limit],
  );
