// biome-ignore lint/suspicious/noExplicitAny: resolver maps are checked against the SDL at start
export type ResolverMap = Record<string, Record<string, any>>;

/**
 * Each feature contributes fields to the same types (Guest, Query, Mutation); merges them type by type. A
 * field two features define would silently lose one of them, so it stops the service at start instead.
 */
export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) {
      for (const name of Object.keys(fields))
        if (out[type] && name in out[type]) throw new Error(`Resolver ${type}.${name} is defined twice`);
      out[type] = { ...out[type], ...fields };
    }
  return out;
}
