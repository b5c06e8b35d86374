import type { Queryable } from './index.js';

/**
 * A mutation a client may retry (after a timeout, a lost answer): the caller's `requestId` names it, and the
 * same name from the same caller gets the first result again (contract README, "Guests, further rules").
 * The table's primary key decides, not a look before the insert: two retries racing each other both insert,
 * the second waits on the first's uncommitted row and then sees the conflict.
 */
export interface RequestKey {
  /** The staff id the request came from: one caller's id is not another's. */
  caller: string;
  /** The mutation, so one id reused for two kinds of change does not mix them. */
  operation: string;
  requestId: string;
}

/** The table, for a service's migration (`schema.request_once`). */
export const requestOnceTableSql = (schema: string) => `CREATE TABLE "${schema}".request_once (
  caller text NOT NULL,
  operation text NOT NULL,
  request_id text NOT NULL,
  result_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, operation, request_id)
)`;

/** The longest `requestId` taken: a UUID or a client's own key fits well within it. */
export const MAX_REQUEST_ID_LENGTH = 200;

/**
 * Claims the request inside the transaction that makes the change, as its first statement. Answers null when
 * this is the first time (go on, then `settleRequest` with the result), or the first result's id when the same
 * request was done before (change nothing; answer with it). A claim whose transaction rolls back is gone, so a
 * request that failed may be retried.
 */
export async function claimRequest(tx: Queryable, schema: string, key: RequestKey): Promise<string | null> {
  const claimed = await tx.query(
    `INSERT INTO "${schema}".request_once (caller, operation, request_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING request_id`,
    [key.caller, key.operation, key.requestId],
  );
  if (Array.isArray(claimed) && claimed.length) return null;
  const earlier = await firstResultOf(tx, schema, key);
  if (!earlier) throw new Error(`request ${key.operation} was claimed without a result`);
  return earlier;
}

/** Records what the claimed request made, in the same transaction. */
export async function settleRequest(tx: Queryable, schema: string, key: RequestKey, resultId: string): Promise<void> {
  await tx.query(
    `UPDATE "${schema}".request_once SET result_id = $4 WHERE caller = $1 AND operation = $2 AND request_id = $3`,
    [key.caller, key.operation, key.requestId, resultId],
  );
}

/** The first result of a request already done, or null (a look-up before slow work; the claim still decides). */
export async function firstResultOf(db: Queryable, schema: string, key: RequestKey): Promise<string | null> {
  const rows = await db.query(
    `SELECT result_id FROM "${schema}".request_once WHERE caller = $1 AND operation = $2 AND request_id = $3`,
    [key.caller, key.operation, key.requestId],
  );
  return rows[0]?.result_id ?? null;
}

/** The three calls bound to one service's schema, for its persistence layer. */
export const requestOnce = (schema: string) => ({
  claim: (tx: Queryable, key: RequestKey) => claimRequest(tx, schema, key),
  settle: (tx: Queryable, key: RequestKey, resultId: string) => settleRequest(tx, schema, key, resultId),
  firstResult: (db: Queryable, key: RequestKey) => firstResultOf(db, schema, key),
});
