import {
  accounts,
  backoffDelay,
  isTransient,
  loyalty,
  NoAnswerError,
  RemoteError,
  serviceRecovery,
} from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import {
  recordAccountReports,
  recordStayCases,
  recordStayPoints,
  type StayReportBackfillState,
  saveStayReportBackfill,
  stayReportBackfillState,
} from '../persistence/stay-report.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * The stay report's backfill: the copy behind staysForExport is kept from events, so on a database that existed
 * before its consumers started, stays checked out earlier would show no points and no cases, and accounts not
 * changed since no grade or type. Once, at first start, guests asks each service for what the copy keeps, as the
 * timelines' backfill does (README "How an event flows", point 5): loyalty the entries stays earned, service
 * recovery the cases about a stay, accounts every account's grade and type, a page at a time by the answerer's
 * keyset cursor.
 *
 * A page is filed with the persistence the live consumers use, under the same keys (a ledger entry's
 * `loyalty:ledger:<id>`, a case's id, an account's id), so a fact told live and answered here is one fact, in
 * whatever order the two arrive: points are inserted once per entry, a case is rewritten with what its service
 * says, an account's grade is kept only when newer. The page's facts and the place after it commit together:
 * a backfill stopped mid-way starts again after the last page it filed, and a finished service (its marker row
 * `completed_at`) is not asked again.
 */

const SOURCES = ['loyalty', 'service-recovery', 'accounts'] as const;
type Source = (typeof SOURCES)[number];

/** A page answered: how many facts, the cursor to ask after (null: that service's history is all in), filing. */
interface Answered {
  facts: number;
  next: string | null;
  file: (tx: EntityManager) => Promise<void>;
}

const TIMEOUT_MS = 10_000;
const PAGE = 500;

/** Each service's question and how its answer is filed. */
const ask: Record<Source, (rt: Runtime, after: string | null, limit: number) => Promise<Answered>> = {
  loyalty: async (rt, after, limit) => {
    const { entries, next } = await rt.bus.request(
      loyalty.stayPointsHistory,
      { after, limit },
      { timeoutMs: TIMEOUT_MS },
    );
    return {
      facts: entries.length,
      next,
      file: (tx) =>
        recordStayPoints(
          tx,
          entries.map((e) => ({ entryKey: e.key, stayId: e.stayId, points: e.points })),
        ),
    };
  },
  'service-recovery': async (rt, after, limit) => {
    const { cases, next } = await rt.bus.request(
      serviceRecovery.stayCaseHistory,
      { after, limit },
      { timeoutMs: TIMEOUT_MS },
    );
    return { facts: cases.length, next, file: (tx) => recordStayCases(tx, cases) };
  },
  accounts: async (rt, after, limit) => {
    const { accounts: found, next } = await rt.bus.request(
      accounts.accountReportHistory,
      { after, limit },
      { timeoutMs: TIMEOUT_MS },
    );
    return {
      facts: found.length,
      next,
      file: (tx) =>
        recordAccountReports(
          tx,
          found.map((a) => ({ accountId: a.accountId, grade: a.grade, type: a.type, at: a.updatedAt })),
        ),
    };
  },
};

/**
 * Runs a page's transaction again when it fails transiently: a deadlock or serialization failure against a live
 * consumer writing the same stay's row at that moment, or a connection lost. After a few tries the error goes
 * up and the next scheduled run starts after the last page filed.
 */
async function retryingTransient(work: () => Promise<void>): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      return await work();
    } catch (e) {
      if (!isTransient(e) || n >= 5) throw e;
      await new Promise((r) => setTimeout(r, backoffDelay(n, 100, 2000)));
    }
  }
}

/**
 * Loads every service's facts into the stay report, page by page from where it stopped; true when all three
 * are in. A service that does not answer is asked again on the next run, after the last page filed.
 */
export async function backfillStayReport(deps: GuestsDeps, pageSize = PAGE): Promise<boolean> {
  const { rt } = deps;
  const ds = rt.dataSource;
  let complete = true;
  for (const source of SOURCES) {
    const start = await stayReportBackfillState(ds, source);
    if (start?.completedAt) continue;
    let progress: StayReportBackfillState = start ?? { after: null, loaded: 0, completedAt: null };
    try {
      for (;;) {
        const page = await ask[source](rt, progress.after, pageSize);
        const next: StayReportBackfillState = {
          after: page.next ?? progress.after,
          loaded: progress.loaded + page.facts,
          completedAt: page.next === null ? rt.clock.now() : null,
        };
        await retryingTransient(() =>
          ds.transaction(async (tx) => {
            await page.file(tx);
            await saveStayReportBackfill(tx, source, next);
          }),
        );
        progress = next;
        rt.logger.info(
          { source, loaded: progress.loaded, done: !page.next },
          `stay report backfill: ${source} ${page.next ? 'in progress' : 'complete'}, ${progress.loaded} fact(s)`,
        );
        if (!page.next) break;
      }
    } catch (e) {
      // Silence or a failed answer: that service is asked again on the next run, from where it stopped.
      if (!(e instanceof NoAnswerError || e instanceof RemoteError)) throw e;
      rt.logger.warn({ source }, `stay report backfill: ${source} did not answer; asking again later`);
      complete = false;
    }
  }
  return complete;
}
