import { changedRows } from '@guest-graph/db';
import { isUuid } from '@guest-graph/subgraph-kit';
import { type EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { ComplaintCase } from './case.entity.js';
import { CaseTimelineEntry } from './case-timeline.entity.js';
import { Compensation } from './compensation.entity.js';
import { StaySurvey } from './survey.entity.js';

type Db = Pick<EntityManager, 'query' | 'getRepository'>;

/** Ids that are not uuids cannot match a row; leaving them out keeps Postgres from refusing the batch. */
const valid = (keys: readonly string[]) => keys.filter(isUuid);

export function casesById(db: Db, ids: readonly string[]): Promise<ComplaintCase[]> {
  return db.getRepository(ComplaintCase).findBy({ id: In(valid(ids)) });
}

/** The cases opened about each of many stays, oldest first, in one statement along case_stay_idx. */
export function casesOfStays(db: Db, stayIds: readonly string[]): Promise<ComplaintCase[]> {
  return db.getRepository(ComplaintCase).find({
    where: { stayId: In(valid(stayIds)) },
    order: { openedAt: 'ASC', id: 'ASC' },
  });
}

/** The guests' cases still being worked, the soonest due first. */
export function openCasesOfGuests(db: Db, guestIds: readonly string[]): Promise<ComplaintCase[]> {
  return db.getRepository(ComplaintCase).find({
    where: { guestId: In(valid(guestIds)), status: In(['OPEN', 'IN_PROGRESS']) },
    order: { dueAt: 'ASC', id: 'ASC' },
  });
}

/**
 * One keyset order of a guest's cases: the column it sorts on (then id), its direction, and which cases it
 * holds. An index on (guest_id, column, id) of exactly those cases serves its window.
 */
interface GuestCaseList {
  at: 'opened_at' | 'due_at';
  direction: 'ASC' | 'DESC';
  /** Extra SQL narrowing the cases (fixed text, never input), matching the serving index's predicate. */
  only: string;
}

/** Newest first; served by (guest_id, opened_at DESC, id DESC). */
const LATEST: GuestCaseList = { at: 'opened_at', direction: 'DESC', only: '' };
/** Still being worked, soonest due first; served by the partial index on (guest_id, due_at, id) of open cases. */
const OPEN_SOONEST_DUE: GuestCaseList = {
  at: 'due_at',
  direction: 'ASC',
  only: "AND status IN ('OPEN', 'IN_PROGRESS')",
};

/**
 * The first `limit` cases of each guest in `list`'s order, after a keyset position (the list's column, id):
 * one statement whatever the number of guests.
 */
function firstCasesPerGuest(
  db: Db,
  list: GuestCaseList,
  guestIds: readonly string[],
  limit: number,
  after: { at: Date; id: string } | null,
): Promise<ComplaintCase[]> {
  const ids = valid(guestIds);
  if (!ids.length) return Promise.resolve([]);
  const { at, direction, only } = list;
  const past = direction === 'DESC' ? '<' : '>';
  return db
    .getRepository(ComplaintCase)
    .createQueryBuilder('c')
    .where(
      `c.id IN (SELECT id FROM (
         SELECT id, row_number() OVER (PARTITION BY guest_id ORDER BY ${at} ${direction}, id ${direction}) AS n
           FROM service_recovery.complaint_case
          WHERE guest_id IN (:...ids) ${only}
                ${after ? `AND (${at}, id) ${past} (:at, :afterId)` : ''}) ranked
        WHERE n <= :limit)`,
      { ids, limit, at: after?.at, afterId: after?.id },
    )
    .orderBy(`c.${at}`, direction)
    .addOrderBy('c.id', direction)
    .getMany();
}

/** The newest `limit` cases of each guest, newest first, after a keyset position (opened_at, id). */
export const latestCasesOfGuests = (
  db: Db,
  guestIds: readonly string[],
  limit: number,
  after: { at: Date; id: string } | null = null,
) => firstCasesPerGuest(db, LATEST, guestIds, limit, after);

/** The first `limit` cases still being worked of each guest, soonest due first, after (due_at, id). */
export const openCasesOfGuestsPage = (
  db: Db,
  guestIds: readonly string[],
  limit: number,
  after: { at: Date; id: string } | null = null,
) => firstCasesPerGuest(db, OPEN_SOONEST_DUE, guestIds, limit, after);

/** Which of the guests opened a case at or after `since`. */
export async function guestsWithCasesSince(db: Db, guestIds: readonly string[], since: Date): Promise<Set<string>> {
  const rows: { guest_id: string }[] = await db.query(
    `SELECT DISTINCT guest_id FROM service_recovery.complaint_case
      WHERE guest_id = ANY($1::uuid[]) AND opened_at >= $2`,
    [valid(guestIds), since],
  );
  return new Set(rows.map((r) => r.guest_id));
}

export function timelinesOfCases(db: Db, caseIds: readonly string[]): Promise<CaseTimelineEntry[]> {
  return db.getRepository(CaseTimelineEntry).find({ where: { caseId: In(valid(caseIds)) }, order: { id: 'ASC' } });
}

export function compensationsOfCases(db: Db, caseIds: readonly string[]): Promise<Compensation[]> {
  return db
    .getRepository(Compensation)
    .find({ where: { caseId: In(valid(caseIds)) }, order: { offeredAt: 'ASC', id: 'ASC' } });
}

export function surveysById(db: Db, ids: readonly string[]): Promise<StaySurvey[]> {
  return db.getRepository(StaySurvey).findBy({ id: In(valid(ids)) });
}

export function surveysOfStays(db: Db, stayIds: readonly string[]): Promise<StaySurvey[]> {
  return db.getRepository(StaySurvey).findBy({ stayId: In(valid(stayIds)) });
}

export interface CaseFilter {
  status?: string[] | null;
  department?: string | null;
  category?: string | null;
  escalated?: boolean | null;
  openedFrom?: string | null;
  openedTo?: string | null;
  followUpDueBy?: string | null;
  awaitingApproval?: boolean | null;
}

/**
 * Up to `limit` cases matching the filter, newest first, after the keyset position `after` (opened_at, id):
 * one statement, served by the (opened_at DESC, id DESC) index; rows opened meanwhile never shift a page.
 */
export function casePage(
  db: Db,
  f: CaseFilter,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<ComplaintCase[]> {
  const qb = db.getRepository(ComplaintCase).createQueryBuilder('c');
  if (f.status?.length) qb.andWhere('c.status IN (:...status)', { status: f.status });
  if (f.department) qb.andWhere('c.department = :department', { department: f.department });
  if (f.category) qb.andWhere('c.category = :category', { category: f.category });
  if (f.escalated === true) qb.andWhere('c.escalated_at IS NOT NULL');
  if (f.escalated === false) qb.andWhere('c.escalated_at IS NULL');
  if (f.openedFrom) qb.andWhere('c.opened_at >= :from', { from: new Date(f.openedFrom) });
  if (f.openedTo) qb.andWhere('c.opened_at < :to', { to: new Date(f.openedTo) });
  if (f.followUpDueBy)
    qb.andWhere(`c.status = 'RESOLVED' AND c.follow_up_due_at <= :due`, { due: new Date(f.followUpDueBy) });
  // The pending offers are few and partially indexed (compensation_pending_idx): the manager's queue starts there.
  const pending = `SELECT p.case_id FROM service_recovery.compensation p WHERE p.status = 'PENDING_APPROVAL'`;
  if (f.awaitingApproval === true) qb.andWhere(`c.id IN (${pending})`);
  if (f.awaitingApproval === false) qb.andWhere(`c.id NOT IN (${pending})`);
  if (after) qb.andWhere('(c.opened_at, c.id) < (:at, :id)', { at: after.at, id: after.id });
  return qb.orderBy('c.opened_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getMany();
}

/** Reads a case and locks its row until the transaction ends: every change of a case goes through this lock. */
export function lockCase(db: Db, id: string): Promise<ComplaintCase | null> {
  return db.getRepository(ComplaintCase).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** Writes the changed columns of a case. */
export async function updateCase(db: Db, id: string, changed: Partial<ComplaintCase>): Promise<void> {
  await db.getRepository(ComplaintCase).update({ id }, changed);
}

export async function insertCase(db: Db, c: ComplaintCase): Promise<void> {
  await db.getRepository(ComplaintCase).insert(c);
}

export async function addTimelineEntry(
  db: Db,
  e: { caseId: string; at: Date; actor: string; kind: string; note: string | null },
): Promise<void> {
  await db.getRepository(CaseTimelineEntry).insert(e);
}

/** The guest's latest resolved or closed case in a category opened since `since` (what a repeat repeats). */
export function latestSettledCase(
  db: Db,
  guestId: string,
  category: string,
  since: Date,
): Promise<Pick<ComplaintCase, 'id' | 'category' | 'status' | 'openedAt'>[]> {
  return db.getRepository(ComplaintCase).find({
    select: { id: true, category: true, status: true, openedAt: true },
    where: { guestId, category, status: In(['RESOLVED', 'CLOSED']), openedAt: MoreThanOrEqual(since) },
    order: { openedAt: 'DESC' },
    take: 1,
  });
}

/** The two SLA clocks of a case: the column marking the breach, the deadline, the statuses it runs in. */
const CLOCKS = {
  ACKNOWLEDGE: {
    mark: 'acknowledge_breached_at',
    due: 'acknowledge_due_at',
    statuses: `('OPEN')`,
  },
  RESOLVE: {
    mark: 'resolve_breached_at',
    due: 'due_at',
    statuses: `('OPEN','IN_PROGRESS')`,
  },
} as const;

export type SlaClock = keyof typeof CLOCKS;

/**
 * Marks (and escalates) every case whose `clock` ran out by `now` and is not marked yet, returning them: the
 * mark is set by the same UPDATE that finds the case, so a second run finds nothing more.
 */
export function markBreached(
  db: Db,
  clock: SlaClock,
  now: Date,
): Promise<
  { id: string; guest_id: string; severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; department: string; due_at: Date }[]
> {
  const c = CLOCKS[clock];
  return changedRows(
    db,
    `UPDATE service_recovery.complaint_case
        SET ${c.mark} = $1, escalated_at = COALESCE(escalated_at, $1)
      WHERE status IN ${c.statuses} AND ${c.mark} IS NULL AND ${c.due} <= $1
      RETURNING id, guest_id, severity, department, ${c.due} AS due_at`,
    [now],
  );
}

/** The same timeline entry, by the system, on many cases in one statement. */
export async function addSystemEntries(db: Db, caseIds: string[], at: Date, kind: string, note: string) {
  await db.query(
    `INSERT INTO service_recovery.case_timeline (case_id, at, actor, kind, note)
     SELECT id, $2, 'system', $3, $4 FROM unnest($1::uuid[]) AS id`,
    [caseIds, at, kind, note],
  );
}

/** Cases whose resolution waits on one of these stays, locked (in id order) for publishing it. */
export function heldCasesOfStays(db: Db, stayIds: readonly string[]): Promise<ComplaintCase[]> {
  if (!stayIds.length) return Promise.resolve([]);
  return db.getRepository(ComplaintCase).find({
    where: { stayId: In(valid(stayIds)), resolvedEventHeld: true },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
}
