import { type Queryable } from '@guest-graph/db';
import type { AccountGrade, AccountStatus, AccountType } from '../domain/account-file.js';
import type { Production, ProductionWindow } from '../domain/production.js';

/** A DataSource or a transaction's EntityManager. */
export type Db = Queryable;

export interface AccountRow {
  id: string;
  name: string;
  type: AccountType;
  grade: AccountGrade | null;
  status: AccountStatus;
  industry: string | null;
  address: string | null;
  natureOfBusiness: string | null;
  personInCharge: string | null;
  mainNeeds: string | null;
  paymentMethod: string | null;
  channel: string | null;
  contactName: string | null;
  contactPhone: string | null;
  negotiatedRate: string | null;
  discountPercent: number | null;
  ownerId: string | null;
  parentId: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ACCOUNT_COLUMNS = `a.id, a.name, a.type, a.grade, a.status, a.industry, a.address,
  a.nature_of_business AS "natureOfBusiness", a.person_in_charge AS "personInCharge", a.main_needs AS "mainNeeds",
  a.payment_method AS "paymentMethod", a.acquisition_channel AS channel, a.contact_name AS "contactName", a.contact_phone AS "contactPhone",
  a.negotiated_rate::text AS "negotiatedRate", a.discount_percent::float8 AS "discountPercent",
  a.owner_id AS "ownerId", a.parent_id AS "parentId", a.last_contact_at AS "lastContactAt",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

export async function accountsByIds(db: Db, ids: readonly string[]): Promise<AccountRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a WHERE a.id = ANY($1::uuid[])`, [ids]);
}

/** The account each guest travels for, in one statement for any number of guests. */
export async function accountsOfGuests(
  db: Db,
  guestIds: readonly string[],
): Promise<(AccountRow & { guestId: string })[]> {
  if (!guestIds.length) return [];
  return db.query(
    `SELECT l.guest_id AS "guestId", ${ACCOUNT_COLUMNS}
       FROM accounts.guest_link l JOIN accounts.account a ON a.id = l.account_id
      WHERE l.guest_id = ANY($1::uuid[])`,
    [guestIds],
  );
}

export async function branchesOf(db: Db, parentIds: readonly string[]): Promise<AccountRow[]> {
  return db.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a WHERE a.parent_id = ANY($1::uuid[]) ORDER BY a.name, a.id`,
    [parentIds],
  );
}

/** The account's ancestors, nearest first (a group's parent chain). */
export async function ancestryOf(db: Db, accountId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM accounts.account WHERE id = $1
       UNION ALL
       SELECT a.id, a.parent_id, up.depth + 1 FROM accounts.account a JOIN up ON a.id = up.parent_id WHERE up.depth < 100
     )
     SELECT id FROM up ORDER BY depth`,
    [accountId],
  );
  return rows.map((r) => r.id);
}

// --- Production --------------------------------------------------------------------------------------------

/**
 * Production of many accounts over one window in one statement. With branches, each requested account's whole
 * tree is summed (a group's roll-up); each stay belongs to one account, so nothing is counted twice.
 */
export async function productionOf(
  db: Db,
  accountIds: readonly string[],
  window: ProductionWindow,
  includeBranches: boolean,
): Promise<(Production & { accountId: string })[]> {
  const totals = `count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
                  coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue`;
  if (!includeBranches)
    return db.query(
      `SELECT p.account_id AS "accountId", ${totals}
         FROM accounts.stay_production p
        WHERE p.account_id = ANY($1::uuid[]) AND p.production_date BETWEEN $2::date AND $3::date
        GROUP BY p.account_id`,
      [accountIds, window.from, window.to],
    );
  return db.query(
    `WITH RECURSIVE tree(root, id) AS (
       SELECT id, id FROM accounts.account WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT tree.root, a.id FROM accounts.account a JOIN tree ON a.parent_id = tree.id
     )
     SELECT tree.root AS "accountId", ${totals}
       FROM tree JOIN accounts.stay_production p
         ON p.account_id = tree.id AND p.production_date BETWEEN $2::date AND $3::date
      GROUP BY tree.root`,
    [accountIds, window.from, window.to],
  );
}

export async function monthlyProductionOf(
  db: Db,
  accountIds: readonly string[],
  window: ProductionWindow,
  includeBranches: boolean,
): Promise<(Production & { accountId: string; month: string })[]> {
  const tree = includeBranches
    ? `WITH RECURSIVE tree(root, id) AS (
         SELECT id, id FROM accounts.account WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT tree.root, a.id FROM accounts.account a JOIN tree ON a.parent_id = tree.id
       )`
    : 'WITH tree(root, id) AS (SELECT x, x FROM unnest($1::uuid[]) AS x)';
  return db.query(
    `${tree}
     SELECT tree.root AS "accountId", to_char(p.production_date, 'YYYY-MM') AS month,
            count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
            coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue
       FROM tree JOIN accounts.stay_production p
         ON p.account_id = tree.id AND p.production_date BETWEEN $2::date AND $3::date
      GROUP BY tree.root, month
      ORDER BY month`,
    [accountIds, window.from, window.to],
  );
}

// --- Travellers ---------------------------------------------------------------------------------------------

export async function travellersOf(
  db: Db,
  accountIds: readonly string[],
  perAccount: number,
): Promise<{ accountId: string; guestId: string; linkedAt: Date }[]> {
  return db.query(
    `SELECT t."accountId", t."guestId", t."linkedAt" FROM (
       SELECT l.account_id AS "accountId", l.guest_id AS "guestId", l.linked_at AS "linkedAt",
              row_number() OVER (PARTITION BY l.account_id ORDER BY l.linked_at DESC, l.guest_id) AS n
         FROM accounts.guest_link l WHERE l.account_id = ANY($1::uuid[])
     ) t WHERE t.n <= $2 ORDER BY t."linkedAt" DESC, t."guestId"`,
    [accountIds, perAccount],
  );
}
