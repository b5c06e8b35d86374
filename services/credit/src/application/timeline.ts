import { timeline } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { creditLine } from '../domain/timeline.js';
import { type TimelineFact, timelineHistory } from '../persistence/timeline.repository.js';
import type { Credit } from './index.js';

type Entry = timeline.TimelineEntry;

/**
 * Credit's lines on account (and guest) timelines, noted in the transaction of the change under the fact's
 * key; the backfill answers the same lines from the tables.
 */
export async function note(app: Credit, tx: EntityManager, entries: Entry[]) {
  if (entries.length) await app.bus.emit(tx, timeline.timelineNoted.credit, { entries });
}

const at = (d: Date) => d.toISOString();

export const creditEntries = {
  /** An invoice is a line on the account's timeline and on the stay's guest's. */
  invoice: (inv: { id: string; accountId: string; guestId: string | null; amount: string }, when: Date): Entry[] => [
    {
      subject: 'ACCOUNT',
      subjectId: inv.accountId,
      key: `credit:invoice:${inv.id}`,
      at: at(when),
      ...creditLine.invoice(inv.amount),
    },
    ...(inv.guestId
      ? [
          {
            subject: 'GUEST' as const,
            subjectId: inv.guestId,
            key: `credit:invoice:${inv.id}`,
            at: at(when),
            ...creditLine.invoice(inv.amount),
          },
        ]
      : []),
  ],
  payment: (p: { id: string; accountId: string; amount: string }, when: Date): Entry => ({
    subject: 'ACCOUNT',
    subjectId: p.accountId,
    key: `credit:payment:${p.id}`,
    at: at(when),
    ...creditLine.payment(p.amount),
  }),
  hold: (accountId: string, placed: boolean, when: Date): Entry => ({
    subject: 'ACCOUNT',
    subjectId: accountId,
    key: `credit:hold-${placed ? 'placed' : 'released'}:${accountId}:${at(when)}`,
    at: at(when),
    ...(placed ? creditLine.holdPlaced() : creditLine.holdReleased()),
  }),
};

const entryOf =
  (subject: timeline.TimelineSubject) =>
  (f: TimelineFact): Entry => ({
    subject,
    subjectId: f.subjectId,
    key: f.key,
    at: at(new Date(f.at)),
    ...(f.kind === 'INVOICE_ISSUED' ? creditLine.invoice(f.amount) : creditLine.payment(f.amount)),
  });

/** The backfill's answer: invoices (accounts and guests) and payments (accounts). */
export async function history(app: Credit, subject: timeline.TimelineSubject, after: string | null, limit: number) {
  return (await timelineHistory(app.dataSource, subject, after, limit)).map(entryOf(subject));
}
