import { settingsOf } from '@guest-graph/config';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { IdVault, idVaultKeysFrom } from '../domain/id-vault.js';

/** What the guests service reads from its environment, with the defaults that apply outside production. */
export interface GuestsSettings {
  /** How long check-in waits for the credit service before refusing a direct bill. */
  creditTimeoutMs: number;
  /** A preference not confirmed for this long is shown as stale. */
  preferenceStaleDays: number;
  /** How long after a merge it can still be undone. */
  unmergeWindowDays: number;
  /** Searches by an identifier one caller may make in an hour. */
  identifierSearchesPerHour: number;
}

export interface GuestsDeps {
  rt: Runtime;
  vault: IdVault;
  settings: GuestsSettings;
}

/**
 * The composition root's helper: the vault and the settings every use case shares, read once from the
 * environment when `appFor` builds the application (a missing production key stops the start).
 */
export function depsFor(rt: Runtime): GuestsDeps {
  const settings = settingsOf('guests', rt.env);
  return {
    rt,
    vault: new IdVault(idVaultKeysFrom(rt.env)),
    settings: {
      creditTimeoutMs: settings.GUESTS_CREDIT_TIMEOUT_MS,
      preferenceStaleDays: settings.GUESTS_PREFERENCE_STALE_DAYS,
      unmergeWindowDays: settings.GUESTS_UNMERGE_WINDOW_DAYS,
      identifierSearchesPerHour: settings.GUESTS_IDENTIFIER_SEARCHES_PER_HOUR,
    },
  };
}
