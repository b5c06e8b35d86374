import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

// The reporting copy behind staysForExport (migration StayReport1764990000000). Facts are kept under their own
// keys, then the stay's ready row is recomputed from every fact about it. Recomputing under the stay's row lock
// (taken by the first statement, read by the next, which in READ COMMITTED sees every transaction committed
// before the lock was granted) means two facts about one stay handled at once never leave a row missing one.

/** Locks (creating when missing) the ready rows of these stays, in id order so two transactions never deadlock. */
async function lockStayRows(tx: EntityManager, stayIds: string[]): Promise<void> {
  await tx.query(
    `INSERT INTO guests.stay_report (stay_id)
     SELECT DISTINCT id FROM unnest($1::uuid[]) AS s(id) ORDER BY id
     ON CONFLICT (stay_id) DO UPDATE SET stay_id = EXCLUDED.stay_id`,
    [stayIds],
  );
}

/**
 * Loyalty ledger entries a stay earned (one per entry key, so a redelivery or a replay adds nothing), then each
 * stay's points as the sum of its entries.
 */
export async function recordStayPoints(
  tx: EntityManager,
  entries: { entryKey: string; stayId: string; points: number }[],
): Promise<void> {
  if (!entries.length) return;
  await tx.query(
    `INSERT INTO guests.stay_report_points (entry_key, stay_id, points)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[]) ON CONFLICT (entry_key) DO NOTHING`,
    [entries.map((e) => e.entryKey), entries.map((e) => e.stayId), entries.map((e) => e.points)],
  );
  const stayIds = [...new Set(entries.map((e) => e.stayId))];
  await lockStayRows(tx, stayIds);
  await tx.query(
    `UPDATE guests.stay_report r
        SET points_earned = coalesce((SELECT sum(p.points) FROM guests.stay_report_points p
                                       WHERE p.stay_id = r.stay_id), 0)
      WHERE r.stay_id = ANY($1::uuid[])`,
    [stayIds],
  );
}

export type StayCaseFact = {
  caseId: string;
  stayId: string | null;
  category: string;
  severity: string;
  department: string;
  openedAt: string;
};

/**
 * Cases about stays, each kept under its id (a redelivery or the backfill rewrites the same row). A case told
 * again with another stay (or none) leaves the stay it was about: every stay touched is recomputed. Set-wise, for
 * a live event (one case) and a backfill page (many) alike; the last told of a case within one call wins.
 */
export async function recordStayCases(tx: EntityManager, told: StayCaseFact[]): Promise<void> {
  const cases = [...new Map(told.map((c) => [c.caseId, c])).values()].sort((a, b) =>
    a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0,
  );
  if (!cases.length) return;
  const before: { stayId: string }[] = await tx.query(
    `SELECT stay_id AS "stayId" FROM guests.stay_report_case WHERE case_id = ANY($1::uuid[])
      ORDER BY case_id FOR UPDATE`,
    [cases.map((c) => c.caseId)],
  );
  const kept = cases.filter((c): c is StayCaseFact & { stayId: string } => !!c.stayId);
  if (kept.length)
    await tx.query(
      `INSERT INTO guests.stay_report_case (case_id, stay_id, category, severity, department, opened_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (case_id) DO UPDATE SET stay_id = EXCLUDED.stay_id, category = EXCLUDED.category,
         severity = EXCLUDED.severity, department = EXCLUDED.department, opened_at = EXCLUDED.opened_at`,
      [
        kept.map((c) => c.caseId),
        kept.map((c) => c.stayId),
        kept.map((c) => c.category),
        kept.map((c) => c.severity),
        kept.map((c) => c.department),
        kept.map((c) => c.openedAt),
      ],
    );
  const gone = cases.filter((c) => !c.stayId).map((c) => c.caseId);
  if (gone.length && before.length)
    await tx.query('DELETE FROM guests.stay_report_case WHERE case_id = ANY($1::uuid[])', [gone]);
  const stayIds = [...new Set([...kept.map((c) => c.stayId), ...before.map((b) => b.stayId)])];
  if (!stayIds.length) return;
  await lockStayRows(tx, stayIds);
  await tx.query(
    `UPDATE guests.stay_report r
        SET case_ids = c.ids, case_categories = c.categories, case_severities = c.severities,
            case_departments = c.departments
       FROM (SELECT s.id,
                    coalesce(array_agg(k.case_id::text ORDER BY k.opened_at, k.case_id)
                               FILTER (WHERE k.case_id IS NOT NULL), '{}') AS ids,
                    coalesce(array_agg(k.category ORDER BY k.opened_at, k.case_id)
                               FILTER (WHERE k.case_id IS NOT NULL), '{}') AS categories,
                    coalesce(array_agg(k.severity ORDER BY k.opened_at, k.case_id)
                               FILTER (WHERE k.case_id IS NOT NULL), '{}') AS severities,
                    coalesce(array_agg(k.department ORDER BY k.opened_at, k.case_id)
                               FILTER (WHERE k.case_id IS NOT NULL), '{}') AS departments
               FROM unnest($1::uuid[]) AS s(id)
               LEFT JOIN guests.stay_report_case k ON k.stay_id = s.id
              GROUP BY s.id) c
      WHERE r.stay_id = c.id`,
    [stayIds],
  );
}

export type AccountReportFact = { accountId: string; grade: string | null; type: string | null; at: string };

/**
 * Accounts' grades and types, each as of its `at`. An older fact (a redelivery, a created arriving after an
 * update, a backfill page read before the last change) never overwrites a newer grade; a type missing from a
 * fact (account.updated before it carried one) keeps the type known. Of one account told twice in a call, the
 * newest is kept.
 */
export async function recordAccountReports(tx: EntityManager, told: AccountReportFact[]): Promise<void> {
  const newest = new Map<string, AccountReportFact>();
  for (const a of told) {
    const seen = newest.get(a.accountId);
    if (!seen || Date.parse(seen.at) <= Date.parse(a.at)) newest.set(a.accountId, a);
  }
  const facts = [...newest.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  if (!facts.length) return;
  await tx.query(
    `INSERT INTO guests.account_report AS r (account_id, grade, type, changed_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (account_id) DO UPDATE SET
       grade = CASE WHEN r.changed_at <= EXCLUDED.changed_at THEN EXCLUDED.grade ELSE r.grade END,
       type = CASE WHEN r.changed_at <= EXCLUDED.changed_at THEN coalesce(EXCLUDED.type, r.type)
                   ELSE coalesce(r.type, EXCLUDED.type) END,
       changed_at = greatest(r.changed_at, EXCLUDED.changed_at)`,
    [facts.map((a) => a.accountId), facts.map((a) => a.grade), facts.map((a) => a.type), facts.map((a) => a.at)],
  );
}

export type StayReportBackfillState = { after: string | null; loaded: number; completedAt: Date | null };

/** How far the stay report's backfill got with one service (migration StayReportBackfill1764995000000). */
export async function stayReportBackfillState(db: Db, source: string): Promise<StayReportBackfillState | null> {
  const [row] = await db.query(
    `SELECT after, loaded, completed_at AS "completedAt" FROM guests.stay_report_backfill WHERE source = $1`,
    [source],
  );
  return row ?? null;
}

/** The backfill's place after a page, written in the page's transaction. */
export async function saveStayReportBackfill(tx: EntityManager, source: string, state: StayReportBackfillState) {
  await tx.query(
    `INSERT INTO guests.stay_report_backfill (source, after, loaded, completed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (source) DO UPDATE SET after = $2, loaded = $3, completed_at = $4`,
    [source, state.after, state.loaded, state.completedAt],
  );
}

export type StayExportRow = {
  stayId: string;
  propertyCode: string;
  arrivalDate: string;
  departureDate: string;
  nights: number;
  roomType: string;
  paymentMethod: string;
  purpose: string | null;
  totalSpend: string | null;
  guestId: string;
  guestSegment: string | null;
  guestValueTier: string | null;
  guestLifecycleStage: string;
  guestMemberTier: string | null;
  accountId: string | null;
  accountGrade: string | null;
  accountType: string | null;
  pointsEarned: number;
  caseCount: number;
  caseIds: string[];
  caseCategories: string[];
  caseSeverities: string[];
  caseDepartments: string[];
};

/**
 * A page of the export: checked-out stays departing in [from, to] after the keyset (departure date, id), along
 * stay_checked_out_departure_idx, each joined by key to its guest, value, member tier, account copy and ready
 * report row. One statement, flat rows (no entity hydration): the page costs the same whatever the joins.
 */
export const stayExportPage = (
  db: Db,
  range: { from: string; to: string },
  after: { departureDate: string; id: string } | null,
  limit: number,
): Promise<StayExportRow[]> =>
  db.query(
    `SELECT s.id AS "stayId", s.property_code AS "propertyCode",
            to_char(s.arrival_date, 'YYYY-MM-DD') AS "arrivalDate",
            to_char(s.departure_date, 'YYYY-MM-DD') AS "departureDate", s.nights, s.room_type AS "roomType",
            s.payment_method AS "paymentMethod", s.purpose, s.total_spend::text AS "totalSpend",
            s.guest_id AS "guestId", g.segment AS "guestSegment", v.value_tier AS "guestValueTier",
            coalesce(v.lifecycle_stage, 'PROSPECT') AS "guestLifecycleStage", t.tier AS "guestMemberTier",
            s.account_id AS "accountId", a.grade AS "accountGrade", a.type AS "accountType",
            coalesce(r.points_earned, 0) AS "pointsEarned", coalesce(cardinality(r.case_ids), 0) AS "caseCount",
            coalesce(r.case_ids, '{}') AS "caseIds", coalesce(r.case_categories, '{}') AS "caseCategories",
            coalesce(r.case_severities, '{}') AS "caseSeverities",
            coalesce(r.case_departments, '{}') AS "caseDepartments"
       FROM guests.stay s
       JOIN guests.guest g ON g.id = s.guest_id
       LEFT JOIN guests.guest_value v ON v.guest_id = s.guest_id
       LEFT JOIN guests.guest_member_tier t ON t.guest_id = s.guest_id
       LEFT JOIN guests.account_report a ON a.account_id = s.account_id
       LEFT JOIN guests.stay_report r ON r.stay_id = s.id
      WHERE s.status = 'CHECKED_OUT' AND s.departure_date BETWEEN $1::date AND $2::date
        AND ($3::date IS NULL OR (s.departure_date, s.id) > ($3::date, $4::uuid))
      ORDER BY s.departure_date, s.id LIMIT $5`,
    [range.from, range.to, after?.departureDate ?? null, after?.id ?? null, limit],
  );
