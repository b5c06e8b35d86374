import type { Runtime } from '@guest-graph/subgraph-kit';
import { type Cadence, cadenceCompliance, contactDue } from '../domain/contact-cadence.js';
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
