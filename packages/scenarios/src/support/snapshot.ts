import { sql } from '@guest-graph/testing';

export const SERVICE_SCHEMAS = ['guests', 'accounts', 'service_recovery', 'loyalty', 'credit'];

/** Row count and checksum of every table of every service schema: `schema.table` → "count:md5". */
export type Snapshot = Record<string, string>;

/**
 * What the database holds, table by table. The outbox's `published_at` is left out: the relay stamps it after
 * the fact, and a stamp is bookkeeping, not a change anyone made. So is `scheduled_job`, which only records
 * which interval each timer last ran for (some run every few seconds, such as the data request re-ask).
 */
export async function snapshot(databaseUrl: string): Promise<Snapshot> {
  const tables = await sql<{ s: string; t: string }>(
    databaseUrl,
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' AND table_name <> 'scheduled_job' ORDER BY 1, 2`,
    [SERVICE_SCHEMAS],
  );
  if (!tables.length) return {};
  const parts = tables.map(({ s, t }) => {
    const row = t === 'outbox' ? `(x.id, x.subject, x.type, x.payload)::text` : 'x::text';
    return `SELECT '${s}.${t}' AS k, count(*)::text || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') AS v FROM "${s}"."${t}" x`;
  });
  const rows = await sql<{ k: string; v: string }>(databaseUrl, parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

/** Tables whose content differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

/**
 * Waits until the outboxes are relayed and the database stops changing (consumers of earlier events have
 * done their work), then returns the snapshot. Polls; asserts nothing about time.
 */
export async function settledSnapshot(databaseUrl: string, { timeoutMs = 20_000 } = {}): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last = await snapshot(databaseUrl);
  let stable = 0;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    const unpublished = await sql<{ n: string }>(
      databaseUrl,
      SERVICE_SCHEMAS.map((s) => `SELECT count(*)::text AS n FROM "${s}".outbox WHERE published_at IS NULL`).join(
        ' UNION ALL ',
      ),
    ).catch(() => [{ n: '0' }]);
    const next = await snapshot(databaseUrl);
    if (unpublished.every((r) => r.n === '0') && changedTables(last, next).length === 0) {
      if (++stable >= 2) return next;
    } else stable = 0;
    last = next;
  }
  throw new Error('The database did not settle');
}
