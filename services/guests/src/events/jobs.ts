import type { GuestsApp } from '../application/index.js';

/** The guests service's timers. */
export function startJobs(app: GuestsApp) {
  // A few times a day, so a restart or a missed run never leaves values a day old.
  app.rt.schedule('guest-value', 6 * 3_600_000, () => app.refreshAllValues());
  app.rt.schedule('name-dictionary-prune', 24 * 3_600_000, () => app.pruneNameDictionary());
  // Until every service's history is in (a finished run is one read per source).
  app.rt.schedule('timeline-backfill', 5_000, () => app.backfillTimelines());
}
