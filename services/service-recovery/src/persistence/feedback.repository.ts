import type { EntityManager } from 'typeorm';

// Opinion forms and in-stay feedback: written once, read back with the case they opened.

export interface FeedbackRow {
  id: string;
  guestId: string;
  stayId: string | null;
  kind: string;
  score: number | null;
  category: string | null;
  department: string;
  text: string;
  inHouse: boolean;
  caseId: string | null;
  loggedBy: string;
  loggedAt: Date;
}

export async function insertFeedback(db: Pick<EntityManager, 'query'>, f: FeedbackRow): Promise<void> {
  await db.query(
    `INSERT INTO service_recovery.guest_feedback
       (id, guest_id, stay_id, kind, score, category, department, text, in_house, case_id, logged_by, logged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      f.id,
      f.guestId,
      f.stayId,
      f.kind,
      f.score,
      f.category,
      f.department,
      f.text,
      f.inHouse,
      f.caseId,
      f.loggedBy,
      f.loggedAt,
    ],
  );
}
