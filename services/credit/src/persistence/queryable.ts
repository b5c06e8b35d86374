/** Anything that runs SQL: the DataSource for reads, a transaction's EntityManager for changes. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the function that reads them
  query(sql: string, params?: unknown[]): Promise<any>;
}
