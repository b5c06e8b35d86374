import { randomUUID } from 'node:crypto';
import { type Producer, timeline } from '@guest-graph/events';
import {
  backfillTimeline,
  badInput,
  canSee,
  decodeCursor,
  encodeCursor,
  isUuid,
  pageOf,
  pageSize,
  type RequestContext,
  type Runtime,
} from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { CREDIT_LINE_READERS } from '../domain/access.js';
import { accountLine, guestLine, hiddenServices } from '../domain/timeline.js';
import {
  backfillState,
  fileLines,
  history,
  saveBackfill,
  type TimelineRow,
  timelinePage,
} from '../persistence/timeline.repository.js';

/**
 * One timeline per account (contract README, "Timelines"). The accounts service files its own lines in the
 * transaction of the change, and the other services' (stays from guests; invoices, payments and holds from
 * credit) from their `timeline.noted` events, by the fact's key, so each line is filed once. It notes a
 * guest's link to an account for the guest's timeline, which the guests service keeps.
 */

export const TIMELINE_PAGE = { max: 100, fallback: 20 } as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type Entry = timeline.TimelineEntry;
type Words = { kind: string; summary: string };

const linkKey = (guestId: string, accountId: string, at: Date) =>
  `accounts:linked:${guestId}:${accountId}:${at.toISOString()}`;

export function accountTimeline(rt: Runtime) {
  const ds = rt.dataSource;

  /** Files an accounts-service line about an account in the caller's transaction. */
  const recordAccountTimelineEntry = (tx: EntityManager, line: Words & { accountId: string; at: Date; key?: string }) =>
    fileLines(tx, [
      {
        accountId: line.accountId,
        key: line.key ?? `accounts:${line.kind.toLowerCase()}:${randomUUID()}`,
        kind: line.kind,
        service: 'accounts',
        at: line.at,
        summary: line.summary,
      },
    ]);

  const fileNoted = (tx: EntityManager, source: Producer, entries: Entry[]) =>
    fileLines(
      tx,
      entries
        .filter((e) => e.subject === 'ACCOUNT')
        .map((e) => ({
          accountId: e.subjectId,
          key: e.key,
          kind: e.kind,
          service: source,
          at: e.at,
          summary: e.summary,
        })),
    );

  const toEntry =
    (subject: timeline.TimelineSubject) =>
    (r: { subjectId: string; key: string; kind: string; detail: string | null; at: Date }): Entry => {
      const words =
        r.kind === 'ACCOUNT_CREATED'
          ? accountLine.created(r.detail ?? 'account')
          : r.kind === 'SALES_ACTIVITY'
            ? accountLine.activity(r.detail ?? 'contact')
            : r.kind === 'CONTRACT_SIGNED'
              ? accountLine.contractSigned()
              : subject === 'GUEST'
                ? guestLine.linked()
                : accountLine.guestLinked();
      return { subject, subjectId: r.subjectId, key: r.key, at: new Date(r.at).toISOString(), ...words };
    };

  return {
    recordAccountTimelineEntry,
    fileNotedLines: fileNoted,

    /** A guest linked to an account: a line on both timelines (the guest's is the guests service's). */
    async noteGuestLinked(tx: EntityManager, guestId: string, accountId: string, at: Date) {
      const key = linkKey(guestId, accountId, at);
      await recordAccountTimelineEntry(tx, { accountId, at, key, ...accountLine.guestLinked() });
      await rt.bus.emit(tx, timeline.timelineNoted.accounts, {
        entries: [{ subject: 'GUEST', subjectId: guestId, key, at: at.toISOString(), ...guestLine.linked() }],
      });
    },

    async accountTimelinePage(
      ctx: RequestContext,
      accountId: string,
      first: number | null | undefined,
      after: string | null | undefined,
    ) {
      const size = pageSize(first, TIMELINE_PAGE);
      let key: unknown[] | null = null;
      if (after != null) {
        key = decodeCursor(after, 'after');
        if (key.length !== 2 || typeof key[0] !== 'string' || !INSTANT.test(key[0]) || !isUuid(key[1]))
          throw badInput('after', 'after: not a cursor of this list');
      }
      const rows = await timelinePage(
        ds,
        accountId,
        hiddenServices(canSee(ctx, CREDIT_LINE_READERS)),
        key && { atKey: String(key[0]), id: String(key[1]) },
        size + 1,
      );
      return pageOf(rows, size, (r: TimelineRow) => encodeCursor([r.atKey, r.id]));
    },

    /** The backfill's answer to the guests service: guests' links to accounts. */
    timelineHistory: async (subject: timeline.TimelineSubject, after: string | null, limit: number) =>
      (await history(ds, subject, after, limit)).map(toEntry(subject)),

    /** Loads every service's history into the accounts' timelines once (see the kit's `backfillTimeline`). */
    backfillTimelines: () =>
      backfillTimeline(rt, {
        subject: 'ACCOUNT',
        progress: (source) => backfillState(ds, source),
        file: (source, entries, progress) =>
          ds.transaction(async (tx) => {
            const n = await fileNoted(tx, source, entries);
            await saveBackfill(tx, source, progress);
            return n;
          }),
        own: async (after, limit) => (await history(ds, 'ACCOUNT', after, limit)).map(toEntry('ACCOUNT')),
      }),
  };
}
