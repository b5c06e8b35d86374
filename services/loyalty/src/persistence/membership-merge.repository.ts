import { changed } from '@guest-graph/db';
import type { EntityManager } from 'typeorm';
import { MembershipMerge } from './programme.entity.js';

type Db = Pick<EntityManager, 'query' | 'getRepository'>;

/** What a guest merge did to the memberships, locked when `lock` (an unmerge reads it to undo exactly that). */
export function mergeRecord(db: Db, mergeId: string, { lock = false } = {}): Promise<MembershipMerge | null> {
  return db
    .getRepository(MembershipMerge)
    .findOne({ where: { mergeId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

export async function recordMerge(db: Db, record: MembershipMerge): Promise<void> {
  await db.getRepository(MembershipMerge).insert(record);
}

export async function markUnmerged(db: Db, mergeId: string, at: Date): Promise<void> {
  await changed(db as EntityManager, `UPDATE loyalty.membership_merge SET unmerged_at = $2 WHERE merge_id = $1`, [
    mergeId,
    at,
  ]);
}
