import { changedRows } from '@guest-graph/db';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface CareCandidateRow {
  id: string;
  fullName: string;
  birthDate: string | null;
  anniversaryDate: string | null;
  inHouse: boolean;
  arriving: boolean;
  stayId: string | null;
}

/**
 * Live guests whose birthday or anniversary (month and day) falls in one of `ranges` (MMDD numbers), with
 * their in-house or arriving stay up to `to`.
 */
export function careCandidates(
  db: Db,
  ranges: [number, number][],
  today: string,
  to: string,
): Promise<CareCandidateRow[]> {
  // The ranges are numbers computed by the domain, never user text.
  const inRanges = (col: string) =>
    `(${ranges.map(([a, b]) => `${col} BETWEEN ${Number(a)} AND ${Number(b)}`).join(' OR ')})`;
  return db.query(
    `SELECT g.id, g.full_name AS "fullName", to_char(g.birth_date, 'YYYY-MM-DD') AS "birthDate",
            to_char(g.anniversary_date, 'YYYY-MM-DD') AS "anniversaryDate",
            s.arrival_date <= $1::date AS "inHouse", s.arrival_date > $1::date AS "arriving", s.id AS "stayId"
       FROM guests.guest g
       LEFT JOIN LATERAL (SELECT id, arrival_date FROM guests.stay
                           WHERE guest_id = g.id AND status = 'IN_HOUSE' AND arrival_date <= $2::date
                           ORDER BY arrival_date LIMIT 1) s ON true
      WHERE g.merged_into IS NULL AND (${inRanges('g.birth_mmdd')} OR ${inRanges('g.anniversary_mmdd')})`,
    [today, to],
  );
}

const reachableOn = (channel: string) =>
  channel === 'EMAIL'
    ? 'EXISTS (SELECT 1 FROM guests.guest_email e WHERE e.guest_id = g.id)'
    : channel === 'POST'
      ? 'g.address IS NOT NULL'
      : 'EXISTS (SELECT 1 FROM guests.guest_phone p WHERE p.guest_id = g.id)';

// The latest MARKETING answer on the channel ($1), the guest's own or one given under a profile merged into it.
const LATEST_MARKETING_ANSWER = `SELECT granted FROM guests.consent c
   WHERE (c.guest_id = g.id OR c.guest_id IN (SELECT d.id FROM guests.guest d WHERE d.merged_into = g.id))
     AND c.purpose = 'MARKETING' AND c.channel = $1
   ORDER BY c.recorded_at DESC, c.seq DESC LIMIT 1`;

/** Live guests who may be greeted on `channel`: consent granted last, a way to reach them, no block. */
export async function greetingRecipients(db: Db, channel: string, limit: number): Promise<string[]> {
  const contact = reachableOn(channel);
  const rows: { id: string }[] = await db.query(
    `SELECT g.id FROM guests.guest g
       JOIN LATERAL (${LATEST_MARKETING_ANSWER}) c ON c.granted
      WHERE g.merged_into IS NULL AND ${contact}
        AND NOT g.restrictions @> '[{"type":"BLOCKLISTED"}]' AND NOT g.restrictions @> '[{"type":"NO_MARKETING"}]'
      ORDER BY g.vip DESC, g.full_name, g.id LIMIT $2`,
    [channel, limit],
  );
  return rows.map((r) => r.id);
}

export interface RecipientKey {
  vip: boolean;
  fullName: string;
  id: string;
}

/**
 * A page of the same recipients in the same order (VIPs first, then by name), by keyset: `(NOT vip,
 * full_name, id)` ascending is that order, and index guest_greeting_page_idx keeps it.
 */
export function greetingRecipientPage(
  db: Db,
  channel: string,
  after: RecipientKey | null,
  limit: number,
): Promise<RecipientKey[]> {
  return db.query(
    `SELECT g.id, g.vip, g.full_name AS "fullName" FROM guests.guest g
       JOIN LATERAL (${LATEST_MARKETING_ANSWER}) c ON c.granted
      WHERE g.merged_into IS NULL AND ${reachableOn(channel)}
        AND NOT g.restrictions @> '[{"type":"BLOCKLISTED"}]' AND NOT g.restrictions @> '[{"type":"NO_MARKETING"}]'
        AND ($2::boolean IS NULL OR (NOT g.vip, g.full_name, g.id) > (NOT $2::boolean, $3::text, $4::uuid))
      ORDER BY NOT g.vip, g.full_name, g.id LIMIT $5`,
    [channel, after?.vip ?? null, after?.fullName ?? null, after?.id ?? null, limit],
  );
}

export interface FollowUpRow {
  id: string;
  guestId: string;
  stayId: string | null;
  caseId: string | null;
  reason: string;
  ownerDepartment: string;
  dueDate: string;
  status: string;
  outcome: string | null;
  owner: string | null;
  assignedAt: Date | null;
  completedBy: string | null;
  completedAt: Date | null;
}
export const FOLLOW_UP_COLUMNS = `id, guest_id AS "guestId", stay_id AS "stayId", case_id AS "caseId", reason,
  owner_department AS "ownerDepartment", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, outcome, owner,
  assigned_at AS "assignedAt",
  completed_by AS "completedBy", completed_at AS "completedAt"`;

export const followUpsDue = (
  db: Db,
  filter: { status: string; dueBy: string | null; owner: string | null },
  limit: number,
): Promise<FollowUpRow[]> =>
  db.query(
    `SELECT ${FOLLOW_UP_COLUMNS} FROM guests.follow_up
      WHERE status = $1 AND ($2::date IS NULL OR due_date <= $2::date) AND ($3::text IS NULL OR owner = $3)
      ORDER BY due_date, created_at, id LIMIT $4`,
    [filter.status, filter.dueBy, filter.owner, limit],
  );

/** The open follow-up given an owner, or null when it is not open (or does not exist). */
export async function assignOpenFollowUp(db: Db, id: string, owner: string, at: Date): Promise<FollowUpRow | null> {
  const rows = await changedRows<FollowUpRow>(
    db,
    `UPDATE guests.follow_up SET owner = $2, assigned_at = $3 WHERE id = $1 AND status = 'OPEN'
     RETURNING ${FOLLOW_UP_COLUMNS}`,
    [id, owner, at],
  );
  return rows[0]?.id ? rows[0] : null;
}

export async function completeOpenFollowUp(
  db: Db,
  id: string,
  outcome: string,
  by: string,
  at: Date,
): Promise<FollowUpRow | null> {
  const rows = await changedRows<FollowUpRow>(
    db,
    `UPDATE guests.follow_up SET status = 'DONE', outcome = $2, completed_by = $3, completed_at = $4
      WHERE id = $1 AND status = 'OPEN' RETURNING ${FOLLOW_UP_COLUMNS}`,
    [id, outcome, by, at],
  );
  return rows[0]?.id ? rows[0] : null;
}

export async function followUpExists(db: Db, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM guests.follow_up WHERE id = $1', [id]);
  return rows.length > 0;
}

/**
 * Whether the guest's latest MARKETING answer on `channel` in the consent ledger (across the profiles merged
 * into it) is a yes, and they are not restricted from marketing.
 */
export async function maySendTo(db: Db, guestId: string, channel: string): Promise<boolean> {
  const rows = await db.query(
    `WITH RECURSIVE subject(id) AS (
       SELECT $1::uuid UNION SELECT g.id FROM subject s JOIN guests.guest g ON g.merged_into = s.id)
     SELECT 1 FROM guests.guest g
       JOIN LATERAL (SELECT c.granted FROM guests.consent c JOIN subject s ON c.guest_id = s.id
                      WHERE c.purpose = 'MARKETING' AND c.channel = $2
                      ORDER BY c.recorded_at DESC, c.seq DESC LIMIT 1) c ON c.granted
      WHERE g.id = $1 AND NOT g.restrictions @> '[{"type":"NO_MARKETING"}]'`,
    [guestId, channel],
  );
  return rows.length > 0;
}

export interface CareGivenRow {
  id: string;
  guestId: string;
  occasion: string;
  occasionDate: string;
  channel: string;
  given: string;
  givenBy: string;
  givenAt: Date;
}

/** Records care done; false when this guest's occasion on that date is already marked. */
export async function insertCareGiven(db: Db, c: CareGivenRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO guests.care_given (id, guest_id, occasion, occasion_date, channel, given, given_by, given_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (guest_id, occasion, occasion_date) DO NOTHING RETURNING id`,
    [c.id, c.guestId, c.occasion, c.occasionDate, c.channel, c.given, c.givenBy, c.givenAt],
  );
  return rows.length > 0;
}

/** A preference a themed event's guests hold: a category, and a normalised fragment of its current value (or any). */
export interface InvitationMatch {
  category: string;
  contains: string | null;
}

const likeFragment = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A page of guests to invite to a themed event (seed 000 §3.1(4), 酒店主题活动): live guests holding one of the
 * preferences now (index preference_current_value_idx), of the segments asked, who may be sent marketing on the
 * channel (latest MARKETING answer a yes, a way to reach them, no block), in the greeting list's order.
 */
export function invitationPage(
  db: Db,
  f: { channel: string; matches: InvitationMatch[]; segments: string[] | null },
  after: RecipientKey | null,
  limit: number,
): Promise<RecipientKey[]> {
  return db.query(
    `SELECT g.id, g.vip, g.full_name AS "fullName" FROM guests.guest g
       JOIN LATERAL (${LATEST_MARKETING_ANSWER}) c ON c.granted
      WHERE g.id IN (SELECT p.guest_id FROM guests.preference p
                       JOIN unnest($2::text[], $3::text[]) AS w(category, pattern)
                         ON p.category = w.category AND (w.pattern IS NULL OR p.value_key LIKE w.pattern)
                      WHERE p.superseded_at IS NULL)
        AND g.merged_into IS NULL AND g.erased_at IS NULL AND ${reachableOn(f.channel)}
        AND NOT g.restrictions @> '[{"type":"BLOCKLISTED"}]' AND NOT g.restrictions @> '[{"type":"NO_MARKETING"}]'
        AND ($4::text[] IS NULL OR g.segment = ANY($4::text[]))
        AND ($5::boolean IS NULL OR (NOT g.vip, g.full_name, g.id) > (NOT $5::boolean, $6::text, $7::uuid))
      ORDER BY NOT g.vip, g.full_name, g.id LIMIT $8`,
    [
      f.channel,
      f.matches.map((m) => m.category),
      f.matches.map((m) => (m.contains ? likeFragment(m.contains) : null)),
      f.segments,
      after?.vip ?? null,
      after?.fullName ?? null,
      after?.id ?? null,
      limit,
    ],
  );
}
