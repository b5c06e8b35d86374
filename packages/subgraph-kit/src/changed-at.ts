// The `changed_at` column BI's nightly pulls page by (issue 17), as four services' migrations add it: backfilled,
// then kept by a BEFORE UPDATE trigger so no write path can forget it, and indexed with the id for the keyset.
// The text, layout included, is what those migrations ran when they were released (changed-at.test.ts holds
// it to them by hash): change it and a database migrated before differs from one migrated after.

/** The function a `changed_at` trigger runs: it stamps the row being updated. `fn` is schema-qualified. */
export const changedAtFunctionSql = (fn: string) => ({
  up: [
    `
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
      END $$`,
  ],
  down: [`DROP FUNCTION ${fn}()`],
});

export interface ChangedAtTable {
  /** The table's PostgreSQL schema, e.g. `accounts`. */
  schema: string;
  table: string;
  /** What the index (`<name>_changed_idx`), the trigger (`<name>_changed`) and its own function are named after. */
  name: string;
  /**
   * Each existing row's first `changed_at`, an expression over its columns (its latest known moment), or the
   * whole backfill statement where the released migration wrote it over several lines.
   */
  since: string | { statement: string };
  /**
   * A function of the schema's that the tables share (made by `changedAtFunctionSql`): the table's statements
   * then neither create nor drop one. None: the table gets its own, `<schema>.<name>_changed`.
   */
  sharedFunction?: string;
}

/**
 * One table's `changed_at`: up adds, backfills, defaults, requires and indexes the column, then the trigger (and
 * its own function); down drops them in reverse. A table with its own function had its trigger written over two
 * lines, the tables sharing one (credit's) on one: the released layouts.
 */
export function changedAtSql(t: ChangedAtTable): { up: string[]; down: string[] } {
  const table = `${t.schema}.${t.table}`;
  const trigger = `${t.name}_changed`;
  const index = `${t.name}_changed_idx`;
  const own = t.sharedFunction ? null : changedAtFunctionSql(`${t.schema}.${t.name}_changed`);
  const fn = t.sharedFunction ?? `${t.schema}.${t.name}_changed`;
  return {
    up: [
      `ALTER TABLE ${table} ADD COLUMN changed_at timestamptz`,
      typeof t.since === 'string' ? `UPDATE ${table} SET changed_at = ${t.since}` : t.since.statement,
      `ALTER TABLE ${table} ALTER COLUMN changed_at SET DEFAULT clock_timestamp()`,
      `ALTER TABLE ${table} ALTER COLUMN changed_at SET NOT NULL`,
      `CREATE INDEX ${index} ON ${table} (changed_at, id)`,
      ...(own
        ? [
            ...own.up,
            `
      CREATE TRIGGER ${trigger} BEFORE UPDATE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
          ]
        : [`CREATE TRIGGER ${trigger} BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`]),
    ],
    down: [
      `DROP TRIGGER ${trigger} ON ${table}`,
      ...(own?.down ?? []),
      `DROP INDEX ${t.schema}.${index}`,
      `ALTER TABLE ${table} DROP COLUMN changed_at`,
    ],
  };
}
