import { settingsOf } from '@guest-graph/config';
import { type RequestContext, type Runtime, requireRole } from '@guest-graph/subgraph-kit';
import { cadenceCompliance, contactDue, parseCadence } from '../domain/contact-cadence.js';
import { ACCOUNT_COLUMNS, type AccountRow } from '../persistence/account.repository.js';
import { primeAccounts } from './loaders.js';
import { REPORT_READERS, SALES_ROLES } from './roles.js';

export function contactCadenceResolvers(rt: Runtime) {
  const cadence = parseCadence(settingsOf('accounts', rt.env).ACCOUNTS_CONTACT_CADENCE);

  /** A sales person's portfolio (everyone's without an owner); dormant accounts are not chased. */
  const portfolio = (ownerId?: string | null): Promise<AccountRow[]> =>
    rt.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a
        WHERE a.status <> 'DORMANT' AND ($1::text IS NULL OR a.owner_id = $1)`,
      [ownerId ?? null],
    );

  return {
    Query: {
      accountsDueForContact: async (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const now = rt.clock.now();
        const rows = await portfolio(args.ownerId);
        primeAccounts(rt, ctx, rows);
        return rows
          .map((a) => ({ a, due: contactDue(a, cadence, now, rt.clock.timeZone) }))
          .filter(({ due }) => due.overdue)
          .sort((x, y) => y.due.daysOverdue - x.due.daysOverdue || x.a.name.localeCompare(y.a.name))
          .map(({ a, due }) => ({
            account: a,
            grade: a.grade,
            cadenceDays: due.cadenceDays,
            lastContactAt: a.lastContactAt,
            dueOn: due.dueOn,
            daysOverdue: due.daysOverdue,
          }));
      },
      accountCadenceCompliance: async (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, REPORT_READERS);
        return cadenceCompliance(await portfolio(args.ownerId), cadence, rt.clock.now(), rt.clock.timeZone);
      },
    },
  };
}
