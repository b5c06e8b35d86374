import { keepBackfilling } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';

/** The guests service's timers. */
export function startJobs(app: GuestsApp) {
  // A few times a day, so a restart or a missed run never leaves values a day old.
  app.rt.schedule('guest-value', 6 * 3_600_000, () => app.refreshAllValues());
  // A data request's silent services are asked again (REASK_AFTER_MS after the last ask).
  app.rt.schedule('data-request-reask', 5_000, () => app.reaskDataRequests());
  app.rt.schedule('merge-snapshot-purge', 24 * 3_600_000, () => app.purgeMergeSnapshots());
  app.rt.schedule('name-dictionary-prune', 24 * 3_600_000, () => app.pruneNameDictionary());
  keepBackfilling(app.rt, () => app.backfillTimelines());
  // The stay report's backfill, as the timelines': at start (not awaited), then every five minutes until every
  // service has answered; once done, a read of its marker rows each time.
  app.rt.schedule('stay-report-backfill', 5 * 60_000, () => app.backfillStayReport(), { firstAfterMs: 100 });
}
