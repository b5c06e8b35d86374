import { type GuestValueFilter, guestIdsByValue, refreshGuestValues } from '../persistence/guest-value.repository.js';
import type { GuestsDeps } from './deps.js';

/** Recency ages every day: everyone's value is recomputed for the hotel's today (idempotent for a date). */
export const refreshAllValues = (deps: GuestsDeps) => refreshGuestValues(deps.rt.dataSource, deps.rt.clock.today());

/** The guests marketing works from: filtered by value, tier and segment, a page at a time in id order. */
export const guestsByValue = (deps: GuestsDeps, filter: GuestValueFilter, after: string | null, limit: number) =>
  guestIdsByValue(deps.rt.dataSource, filter, after, limit);
