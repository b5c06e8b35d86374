import type { EventBus } from '@guest-graph/events';
import { sql } from '@guest-graph/testing';
import { SERVICE_SCHEMAS } from '../support/snapshot.js';

export interface Finding {
  where: string;
  value: string;
}

/**
 * Every text, character, JSON and array column of every table in the services' schemas, read from Postgres's
 * own catalogue (so a table added later is scanned without anyone listing it), searched for each value.
 */
export async function scanDatabase(databaseUrl: string, values: string[]): Promise<Finding[]> {
  const columns = await sql<{ schema: string; table: string; column: string }>(
    databaseUrl,
    `SELECT n.nspname AS schema, c.relname AS "table", a.attname AS "column"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND (t.typcategory IN ('S', 'A') OR t.typname IN ('json', 'jsonb'))`,
    [SERVICE_SCHEMAS],
  );
  const found: Finding[] = [];
  for (const { schema, table, column } of columns) {
    const rows = await sql<{ value: string }>(
      databaseUrl,
      `SELECT v AS value FROM unnest($1::text[]) v
        WHERE EXISTS (SELECT 1 FROM "${schema}"."${table}" WHERE strpos("${column}"::text, v) > 0)`,
      [values],
    );
    for (const r of rows) found.push({ where: `${schema}.${table}.${column}`, value: r.value });
  }
  return found;
}

/** Every message still held by the namespace's streams (events and dead letters), searched for each value. */
export async function scanStreams(bus: EventBus, namespace: string, values: string[]): Promise<Finding[]> {
  const found: Finding[] = [];
  const prefix = namespace.replace(/[^a-zA-Z0-9_-]/g, '_');
  for await (const stream of bus.jsm.streams.list()) {
    const name = stream.config.name;
    if (!name.startsWith(`${prefix}_`)) continue;
    for (let seq = stream.state.first_seq; seq <= stream.state.last_seq && stream.state.messages > 0; seq++) {
      const msg = await bus.jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (!msg) continue;
      const text = new TextDecoder().decode(msg.data);
      for (const v of values) if (text.includes(v)) found.push({ where: `${name}#${seq}`, value: v });
    }
  }
  return found;
}
