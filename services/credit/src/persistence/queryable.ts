/** Anything that runs SQL: the DataSource for reads, a transaction's EntityManager for changes. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the function that reads them
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Runs an UPDATE … RETURNING and gives the rows back. TypeORM answers an UPDATE with [rows, count] but an
 * INSERT with rows, a trap for compare-and-set code that checks what it changed.
 */
export async function updateReturning<R>(db: Queryable, sql: string, params: unknown[]): Promise<R[]> {
  const result = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as R[];
  return result as R[];
}
