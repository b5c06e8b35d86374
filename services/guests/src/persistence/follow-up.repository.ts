import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { FollowUpPlan } from '../domain/follow-up.js';

/**
 * Writes a planned follow-up call. The unique indexes (one per stay, one per case) make each cause leave
 * one call however often its event is delivered.
 */
export async function addFollowUp(
  tx: EntityManager,
  plan: FollowUpPlan,
  cause: { guestId: string; stayId?: string | null; caseId?: string | null },
  at: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO guests.follow_up (id, guest_id, stay_id, case_id, reason, owner_department, due_date, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', $8)
     ON CONFLICT DO NOTHING`,
    [
      randomUUID(),
      cause.guestId,
      cause.stayId ?? null,
      cause.caseId ?? null,
      plan.reason,
      plan.ownerDepartment,
      plan.dueDate,
      at,
    ],
  );
}
