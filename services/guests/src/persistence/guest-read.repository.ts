import type { DataSource, EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { GuestEmailEntity, GuestEntity, GuestPhoneEntity } from './guest.entity.js';
import { CONSENT_COLUMNS, type ConsentRow } from './guest.repository.js';
import { ObservationEntity, PreferenceEntity } from './preference.entity.js';
import { StayChargeEntity, StayEntity } from './stay.entity.js';

/**
 * Batched reads: each takes every key a request asked for and costs one statement, whatever the count
 * (DataLoader calls them once per tick). Keys are uuids checked by the caller.
 */
type Db = DataSource | EntityManager;

export const guestsByIds = (db: Db, ids: readonly string[]) =>
  db.getRepository(GuestEntity).findBy({ id: In([...ids]) });

/**
 * Phones and emails in one statement (a profile, the arrival brief and the contact fields ask for both), in the
 * order each list shows: primary first, then as added.
 */
export async function contactsOf(
  db: Db,
  guestIds: readonly string[],
): Promise<{ phones: GuestPhoneEntity[]; emails: GuestEmailEntity[] }> {
  const rows: {
    kind: 'phone' | 'email';
    id: string;
    guestId: string;
    value: string;
    key: string;
    isPrimary: boolean;
    addedAt: Date;
  }[] = await db.query(
    `SELECT 'phone' AS kind, id, guest_id AS "guestId", number AS value, digits AS key, is_primary AS "isPrimary",
            added_at AS "addedAt"
       FROM guests.guest_phone WHERE guest_id = ANY($1::uuid[])
     UNION ALL
     SELECT 'email', id, guest_id, address, address_lower, is_primary, added_at
       FROM guests.guest_email WHERE guest_id = ANY($1::uuid[])
     ORDER BY "isPrimary" DESC, "addedAt" ASC`,
    [[...guestIds]],
  );
  const phones: GuestPhoneEntity[] = [];
  const emails: GuestEmailEntity[] = [];
  for (const r of rows) {
    const common = { id: r.id, guestId: r.guestId, isPrimary: r.isPrimary, addedAt: r.addedAt };
    if (r.kind === 'phone')
      phones.push(Object.assign(new GuestPhoneEntity(), common, { number: r.value, digits: r.key }));
    else emails.push(Object.assign(new GuestEmailEntity(), common, { address: r.value, addressLower: r.key }));
  }
  return { phones, emails };
}

export const phonesOf = (db: Db, guestIds: readonly string[]) =>
  db.getRepository(GuestPhoneEntity).find({
    where: { guestId: In([...guestIds]) },
    order: { isPrimary: 'DESC', addedAt: 'ASC' },
  });

export const emailsOf = (db: Db, guestIds: readonly string[]) =>
  db.getRepository(GuestEmailEntity).find({
    where: { guestId: In([...guestIds]) },
    order: { isPrimary: 'DESC', addedAt: 'ASC' },
  });

// Answers given under profiles merged into a guest are the guest's too: a merge never moves ledger rows.
const CONSENT_SUBJECTS = `WITH RECURSIVE subject(asked, id) AS (
    SELECT a, a FROM unnest($1::uuid[]) a
    UNION SELECT s.asked, g.id FROM subject s JOIN guests.guest g ON g.merged_into = s.id)`;

/** The latest answer per guest, purpose and channel. */
export const consentsOf = (db: Db, guestIds: readonly string[]): Promise<ConsentRow[]> =>
  db.query(
    `${CONSENT_SUBJECTS}
     SELECT * FROM (
       SELECT DISTINCT ON (s.asked, c.purpose, c.channel) ${CONSENT_COLUMNS.replace('guest_id AS', 's.asked AS')}
         FROM subject s JOIN guests.consent c ON c.guest_id = s.id
        ORDER BY s.asked, c.purpose, c.channel, c.recorded_at DESC, c.seq DESC) latest
      ORDER BY purpose, channel NULLS FIRST`,
    [guestIds],
  );

/** Every answer, newest first. */
export const consentHistoryOf = (db: Db, guestIds: readonly string[]): Promise<ConsentRow[]> =>
  db.query(
    `${CONSENT_SUBJECTS}
     SELECT ${CONSENT_COLUMNS.replace('guest_id AS', 's.asked AS')}
       FROM subject s JOIN guests.consent c ON c.guest_id = s.id
      ORDER BY c.recorded_at DESC, c.seq DESC`,
    [guestIds],
  );

export const currentPreferencesOf = (db: Db, guestIds: readonly string[]) =>
  db.getRepository(PreferenceEntity).find({
    where: { guestId: In([...guestIds]), supersededAt: IsNull() },
    order: { category: 'ASC' },
  });

export const preferenceHistoryOf = (db: Db, guestIds: readonly string[]) =>
  db.getRepository(PreferenceEntity).find({
    where: { guestId: In([...guestIds]) },
    // Two answers in the same instant (a pinned clock, a batch): the current one comes first.
    order: { recordedAt: 'DESC', supersededAt: { direction: 'DESC', nulls: 'FIRST' }, id: 'ASC' },
  });

export const preferencesByIds = (db: Db, ids: readonly string[]) =>
  db.getRepository(PreferenceEntity).findBy({ id: In([...ids]) });

export const observationsOf = (db: Db, guestIds: readonly string[]) =>
  db.getRepository(ObservationEntity).find({
    where: { guestId: In([...guestIds]) },
    order: { observedAt: 'DESC', id: 'ASC' },
  });

export const STAY_COLUMNS = `id, guest_id AS "guestId", origin_guest_id AS "originGuestId", property_code AS "propertyCode",
  room_type AS "roomType", room_number AS "roomNumber", to_char(arrival_date, 'YYYY-MM-DD') AS "arrivalDate",
  to_char(departure_date, 'YYYY-MM-DD') AS "departureDate", nights, nightly_rate::text AS "nightlyRate", purpose,
  payment_method AS "paymentMethod", account_id AS "accountId", authorization_id AS "authorizationId", status,
  total_spend::text AS "totalSpend", checked_in_by AS "checkedInBy", checked_in_at AS "checkedInAt",
  checked_out_by AS "checkedOutBy", checked_out_at AS "checkedOutAt", direct_billed::text AS "directBilled",
  rest_paid_by AS "restPaidBy", rest_paid::text AS "restPaid", reservation_id AS "reservationId"`;

/** The last `last` stays of each guest, newest first, in one statement (a window per guest). */
export async function lastStaysOf(db: Db, guestIds: readonly string[], last: number): Promise<StayEntity[]> {
  return db.query(
    `SELECT ${STAY_COLUMNS} FROM (
       SELECT s.*, row_number() OVER (PARTITION BY guest_id ORDER BY arrival_date DESC, checked_in_at DESC, id) AS rn
         FROM guests.stay s WHERE guest_id = ANY($1::uuid[])
     ) s WHERE rn <= $2 ORDER BY arrival_date DESC, checked_in_at DESC, id`,
    [guestIds, last],
  );
}

export const staysByIds = async (db: Db, ids: readonly string[]): Promise<StayEntity[]> =>
  db.query(`SELECT ${STAY_COLUMNS} FROM guests.stay WHERE id = ANY($1::uuid[])`, [ids]);

export const chargesOf = (db: Db, stayIds: readonly string[]) =>
  db.getRepository(StayChargeEntity).find({ where: { stayId: In([...stayIds]) }, order: { line: 'ASC' } });

export interface StayStatisticsRow {
  guestId: string;
  stays: number;
  nights: number;
  totalSpend: string;
  roomRevenue: string;
  firstStayDate: string | null;
  lastStayDate: string | null;
}

/** Lifetime figures over checked-out stays, per guest. */
export async function stayStatisticsOf(db: Db, guestIds: readonly string[]): Promise<StayStatisticsRow[]> {
  return db.query(
    `SELECT s.guest_id AS "guestId", count(*)::int AS stays, coalesce(sum(s.nights), 0)::int AS nights,
            coalesce(sum(s.total_spend), 0)::text AS "totalSpend",
            coalesce(sum(r.room), 0)::text AS "roomRevenue",
            to_char(min(s.arrival_date), 'YYYY-MM-DD') AS "firstStayDate",
            to_char(max(s.departure_date), 'YYYY-MM-DD') AS "lastStayDate"
       FROM guests.stay s
       LEFT JOIN (SELECT stay_id, sum(amount) AS room FROM guests.stay_charge
                   WHERE outlet = 'ROOM' AND stay_id IN (SELECT id FROM guests.stay WHERE guest_id = ANY($1::uuid[]))
                   GROUP BY stay_id) r ON r.stay_id = s.id
      WHERE s.guest_id = ANY($1::uuid[]) AND s.status = 'CHECKED_OUT'
      GROUP BY s.guest_id`,
    [guestIds],
  );
}
