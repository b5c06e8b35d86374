import { isUuid } from '@guest-graph/subgraph-kit';
import { type EntityManager, In } from 'typeorm';
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

/** The guests' cases still being worked, the soonest due first. */
export function openCasesOfGuests(db: Db, guestIds: readonly string[]): Promise<ComplaintCase[]> {
  return db.getRepository(ComplaintCase).find({
    where: { guestId: In(valid(guestIds)), status: In(['OPEN', 'IN_PROGRESS']) },
    order: { dueAt: 'ASC', id: 'ASC' },
  });
}

/**
 * The newest `limit` cases of each guest, newest first, after a keyset position (opened_at, id): one statement
 * whatever the number of guests, the window served by (guest_id, opened_at DESC, id DESC).
 */
export function latestCasesOfGuests(
  db: Db,
  guestIds: readonly string[],
  limit: number,
  after: { at: Date; id: string } | null = null,
): Promise<ComplaintCase[]> {
  const ids = valid(guestIds);
  if (!ids.length) return Promise.resolve([]);
  return db
    .getRepository(ComplaintCase)
    .createQueryBuilder('c')
    .where(
      `c.id IN (SELECT id FROM (
         SELECT id, row_number() OVER (PARTITION BY guest_id ORDER BY opened_at DESC, id DESC) AS n
           FROM service_recovery.complaint_case
          WHERE guest_id IN (:...ids) ${after ? 'AND (opened_at, id) < (:at, :afterId)' : ''}) ranked
        WHERE n <= :limit)`,
      { ids, limit, at: after?.at, afterId: after?.id },
    )
    .orderBy('c.opened_at', 'DESC')
    .addOrderBy('c.id', 'DESC')
    .getMany();
}

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
  if (after) qb.andWhere('(c.opened_at, c.id) < (:at, :id)', { at: after.at, id: after.id });
  return qb.orderBy('c.opened_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getMany();
}
