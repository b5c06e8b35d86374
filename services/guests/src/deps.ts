import { settingsOf } from '@guest-graph/config';
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

const cache = new WeakMap<Runtime, GuestsDeps>();

/** One vault and one set of settings per running service; a missing production key stops the start. */
export function depsFor(rt: Runtime): GuestsDeps {
  let deps = cache.get(rt);
  if (!deps) {
    const settings = settingsOf('guests', rt.env);
    deps = {
      rt,
      vault: new IdVault(idVaultKeysFrom(rt.env)),
      settings: {
        creditTimeoutMs: settings.GUESTS_CREDIT_TIMEOUT_MS,
        preferenceStaleDays: settings.GUESTS_PREFERENCE_STALE_DAYS,
        unmergeWindowDays: settings.GUESTS_UNMERGE_WINDOW_DAYS,
      },
    };
    cache.set(rt, deps);
  }
  return deps;
}
