import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export interface TimelineLine {
  guestId: string;
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
    `INSERT INTO guests.timeline_entry (guest_id, key, kind, service, at, summary)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
     ON CONFLICT (key) DO NOTHING
     RETURNING id`,
    [
      lines.map((l) => l.guestId),
      lines.map((l) => l.key),
      lines.map((l) => l.kind),
      lines.map((l) => l.service),
      lines.map((l) => (typeof l.at === 'string' ? l.at : l.at.toISOString())),
      lines.map((l) => l.summary),
    ],
  );
  return rows.length;
}

/**
 * A page of a guest's timeline, newest first, strictly after the key: the guest's own lines and those of
 * every profile merged into it (at any depth), each an index range scan on timeline_entry_page_idx. Lines of
 * `hiddenServices` are left out in the statement, so a page is full whatever the reader may not see.
 */
export const timelinePage = (
  db: Db,
  guestId: string,
  hiddenServices: string[],
  after: { atKey: string; id: string } | null,
  limit: number,
): Promise<TimelineRow[]> =>
  db.query(
    `WITH RECURSIVE profile(id) AS (
       SELECT $1::uuid
       UNION SELECT g.id FROM guests.guest g JOIN profile p ON g.merged_into = p.id)
     SELECT e.id, e.kind, e.service, e.at, e.summary, to_char(e.at AT TIME ZONE 'UTC', ${MICROS}) AS "atKey"
       FROM profile p CROSS JOIN LATERAL (
         SELECT * FROM guests.timeline_entry t
          WHERE t.guest_id = p.id
            AND t.service <> ALL($2::text[])
            AND ($3::timestamptz IS NULL OR (t.at, t.id) < ($3::timestamptz, $4::uuid))
          ORDER BY t.at DESC, t.id DESC LIMIT $5) e
      ORDER BY e.at DESC, e.id DESC LIMIT $5`,
    [guestId, hiddenServices, after?.atKey ?? null, after?.id ?? null, limit],
  );

/** Rewrites the summaries of a guest's lines (an erasure) to the plain words of their kind. */
export async function rewriteSummaries(tx: Db, guestId: string, wordsByKind: Record<string, string>) {
  const kinds = Object.keys(wordsByKind);
  await tx.query(
    `UPDATE guests.timeline_entry t SET summary = w.words
       FROM unnest($2::text[], $3::text[]) AS w(kind, words)
      WHERE t.guest_id = $1 AND t.kind = w.kind AND t.summary <> w.words`,
    [guestId, kinds, kinds.map((k) => wordsByKind[k])],
  );
}

export interface BackfillState {
  after: string | null;
  loaded: number;
  completedAt: Date | null;
}

export async function backfillState(db: Db, source: string): Promise<BackfillState | null> {
  const [row] = await db.query(
    `SELECT after, loaded, completed_at AS "completedAt" FROM guests.timeline_backfill WHERE source = $1`,
    [source],
  );
  return row ?? null;
}

export async function saveBackfill(db: Db, source: string, state: BackfillState) {
  await db.query(
    `INSERT INTO guests.timeline_backfill (source, after, loaded, completed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (source) DO UPDATE SET after = $2, loaded = $3, completed_at = $4`,
    [source, state.after, state.loaded, state.completedAt],
  );
}

/**
 * The guests service's own history as lines, by key after `after`: registrations, stays, preferences,
 * observations, consent answers and merges, as the live path files them (same keys, same words).
 */
export const ownHistory = (db: Db, after: string | null, limit: number): Promise<TimelineLine[]> =>
  db.query(
    `SELECT * FROM (
       SELECT id AS "guestId", 'guests:registered:' || id AS key, 'GUEST_REGISTERED' AS kind, 'guests' AS service,
              registered_at AS at, 'Guest profile registered' AS summary
         FROM guests.guest
       UNION ALL
       SELECT origin_guest_id, 'guests:checked-in:' || id, 'STAY_CHECKED_IN', 'guests', checked_in_at,
              'Checked in, ' || nights || ' night(s), ' || room_type
         FROM guests.stay
       UNION ALL
       SELECT origin_guest_id, 'guests:checked-out:' || id, 'STAY_CHECKED_OUT', 'guests', checked_out_at,
              'Checked out, ' || nights || ' night(s), spend ' || total_spend
         FROM guests.stay WHERE checked_out_at IS NOT NULL
       UNION ALL
       SELECT origin_guest_id, 'guests:preference:' || id, 'PREFERENCE_RECORDED', 'guests', recorded_at,
              'Preference recorded: ' || lower(replace(category, '_', ' '))
         FROM guests.preference
       UNION ALL
       SELECT origin_guest_id, 'guests:observation:' || id, 'OBSERVATION_RECORDED', 'guests', observed_at,
              'Observation recorded: ' || lower(replace(category, '_', ' '))
         FROM guests.observation
       UNION ALL
       SELECT guest_id,
              'guests:consent:' || guest_id || ':' || channel || ':'
                || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'CONSENT_RECORDED', 'guests', recorded_at,
              'Marketing consent ' || CASE WHEN granted THEN 'given' ELSE 'withdrawn' END || ' (' || lower(channel) || ')'
         FROM guests.consent WHERE purpose = 'MARKETING' AND channel IS NOT NULL AND source <> 'REGISTRATION'
       UNION ALL
       SELECT survivor_id, 'guests:merged:' || id, 'GUESTS_MERGED', 'guests', merged_at,
              'Duplicate profile merged into this one'
         FROM guests.guest_merge
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );

/** Stays carried by an account, as lines on the account's timeline (`guestId` holds the account's id here). */
export const accountStayHistory = (db: Db, after: string | null, limit: number): Promise<TimelineLine[]> =>
  db.query(
    `SELECT * FROM (
       SELECT account_id AS "guestId", 'guests:account-checked-in:' || id AS key, 'STAY_CHECKED_IN' AS kind,
              'guests' AS service, checked_in_at AS at,
              'Guest checked in, ' || nights || ' night(s), ' || room_type AS summary
         FROM guests.stay WHERE account_id IS NOT NULL
       UNION ALL
       SELECT account_id, 'guests:account-checked-out:' || id, 'STAY_CHECKED_OUT', 'guests', checked_out_at,
              'Guest checked out, ' || nights || ' night(s), spend ' || total_spend
         FROM guests.stay WHERE account_id IS NOT NULL AND checked_out_at IS NOT NULL
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );
