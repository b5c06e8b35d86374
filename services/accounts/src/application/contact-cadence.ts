import { encodeCursor, type Page, pageOf, type Runtime } from '@guest-graph/subgraph-kit';
import { type Cadence, type ContactDue, cadenceCompliance, contactDue } from '../domain/contact-cadence.js';
import { type AccountRow, activePortfolio } from '../persistence/account.repository.js';

/** The contact cadence (拜访频率): how often each grade of account should hear from its sales person. */
export function contactCadence(rt: Runtime, cadence: Cadence) {
  return {
    /** A portfolio's accounts overdue for contact, most overdue first. */
    async accountsDueForContact(ownerId: string | null) {
      const now = rt.clock.now();
      const rows: AccountRow[] = await activePortfolio(rt.dataSource, ownerId);
      return rows
        .map((account) => ({ account, due: contactDue(account, cadence, now, rt.clock.timeZone) }))
        .filter(({ due }) => due.overdue)
        .sort((x, y) => y.due.daysOverdue - x.due.daysOverdue || x.account.name.localeCompare(y.account.name));
    },

    /**
     * The same accounts a page at a time, the longest-waiting first: by the day the next contact was due, then id.
     * Due-ness is computed from the grade's cadence in the hotel's time zone, so the ranking is made in memory
     * over the owner's portfolio (bounded by one sales person's accounts) and the keyset (dueOn, id) is applied to
     * it; a cursor stays valid while accounts are added, since a new row sorts before or after it, never shifts it.
     */
    async accountsDueForContactPage(
      ownerId: string | null,
      first: number,
      after: [dueOn: string, id: string] | null,
    ): Promise<Page<DueRow>> {
      const now = rt.clock.now();
      const rows = (await activePortfolio(rt.dataSource, ownerId))
        .map((account) => ({ account, due: contactDue(account, cadence, now, rt.clock.timeZone) }))
        .filter(({ due }) => due.overdue)
        .sort((x, y) => compareKey(keyOf(x), keyOf(y)));
      const rest = after ? rows.filter((r) => compareKey(keyOf(r), after) > 0) : rows;
      return pageOf(rest.slice(0, first + 1), first, (r) => encodeCursor(keyOf(r)));
    },

    async accountCadenceCompliance(ownerId: string | null) {
      return cadenceCompliance(
        await activePortfolio(rt.dataSource, ownerId),
        cadence,
        rt.clock.now(),
        rt.clock.timeZone,
      );
    },
  };
}

type DueRow = { account: AccountRow; due: ContactDue };
const keyOf = (r: DueRow): [string, string] => [r.due.dueOn, r.account.id];
const compareKey = (x: [string, string], y: [string, string]) =>
  x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
