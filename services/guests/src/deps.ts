import type { Runtime } from '@guest-graph/subgraph-kit';
import { IdVault, idVaultKeysFrom } from './domain/id-vault.js';

/** What the guests service reads from its environment, with the defaults that apply outside production. */
export interface GuestsSettings {
  /** How long check-in waits for the credit service before refusing a direct bill. */
  creditTimeoutMs: number;
  /** A preference not confirmed for this long is shown as stale. */
  preferenceStaleDays: number;
  /** How long after a merge it can still be undone. */
  unmergeWindowDays: number;
}

export interface GuestsDeps {
  rt: Runtime;
  vault: IdVault;
  settings: GuestsSettings;
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};

const cache = new WeakMap<Runtime, GuestsDeps>();

/** One vault and one set of settings per running service; a missing production key stops the start. */
export function depsFor(rt: Runtime): GuestsDeps {
  let deps = cache.get(rt);
  if (!deps) {
    deps = {
      rt,
      vault: new IdVault(idVaultKeysFrom(rt.env)),
      settings: {
        creditTimeoutMs: positive(rt.env, 'GUESTS_CREDIT_TIMEOUT_MS', 3000),
        preferenceStaleDays: positive(rt.env, 'GUESTS_PREFERENCE_STALE_DAYS', 540),
        unmergeWindowDays: positive(rt.env, 'GUESTS_UNMERGE_WINDOW_DAYS', 30),
      },
    };
    cache.set(rt, deps);
  }
  return deps;
}
