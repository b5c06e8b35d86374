import type { dataRights } from '@guest-graph/events';

type SealedChunk = dataRights.SealedChunk;

import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface DataRequestRow {
  id: string;
  guestId: string;
  subjectIds: string[];
  kind: 'EXPORT' | 'ERASURE';
  status: 'PENDING' | 'COMPLETED' | 'REFUSED';
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  completedAt: Date | null;
  lastAskedAt: Date;
  publicKey: string | null;
  privateKey: string | null;
}
export interface DataRequestPartRow {
  requestId: string;
  service: string;
  status: 'PENDING' | 'COMPLETED';
  completedAt: Date | null;
  document: unknown;
}

const requestColumns = (t = '') => `${t}id, ${t}guest_id AS "guestId", ${t}subject_ids AS "subjectIds", ${t}kind,
  ${t}status, ${t}reason, ${t}requested_by AS "requestedBy", ${t}requested_at AS "requestedAt",
  ${t}completed_at AS "completedAt", ${t}last_asked_at AS "lastAskedAt", ${t}public_key AS "publicKey",
  ${t}private_key AS "privateKey"`;
const REQUEST_COLUMNS = requestColumns();

/** The guest and every profile merged into it (at any depth): one person for a data request. */
export async function subjectIdsOf(tx: EntityManager, guestId: string): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(
    `WITH RECURSIVE subject(id) AS (
       SELECT $1::uuid UNION SELECT g.id FROM subject s JOIN guests.guest g ON g.merged_into = s.id)
     SELECT id FROM subject`,
    [guestId],
  );
  return rows.map((r) => r.id);
}

export async function hasStayInHouse(tx: EntityManager, guestIds: string[]): Promise<boolean> {
  const rows = await tx.query(
    "SELECT 1 FROM guests.stay WHERE guest_id = ANY($1::uuid[]) AND status = 'IN_HOUSE' LIMIT 1",
    [guestIds],
  );
  return rows.length > 0;
}

export async function insertDataRequest(
  tx: EntityManager,
  r: Omit<DataRequestRow, 'completedAt' | 'status'> & { requestedByName: string; requestId: string | null },
  services: readonly string[],
): Promise<void> {
  await tx.query(
    `INSERT INTO guests.data_request (id, guest_id, subject_ids, kind, status, reason, requested_by, requested_by_name,
       request_id, requested_at, last_asked_at, public_key, private_key)
     VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.id,
      r.guestId,
      r.subjectIds,
      r.kind,
      r.reason,
      r.requestedBy,
      r.requestedByName,
      r.requestId,
      r.requestedAt,
      r.lastAskedAt,
      r.publicKey,
      r.privateKey,
    ],
  );
  await tx.query(
    `INSERT INTO guests.data_request_part (request_id, service, status)
     SELECT $1, s, 'PENDING' FROM unnest($2::text[]) s`,
    [r.id, services],
  );
}

export async function dataRequestsByIds(db: Db, ids: readonly string[]): Promise<DataRequestRow[]> {
  return db.query(`SELECT ${REQUEST_COLUMNS} FROM guests.data_request WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function lockDataRequest(tx: EntityManager, id: string): Promise<DataRequestRow | null> {
  const rows: DataRequestRow[] = await tx.query(
    `SELECT ${REQUEST_COLUMNS} FROM guests.data_request WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

export const partsOf = (db: Db, requestIds: readonly string[]): Promise<DataRequestPartRow[]> =>
  db.query(
    `SELECT request_id AS "requestId", service, status, completed_at AS "completedAt", document
       FROM guests.data_request_part WHERE request_id = ANY($1::uuid[]) ORDER BY service`,
    [requestIds],
  );

export async function completePart(
  tx: EntityManager,
  requestId: string,
  service: string,
  at: Date,
  document: unknown,
): Promise<void> {
  await tx.query(
    `UPDATE guests.data_request_part SET status = 'COMPLETED', completed_at = $3, document = $4::jsonb
      WHERE request_id = $1 AND service = $2 AND status = 'PENDING'`,
    [requestId, service, at, document === undefined ? null : JSON.stringify(document)],
  );
}

/** Keeps one sealed chunk; returns the chunks of that answer once all of them are in, in order. */
export async function addChunk(
  tx: EntityManager,
  c: { requestId: string; service: string; answerId: string; index: number; count: number; sealed: SealedChunk },
): Promise<SealedChunk[] | null> {
  await tx.query(
    `INSERT INTO guests.data_request_chunk (request_id, service, answer_id, index, count, sealed)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [c.requestId, c.service, c.answerId, c.index, c.count, JSON.stringify(c.sealed)],
  );
  const rows: { sealed: SealedChunk }[] = await tx.query(
    `SELECT sealed FROM guests.data_request_chunk WHERE request_id = $1 AND service = $2 AND answer_id = $3
      ORDER BY index`,
    [c.requestId, c.service, c.answerId],
  );
  return rows.length === c.count ? rows.map((r) => r.sealed) : null;
}

export const dropChunks = (tx: EntityManager, requestId: string, service?: string) =>
  tx.query('DELETE FROM guests.data_request_chunk WHERE request_id = $1 AND ($2::text IS NULL OR service = $2)', [
    requestId,
    service ?? null,
  ]);

/** Completes the request once every part is in; the export's private key goes with it. */
export async function completeIfAnswered(tx: EntityManager, requestId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE guests.data_request SET status = 'COMPLETED', completed_at = $2, private_key = NULL, public_key = NULL
      WHERE id = $1 AND status = 'PENDING'
        AND NOT EXISTS (SELECT 1 FROM guests.data_request_part WHERE request_id = $1 AND status = 'PENDING')
      RETURNING id`,
    [requestId, at],
  );
  return rows.length > 0;
}

/** Pending requests last asked before `before`, with the services still silent; locked, skipping busy ones. */
export async function silentParts(
  tx: EntityManager,
  before: Date,
  limit: number,
): Promise<(DataRequestRow & { silent: string[] })[]> {
  return tx.query(
    `SELECT ${requestColumns('r.')},
            (SELECT array_agg(p.service ORDER BY p.service) FROM guests.data_request_part p
              WHERE p.request_id = r.id AND p.status = 'PENDING') AS silent
       FROM guests.data_request r
      WHERE r.status = 'PENDING' AND r.last_asked_at < $1
      ORDER BY r.last_asked_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [before, limit],
  );
}

export const markAsked = (tx: EntityManager, id: string, at: Date) =>
  tx.query('UPDATE guests.data_request SET last_asked_at = $2, asks = asks + 1 WHERE id = $1', [id, at]);
