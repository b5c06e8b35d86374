import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import type { GuestsDeps } from './deps.js';

/** Recency ages every day: everyone's value is recomputed for the hotel's today (idempotent for a date). */
export const refreshAllValues = (deps: GuestsDeps) => refreshGuestValues(deps.rt.dataSource, deps.rt.clock.today());
