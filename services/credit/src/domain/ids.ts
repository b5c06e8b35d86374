const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids here are UUIDs; anything else cannot name a record, and must not reach a uuid column as a SQL error. */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
