const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids of our records are UUIDs; anything else cannot name one, and must not reach a uuid column, where
 * Postgres would refuse the whole statement (a batch of ids, or an INTERNAL_SERVER_ERROR for one).
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
