import type { EntityManager } from 'typeorm';
import { StaySurvey } from './survey.entity.js';

type Db = Pick<EntityManager, 'query' | 'getRepository'>;

/** Issues each stay's survey in one statement; the unique stay_id makes a second issue change nothing. */
export async function issueSurveys(
  db: Db,
  stays: { stayId: string; guestId: string; propertyCode: string; departureDate: string }[],
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO service_recovery.survey (id, stay_id, guest_id, property_code, departure_date, issued_at)
     SELECT gen_random_uuid(), s, g, p, d, $5 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[]) AS t(s, g, p, d)
     ON CONFLICT (stay_id) DO NOTHING`,
    [
      stays.map((s) => s.stayId),
      stays.map((s) => s.guestId),
      stays.map((s) => s.propertyCode),
      stays.map((s) => s.departureDate),
      at,
    ],
  );
}

/** Reads a survey and locks its row until the transaction ends. */
export function lockSurvey(db: Db, id: string): Promise<StaySurvey | null> {
  return db.getRepository(StaySurvey).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export async function saveSurvey(db: Db, survey: StaySurvey): Promise<void> {
  await db.getRepository(StaySurvey).save(survey);
}

export async function linkSurveyToCase(db: Db, id: string, caseId: string): Promise<void> {
  await db.getRepository(StaySurvey).update({ id }, { caseId });
}

/** The overall scores each guest answered, for the satisfaction class; one statement for many guests. */
export async function overallScoresOfGuests(
  db: Pick<EntityManager, 'query'>,
  guestIds: readonly string[],
): Promise<{ guestId: string; overall: number }[]> {
  return db.query(
    `SELECT guest_id AS "guestId", overall FROM service_recovery.survey
      WHERE guest_id = ANY($1::uuid[]) AND submitted_at IS NOT NULL AND overall IS NOT NULL`,
    [guestIds],
  );
}
