import { randomUUID } from 'node:crypto';
import { type Producer, timeline } from '@guest-graph/events';
import {
  backfillTimeline,
  canSee,
  encodeCursor,
  isUuid,
  pageOf,
  pageSize,
  type RequestContext,
} from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { CREDIT_LINE_READERS } from '../domain/access.js';
import { ERASED_WORDS, hiddenServices } from '../domain/timeline.js';
import {
  accountStayHistory,
  backfillState,
  fileLines,
  ownHistory,
  rewriteSummaries,
  saveBackfill,
  type TimelineRow,
  timelinePage,
} from '../persistence/timeline.repository.js';
import type { GuestsDeps } from './deps.js';
import { keyOf } from './pages.js';

/**
 * One timeline per guest (contract README, "Timelines"). The guests service files its own lines in the
 * transaction of the change (no event round trip: the line commits with what it tells), and the other four
 * services' lines from their `timeline.noted` events; both by the fact's key, so a line is filed once.
 */

export const TIMELINE_PAGE = { max: 100, fallback: 20 } as const;

/** A line this service writes about a guest. */
export interface GuestLine {
  guestId: string;
  kind: string;
  summary: string;
  at: Date;
  /** The fact's key, when a backfill could file the same fact (a stay, a preference row); else one is made. */
  key?: string;
}

/**
 * Files a guests-service line in the caller's transaction. For the consent ledger and any other use case of
 * this service that changes what a guest's story says.
 */
export async function recordTimelineEntry(tx: EntityManager, line: GuestLine): Promise<void> {
  await fileLines(tx, [
    {
      guestId: line.guestId,
      key: line.key ?? `guests:${line.kind.toLowerCase()}:${randomUUID()}`,
      kind: line.kind,
      service: 'guests',
      at: line.at,
      summary: line.summary,
    },
  ]);
}

/** Files the guest lines another service noted (its `timeline.noted` event). */
export async function fileNotedLines(tx: EntityManager, source: Producer, entries: timeline.TimelineEntry[]) {
  return fileLines(
    tx,
    entries
      .filter((e) => e.subject === 'GUEST')
      .map((e) => ({ guestId: e.subjectId, key: e.key, kind: e.kind, service: source, at: e.at, summary: e.summary })),
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A page of a guest's timeline as the reader may see it: newest first, credit's lines only for money roles. */
export async function guestTimelinePage(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, TIMELINE_PAGE);
  const key = keyOf(after, [(v) => typeof v === 'string' && INSTANT.test(v), isUuid]);
  const rows = await timelinePage(
    deps.rt.dataSource,
    guestId,
    hiddenServices(canSee(ctx, CREDIT_LINE_READERS)),
    key && { atKey: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  return pageOf(rows, size, (r: TimelineRow) => encodeCursor([r.atKey, r.id]));
}

/**
 * For erasure: leaves nothing of the guest's own on its lines (summaries hold no personal data by rule; this
 * rewrites the few that name a choice of the guest's, such as a preference's category, to the kind's words).
 */
export async function forgetGuest(deps: GuestsDeps, guestId: string, tx?: EntityManager) {
  await rewriteSummaries(tx ?? deps.rt.dataSource.manager, guestId, ERASED_WORDS);
}

/** Loads every service's history into the guests' timelines once (see the kit's `backfillTimeline`). */
export function backfillGuestTimelines(deps: GuestsDeps) {
  const ds = deps.rt.dataSource;
  return backfillTimeline(deps.rt, {
    subject: 'GUEST',
    progress: (source) => backfillState(ds, source),
    file: (source, entries, progress) =>
      ds.transaction(async (tx) => {
        const n = await fileNotedLines(tx, source, entries);
        await saveBackfill(tx, source, progress);
        return n;
      }),
    own: async (after, limit) =>
      (await ownHistory(ds, after, limit)).map((l) => ({
        subject: 'GUEST' as const,
        subjectId: l.guestId,
        key: l.key,
        kind: l.kind as timeline.TimelineKind,
        at: new Date(l.at).toISOString(),
        summary: l.summary,
      })),
  });
}

/** Lines about an account (a direct-billed or company stay), for the accounts service's timeline. */
export async function noteForAccounts(deps: GuestsDeps, tx: EntityManager, entries: timeline.TimelineEntry[]) {
  if (entries.length) await deps.rt.bus.emit(tx, timeline.timelineNoted.guests, { entries });
}

/** The guests service's answer to the accounts backfill: its stays carried by an account. */
export const accountHistory = (deps: GuestsDeps, after: string | null, limit: number) =>
  accountStayHistory(deps.rt.dataSource, after, limit).then((rows) =>
    rows.map((l) => ({
      subject: 'ACCOUNT' as const,
      subjectId: l.guestId,
      key: l.key,
      kind: l.kind as timeline.TimelineKind,
      at: new Date(l.at).toISOString(),
      summary: l.summary,
    })),
  );
