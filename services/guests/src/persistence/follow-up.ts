import { randomUUID } from 'node:crypto';
import { addDays, type Clock } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { StayEntity } from './stay.entity.js';

/**
 * Follow-up calls (回访, seed 000 section 3.1: regular follow-up with VIP and returning guests): one per
 * VIP stay after check-out and one per complaint. The unique indexes make each happen once per cause.
 */
export class FollowUpWriter {
  constructor(
    private readonly tx: EntityManager,
    private readonly clock: Pick<Clock, 'dateOf'>,
  ) {}

  async afterCheckOut(stay: StayEntity, now: Date): Promise<void> {
    await this.tx.query(
      `INSERT INTO guests.follow_up (id, guest_id, stay_id, reason, owner_department, due_date, status, created_at)
       SELECT $1, g.id, $3, 'VIP_STAY', 'GUEST_RELATIONS', $4, 'OPEN', $5 FROM guests.guest g WHERE g.id = $2 AND g.vip
       ON CONFLICT DO NOTHING`,
      [randomUUID(), stay.guestId, stay.id, addDays(this.clock.dateOf(now), 2), now],
    );
  }

  async afterComplaint(caseId: string, guestId: string, at: Date): Promise<void> {
    await this.tx.query(
      `INSERT INTO guests.follow_up (id, guest_id, stay_id, case_id, reason, owner_department, due_date, status, created_at)
       SELECT $1, g.id, NULL, $3, 'COMPLAINT', 'GUEST_RELATIONS', $4, 'OPEN', $5 FROM guests.guest g WHERE g.id = $2
       ON CONFLICT DO NOTHING`,
      [randomUUID(), guestId, caseId, addDays(this.clock.dateOf(at), 1), at],
    );
  }
}
