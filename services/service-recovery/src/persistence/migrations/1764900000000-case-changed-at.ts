import { changedAtSql } from '@guest-graph/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kit's statements are the text this migration ran when it was released (the kit's test holds them to it).
const complaintCase = changedAtSql({
  schema: 'service_recovery',
  table: 'complaint_case',
  name: 'case',
  // A case's latest known moment before the column existed.
  since: {
    statement: `
      UPDATE service_recovery.complaint_case
         SET changed_at = greatest(opened_at, acknowledged_at, resolved_at, closed_at, acknowledge_breached_at,
                                   resolve_breached_at, escalated_at, replied_at, followed_up_at)`,
  },
});

/**
 * BI's nightly pull of cases (issue 17): when a case last changed, kept by a trigger so no step of the workflow
 * (intake, acknowledgement, SLA breach marks, resolution, merges, erasure of the guest's words) can forget it;
 * indexed with the id for the keyset. And the guest's segment on this service's copy of a stay, from the
 * check-out event, so the complaint rate by segment is one statement here.
 */
export class CaseChangedAt1764900000000 implements MigrationInterface {
  name = 'CaseChangedAt1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of complaintCase.up) await q.query(sql);
    await q.query('ALTER TABLE service_recovery.stay ADD COLUMN segment text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE service_recovery.stay DROP COLUMN segment');
    for (const sql of complaintCase.down) await q.query(sql);
  }
}
