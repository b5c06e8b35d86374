import { type EntityManager, In } from 'typeorm';
import type { CompensationStatus } from '../domain/compensation.js';
import { Compensation } from './compensation.entity.js';

type Db = Pick<EntityManager, 'query' | 'getRepository'>;

/** A compensation by id, its row locked until the transaction ends when `lock`. */
export function compensationById(db: Db, id: string, { lock = false } = {}): Promise<Compensation | null> {
  return db
    .getRepository(Compensation)
    .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

/** A case's compensations in these statuses. */
export function compensationsOfCase(db: Db, caseId: string, statuses: CompensationStatus[]): Promise<Compensation[]> {
  return db.getRepository(Compensation).find({ where: { caseId, status: In(statuses) } });
}

export async function insertCompensation(db: Db, c: Compensation): Promise<void> {
  await db.getRepository(Compensation).insert(c);
}

/** A manager's decision on a compensation that awaited it. */
export async function decideCompensation(
  db: Db,
  id: string,
  d: { status: 'APPROVED' | 'REJECTED'; decidedBy: string; decidedAt: Date },
): Promise<void> {
  await db.getRepository(Compensation).update({ id }, d);
}

/** Marks compensations granted by a resolution. */
export async function grantCompensations(db: Db, ids: string[], at: Date, resolutionId: string): Promise<void> {
  if (!ids.length) return;
  await db.getRepository(Compensation).update({ id: In(ids) }, { status: 'GRANTED', grantedAt: at, resolutionId });
}
