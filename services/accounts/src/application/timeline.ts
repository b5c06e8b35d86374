import { type Producer, timeline } from '@guest-graph/events';
import { canSee, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { CREDIT_LINE_READERS } from '../domain/access.js';
import { accountLine, guestLine, hiddenServices } from '../domain/timeline.js';
import { accountTimelines, history } from '../persistence/timeline.repository.js';

/**
 * One timeline per account (contract README, "Timelines"). The accounts service files its own lines in the
 * transaction of the change, and the other services' (stays from guests; invoices, payments and holds from
 * credit) from their `timeline.noted` events, by the fact's key, so each line is filed once. It notes a
 * guest's link to an account for the guest's timeline, which the guests service keeps.
 */

type Entry = timeline.TimelineEntry;
type Words = { kind: string; summary: string };

const linkKey = (guestId: string, accountId: string, at: Date) =>
  `accounts:linked:${guestId}:${accountId}:${at.toISOString()}`;

export function accountTimeline(rt: Runtime) {
  const ds = rt.dataSource;

  /** Files an accounts-service line about an account in the caller's transaction. */
  const recordAccountTimelineEntry = (
    tx: EntityManager,
    { accountId, ...line }: Words & { accountId: string; at: Date; key?: string },
  ) => accountTimelines.recordLine(tx, 'accounts', { subjectId: accountId, ...line });

  const fileNoted = (tx: EntityManager, source: Producer, entries: Entry[]) =>
    accountTimelines.fileNoted(tx, source, entries);

  const toEntry =
    (subject: timeline.TimelineSubject) =>
    (r: { subjectId: string; key: string; kind: string; detail: string | null; at: Date }): Entry => {
      const [startsOn = '', endsOn = '', vip] = (r.detail ?? '').split('|');
      const words =
        r.kind === 'EVENT_INVITED' || r.kind === 'EVENT_ATTENDED'
          ? (r.kind === 'EVENT_INVITED' ? guestLine.eventInvited : guestLine.eventAttended)(
              startsOn,
              endsOn,
              vip === 'true',
            )
          : r.kind === 'ACCOUNT_CREATED'
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

    accountTimelinePage: (
      ctx: RequestContext,
      accountId: string,
      first: number | null | undefined,
      after: string | null | undefined,
    ) => accountTimelines.page(ds, accountId, hiddenServices(canSee(ctx, CREDIT_LINE_READERS)), first, after),

    /** The backfill's answer to the guests service: guests' links to accounts. */
    timelineHistory: async (subject: timeline.TimelineSubject, after: string | null, limit: number) =>
      (await history(ds, subject, after, limit)).map(toEntry(subject)),

    /** Loads every service's history into the accounts' timelines once (see the kit's `backfillTimeline`). */
    backfillTimelines: () =>
      accountTimelines.backfill(rt, async (after, limit) =>
        (await history(ds, 'ACCOUNT', after, limit)).map(toEntry('ACCOUNT')),
      ),
  };
}
