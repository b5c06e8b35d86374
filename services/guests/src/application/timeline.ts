import { type Producer, timeline } from '@guest-graph/events';
import { canSee, type RequestContext, type TimelineLine } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { CREDIT_LINE_READERS } from '../domain/access.js';
import { ERASED_WORDS, hiddenServices } from '../domain/timeline.js';
import { accountStayHistory, guestTimelines, ownHistory } from '../persistence/timeline.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * One timeline per guest (contract README, "Timelines"). The guests service files its own lines in the
 * transaction of the change (no event round trip: the line commits with what it tells), and the other four
 * services' lines from their `timeline.noted` events; both by the fact's key, so a line is filed once.
 */

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
export async function recordTimelineEntry(tx: EntityManager, { guestId, ...line }: GuestLine): Promise<void> {
  await guestTimelines.recordLine(tx, 'guests', { subjectId: guestId, ...line });
}

/** Files the guest lines another service noted (its `timeline.noted` event). */
export const fileNotedLines = (tx: EntityManager, source: Producer, entries: timeline.TimelineEntry[]) =>
  guestTimelines.fileNoted(tx, source, entries);

/** A page of a guest's timeline as the reader may see it: newest first, credit's lines only for money roles. */
export const guestTimelinePage = (
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  first: number | null | undefined,
  after: string | null | undefined,
) => guestTimelines.page(deps.rt.dataSource, guestId, hiddenServices(canSee(ctx, CREDIT_LINE_READERS)), first, after);

/**
 * For erasure: leaves nothing of the guest's own on its lines (summaries hold no personal data by rule; this
 * rewrites the few that name a choice of the guest's, such as a preference's category, to the kind's words).
 */
export async function forgetGuest(deps: GuestsDeps, guestId: string, tx?: EntityManager) {
  await guestTimelines.rewriteSummaries(tx ?? deps.rt.dataSource.manager, guestId, ERASED_WORDS);
}

const entryOf =
  (subject: timeline.TimelineSubject) =>
  (l: TimelineLine): timeline.TimelineEntry => ({
    subject,
    subjectId: l.subjectId,
    key: l.key,
    kind: l.kind as timeline.TimelineKind,
    at: new Date(l.at).toISOString(),
    summary: l.summary,
  });

/** Loads every service's history into the guests' timelines once (see the kit's `backfillTimeline`). */
export const backfillGuestTimelines = (deps: GuestsDeps) =>
  guestTimelines.backfill(deps.rt, async (after, limit) =>
    (await ownHistory(deps.rt.dataSource, after, limit)).map(entryOf('GUEST')),
  );

/** Lines about an account (a direct-billed or company stay), for the accounts service's timeline. */
export async function noteForAccounts(deps: GuestsDeps, tx: EntityManager, entries: timeline.TimelineEntry[]) {
  if (entries.length) await deps.rt.bus.emit(tx, timeline.timelineNoted.guests, { entries });
}

/** The guests service's answer to the accounts backfill: its stays carried by an account. */
export const accountHistory = async (deps: GuestsDeps, after: string | null, limit: number) =>
  (await accountStayHistory(deps.rt.dataSource, after, limit)).map(entryOf('ACCOUNT'));
