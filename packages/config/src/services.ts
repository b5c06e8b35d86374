import { z } from 'zod';
import { loadConfig } from './index.js';
import { secret } from './secrets.js';

// Every setting a service reads from its environment, with its default and bounds. The kit validates a
// service's settings with the platform's at start, so a typo stops the process naming the variable instead
// of becoming NaN (a job every millisecond, a window of no days). Settings whose grammar is the hotel's own
// (routing, cadences, festivals) are strings here; the service's domain parses them at start.

/** A whole number within bounds; unset or empty is `fallback`. */
export const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
/** A number (fractions allowed) within bounds; unset or empty is `fallback`. */
export const number = (min: number, max: number, fallback: number) =>
  z.coerce.number().min(min).max(max).default(fallback);

const DAY_MS = 86_400_000;
/** A 32-byte key as 64 hex characters or base64 (the identity-document vault's keys). */
const key32 = z
  .string()
  .trim()
  .refine(
    (v) => (/^[0-9a-fA-F]{64}$/.test(v) ? true : Buffer.from(v, 'base64').length === 32),
    'must be 32 bytes, as 64 hex characters or base64',
  );

export const serviceSettings = {
  guests: {
    /** How long check-in waits for credit (and accounts) before refusing a direct bill. */
    GUESTS_CREDIT_TIMEOUT_MS: wholeNumber(1, 60_000, 3000),
    /** A preference not confirmed for this long is shown as stale. */
    GUESTS_PREFERENCE_STALE_DAYS: wholeNumber(1, 36_500, 540),
    /** How long after a merge it can still be undone. */
    GUESTS_UNMERGE_WINDOW_DAYS: wholeNumber(1, 3650, 30),
    /**
     * Searches by a phone, an email or a document number one member of staff may make in an hour: a desk
     * needs a few an arrival, guessing a document number from its last four and a birth date needs hundreds.
     */
    GUESTS_IDENTIFIER_SEARCHES_PER_HOUR: wholeNumber(1, 100_000, 300),
    /** Festival dates (JSON `{"NAME": ["YYYY-MM-DD", …]}`), parsed by the care list. */
    GUESTS_FESTIVALS: z.string().optional(),
    /**
     * Required in production, and outside development and test the vault refuses to start without them;
     * its development keys otherwise.
     */
    GUESTS_ID_ENCRYPTION_KEY: secret(undefined, key32.optional()),
    GUESTS_ID_INDEX_KEY: secret(undefined, key32.optional()),
  },
  accounts: {
    /** Days ahead of a contract's end that its renewal shows on the alert list. */
    ACCOUNTS_RENEWAL_ALERT_DAYS: wholeNumber(0, 3650, 60),
    /** Contact cadence per grade (`A=30,B=60`), parsed by the sales office's rules. */
    ACCOUNTS_CONTACT_CADENCE: z.string().optional(),
    /** Days without production or contact after which an account becomes DORMANT by itself (seed 004). */
    ACCOUNTS_DORMANT_AFTER_DAYS: wholeNumber(1, 3650, 365),
    /** How often the dormancy job looks; hourly, since it moves accounts by whole days. */
    ACCOUNTS_DORMANCY_EVERY_MS: wholeNumber(10, DAY_MS, 3_600_000),
  },
  credit: {
    /** Days overdue at which each collection stage starts (`FIRST_REMINDER=2,…`), parsed by credit. */
    CREDIT_COLLECTION_DAYS: z.string().optional(),
    /** How often collection stages are moved on; hourly, since stages move by whole days. */
    CREDIT_COLLECTION_EVERY_MS: wholeNumber(10, DAY_MS, 3_600_000),
    /** A direct-bill hold whose stay never checked in is released after this long. */
    CREDIT_AUTHORIZATION_WINDOW_MS: wholeNumber(1000, 7 * DAY_MS, 30 * 60_000),
  },
  loyalty: {
    /** Months without activity after which points expire. */
    LOYALTY_POINTS_EXPIRY_MONTHS: wholeNumber(1, 240, 24),
  },
  'service-recovery': {
    /** How often SLA breaches are looked for: a CRITICAL case has 15 minutes to be acknowledged. */
    SERVICE_RECOVERY_SLA_CHECK_MS: wholeNumber(10, DAY_MS, 60_000),
    /** Same guest, same category within this many days: a repeat. */
    SERVICE_RECOVERY_REPEAT_WINDOW_DAYS: number(0, 3650, 90),
    /** When the follow-up call is due after resolution. */
    SERVICE_RECOVERY_FOLLOW_UP_HOURS: number(0, 24 * 365, 24),
    /** `SEVERITY=minutes,…`, parsed by the SLA rules. */
    SERVICE_RECOVERY_ACK_MINUTES: z.string().optional(),
    SERVICE_RECOVERY_RESOLVE_MINUTES: z.string().optional(),
    /** `CATEGORY=DEPARTMENT,…`, parsed by the routing rules. */
    SERVICE_RECOVERY_ROUTING: z.string().optional(),
    /** `ROLE=points/amount,…`, parsed by the compensation rules. */
    SERVICE_RECOVERY_AUTHORITY: z.string().optional(),
  },
} as const;

export type ServiceName = keyof typeof serviceSettings;
export type ServiceSettings<N extends ServiceName> = {
  [K in keyof (typeof serviceSettings)[N]]: z.output<(typeof serviceSettings)[N][K]>;
};

const loaded = new WeakMap<object, Map<ServiceName, unknown>>();

/**
 * A service's settings from `env`, validated (ConfigError naming each bad variable) and read once per
 * environment object, so resolvers and jobs built from the same runtime share one parse.
 */
export function settingsOf<N extends ServiceName>(name: N, env: NodeJS.ProcessEnv = process.env): ServiceSettings<N> {
  let byName = loaded.get(env);
  if (!byName) {
    byName = new Map();
    loaded.set(env, byName);
  }
  if (!byName.has(name)) byName.set(name, loadConfig(serviceSettings[name], env));
  return byName.get(name) as ServiceSettings<N>;
}
