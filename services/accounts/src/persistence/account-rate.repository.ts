import { type Db } from './account.repository.js';

// Negotiated rates (协议房价), of accounts or of contracts, many at once.

export interface RateRow {
  id: string;
  accountId: string;
  contractId: string | null;
  roomType: string | null;
  rate: string | null;
  discountPercent: number | null;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
}
const RATE_COLUMNS = `id, account_id AS "accountId", contract_id AS "contractId", room_type AS "roomType",
  rate::text AS rate, discount_percent::float8 AS "discountPercent", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(valid_to, 'YYYY-MM-DD') AS "validTo", created_at AS "createdAt"`;
export const ratesOfAccounts = (db: Db, accountIds: readonly string[]): Promise<RateRow[]> =>
  db.query(
    `SELECT ${RATE_COLUMNS} FROM accounts.account_rate WHERE account_id = ANY($1::uuid[])
      ORDER BY valid_from DESC, created_at DESC`,
    [accountIds],
  );
export const ratesOfContracts = (db: Db, contractIds: readonly string[]): Promise<RateRow[]> =>
  db.query(
    `SELECT ${RATE_COLUMNS} FROM accounts.account_rate WHERE contract_id = ANY($1::uuid[])
      ORDER BY valid_from DESC, created_at DESC`,
    [contractIds],
  );

export async function insertRate(db: Db, r: Omit<RateRow, 'createdAt'>, now: Date): Promise<RateRow> {
  const [row] = await db.query(
    `INSERT INTO accounts.account_rate (id, account_id, contract_id, room_type, rate, discount_percent,
       valid_from, valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${RATE_COLUMNS}`,
    [r.id, r.accountId, r.contractId, r.roomType, r.rate, r.discountPercent, r.validFrom, r.validTo, now],
  );
  return row;
}
