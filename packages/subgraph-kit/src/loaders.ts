import DataLoader from 'dataloader';

/**
 * One DataLoader per name per request: the batching scope that makes "100 guests cost a constant number of
 * queries" hold, and the cache that never outlives a request (so nobody reads another caller's data).
 */
export class LoaderScope {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  for<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 }) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders rows to match `keys` (DataLoader's contract): one value, or `missing`, per key. */
export function byKey<K, R, M = null>(
  keys: readonly K[],
  rows: R[],
  key: (r: R) => K,
  missing: M = null as M,
): (R | M)[] {
  const map = new Map<K, R>();
  for (const r of rows) map.set(key(r), r);
  return keys.map((k) => map.get(k) ?? missing);
}

/** Groups rows by key in `keys` order: a list (possibly empty) per key. */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], key: (r: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
