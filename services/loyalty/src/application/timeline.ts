import { timeline } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { enrolledLine, pointsLine, tierLine } from '../domain/timeline.js';
import { type BookedEntry, bookMany, type NewEntry, stayPointsPage } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { timelineHistory } from '../persistence/timeline.repository.js';
import type { Loyalty } from './loyalty.js';

/** A ledger entry's key, on its timeline line and in the stay report's backfill. */
const ledgerKey = (entryId: string) => `loyalty:ledger:${entryId}`;

/** The entry types a stay earns (and `Stay.pointsEarned` sums); their reference is the stay. */
const STAY_POINTS = new Set(['EARN', 'BONUS']);

/**
 * Loyalty's lines on guests' timelines, noted in the transaction of the change (`timeline.noted`), under the
 * fact's key so the guests service files each once; the backfill answers the same lines from the tables.
 */
export async function note(l: Loyalty, tx: EntityManager, entries: timeline.TimelineEntry[]) {
  if (entries.length) await l.bus.emit(tx, timeline.timelineNoted.loyalty, { entries });
}

/**
 * Books ledger entries (`bookMany`) and notes a line per entry booked. A stay's own entries (EARN, BONUS: the
 * ones `Stay.pointsEarned` sums) carry the stay and their points, so guests' reporting copy of a stay can add
 * them up without asking loyalty.
 */
export async function bookNoted(
  l: Loyalty,
  tx: EntityManager,
  bookings: { membership: Membership; entries: NewEntry[] }[],
): Promise<BookedEntry[][]> {
  const booked = await bookMany(tx, bookings);
  await note(
    l,
    tx,
    booked.flatMap((entries, i) =>
      entries.map((e) => ({
        subject: 'GUEST' as const,
        subjectId: bookings[i]!.membership.guestId,
        key: ledgerKey(e.id),
        at: (bookings[i]!.entries[0]?.occurredAt ?? l.clock.now()).toISOString(),
        ...pointsLine(e.type, e.points),
        ...(STAY_POINTS.has(e.type) && e.reference ? { stayPoints: { stayId: e.reference, points: e.points } } : {}),
      })),
    ),
  );
  return booked;
}

export const enrolledEntry = (membershipId: string, guestId: string, at: Date): timeline.TimelineEntry => ({
  subject: 'GUEST',
  subjectId: guestId,
  key: `loyalty:enrolled:${membershipId}`,
  at: at.toISOString(),
  ...enrolledLine(),
});

export const tierEntry = (guestId: string, from: string, to: string, at: Date): timeline.TimelineEntry => ({
  subject: 'GUEST',
  subjectId: guestId,
  key: `loyalty:tier:${guestId}:${to}:${at.toISOString()}`,
  at: at.toISOString(),
  ...tierLine(from, to),
});

/**
 * The stay report backfill's answer (guests): a page of the entries stays earned, each under the key its live
 * line carries (`loyalty:ledger:<entry id>`), so guests counts an entry once whichever way it came. The cursor is
 * the last entry's ledger sequence.
 */
export async function stayPointsHistory(l: Loyalty, after: string | null, limit: number) {
  const rows = await stayPointsPage(l.dataSource, after && /^\d{1,18}$/.test(after) ? Number(after) : null, limit);
  return {
    entries: rows.map((r) => ({ key: ledgerKey(r.id), stayId: r.stayId, points: r.points })),
    next: rows.length === limit ? String(rows.at(-1)!.seq) : null,
  };
}

/** The backfill's answer: enrolments and ledger entries, as the live path notes them. */
export async function history(l: Loyalty, subject: timeline.TimelineSubject, after: string | null, limit: number) {
  if (subject !== 'GUEST') return [];
  const rows = await timelineHistory(l.dataSource, after, limit);
  return rows.map((r) => ({
    subject: 'GUEST' as const,
    subjectId: r.guestId,
    key: r.key,
    at: new Date(r.at).toISOString(),
    ...(r.kind === 'MEMBER_ENROLLED' ? enrolledLine() : pointsLine(r.type!, Number(r.points))),
  }));
}
