import { randomUUID } from 'node:crypto';
import { settingsOf } from '@guest-graph/config';
import { badInput, invalidState, isUuid, notFound } from '@guest-graph/subgraph-kit';
import {
  type CareChannel,
  festivalCalendar,
  monthDayRanges,
  needsConsent,
  nextFestivalDate,
  type Occasion,
  occurrenceIn,
  windowProblem,
} from '../domain/care.js';
import {
  assignOpenFollowUp,
  type CareGivenRow,
  careCandidates,
  completeOpenFollowUp,
  type FollowUpRow,
  followUpExists,
  followUpsDue,
  greetingRecipients,
  insertCareGiven,
  maySendTo,
} from '../persistence/care.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * Care lists: birthdays and anniversaries in a window (in-house and arriving guests first), festival
 * greetings to guests who consented on the channel, and follow-up calls with an owner, due date and outcome.
 */

export interface CarePlace {
  rank: number;
  date: string;
  fullName: string;
  guestId: string;
  occasion: string;
}

/** The care list's total order; a cursor is a place in it. */
export const careOrder = (a: CarePlace, b: CarePlace) =>
  a.rank - b.rank ||
  a.date.localeCompare(b.date) ||
  a.fullName.localeCompare(b.fullName) ||
  a.guestId.localeCompare(b.guestId) ||
  a.occasion.localeCompare(b.occasion);

/** What a care list entry shows (the ranking's own fields stay behind). */
export const careEntry = (e: {
  occasion: Occasion;
  date: string;
  inHouse: boolean;
  arriving: boolean;
  stayId: string | null;
  guestId: string;
}) => ({
  occasion: e.occasion,
  date: e.date,
  inHouse: e.inHouse,
  arriving: e.arriving,
  stayId: e.stayId,
  guestId: e.guestId,
});

export function careLists(deps: GuestsDeps) {
  const { rt } = deps;
  const ds = rt.dataSource;
  const calendar = festivalCalendar(settingsOf('guests', rt.env).GUESTS_FESTIVALS);

  /** A follow-up that did not change: unknown, or already done. */
  const refuse = async (id: string, details: Record<string, unknown>): Promise<never> => {
    if (!(await followUpExists(ds, id))) throw notFound('Follow-up', id);
    throw invalidState('This follow-up is already done', details);
  };

  return {
    /**
     * The whole window, ranked: in-house first, then arriving, then the rest; by date, name, guest and
     * occasion within each (the last two make the order total, so a cursor names one place in it).
     */
    async careWindow(from: string, to: string) {
      const problem = windowProblem(from, to);
      if (problem) throw badInput('to', `to: ${problem}`);
      const rows = await careCandidates(ds, monthDayRanges(from, to), rt.clock.today(), to);
      const entries = rows.flatMap((r) =>
        (
          [
            ['BIRTHDAY', r.birthDate],
            ['ANNIVERSARY', r.anniversaryDate],
          ] as [Occasion, string | null][]
        )
          .map(([occasion, date]) => ({ occasion, date: date && occurrenceIn(date, from, to) }))
          .filter((o): o is { occasion: Occasion; date: string } => Boolean(o.date))
          .map((o) => ({
            occasion: o.occasion,
            date: o.date,
            fullName: r.fullName,
            guestId: r.id,
            stayId: r.stayId,
            inHouse: Boolean(r.inHouse),
            arriving: Boolean(r.arriving),
            rank: r.inHouse ? 0 : r.arriving ? 1 : 2,
          })),
      );
      return entries.sort(careOrder);
    },

    async careList(from: string, to: string, first: number | null | undefined) {
      const entries = await this.careWindow(from, to);
      return entries.slice(0, Math.min(500, Math.max(1, first ?? 100))).map(careEntry);
    },

    async festivalGreetings(festival: string, channel: string, first: number | null | undefined) {
      const date = nextFestivalDate(calendar, festival, rt.clock.today());
      if (!date) throw badInput('festival', `festival: ${festival} is not a festival the hotel's calendar knows`);
      const recipientIds = await greetingRecipients(ds, channel, Math.min(1000, Math.max(1, first ?? 200)));
      return { festival, date, channel, recipientIds };
    },

    followUps: (filter: {
      status?: string | null;
      dueBy?: string | null;
      owner?: string | null;
      first?: number | null;
    }) =>
      followUpsDue(
        ds,
        { status: filter.status ?? 'OPEN', dueBy: filter.dueBy ?? null, owner: filter.owner ?? null },
        Math.min(500, Math.max(1, filter.first ?? 50)),
      ),

    async assignFollowUp(id: string, owner: string, by: string): Promise<FollowUpRow> {
      if (!isUuid(id)) throw notFound('Follow-up', id);
      return (await assignOpenFollowUp(ds, id, owner, rt.clock.now())) ?? refuse(id, { id, by });
    },

    /**
     * Marks a care-list item done (seed 000 §3.1(4)): what was given or sent, by whom, how. Sent care respects
     * the guest's latest consent on that channel (INVALID_STATE otherwise, nothing written); an occasion is
     * marked once.
     */
    async recordCareGiven(
      input: { guestId: string; occasion: string; occasionDate: string; channel: CareChannel; given: string },
      by: string,
    ): Promise<CareGivenRow> {
      if (needsConsent(input.channel) && !(await maySendTo(ds, input.guestId, input.channel)))
        throw invalidState(`The guest has not agreed to hear from the hotel by ${input.channel}: give it in person`, {
          reason: 'NO_CONSENT',
        });
      const row: CareGivenRow = { id: randomUUID(), ...input, givenBy: by, givenAt: rt.clock.now() };
      if (!(await insertCareGiven(ds, row)))
        throw invalidState('This occasion is already marked done for the guest', { reason: 'ALREADY_DONE' });
      return row;
    },

    async completeFollowUp(id: string, outcome: string, by: string): Promise<FollowUpRow> {
      if (!isUuid(id)) throw notFound('Follow-up', id);
      return (await completeOpenFollowUp(ds, id, outcome, by, rt.clock.now())) ?? refuse(id, { id });
    },
  };
}
