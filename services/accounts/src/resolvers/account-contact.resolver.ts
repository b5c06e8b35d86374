import {
  badInput,
  guarded,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CONTACT_READERS, SALES_ROLES } from '../domain/access.js';
import { accountContactInput } from '../domain/account-file.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { accountLoader, contactsLoader } from './loaders.js';

export function accountContactResolvers(app: App) {
  return {
    Account: {
      contacts: guarded(CONTACT_READERS, (a: AccountRow, _: unknown, ctx: RequestContext) =>
        contactsLoader(app, ctx).load(a.id),
      ),
    },
    Query: {
      upcomingContactBirthdays: async (
        _: unknown,
        args: { withinDays?: number | null; ownerId?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        const within = args.withinDays ?? 14;
        if (within < 0 || within > 366) throw badInput('withinDays', 'withinDays must be 0 to 366');
        const accounts = accountLoader(app, ctx);
        return (await app.upcomingContactBirthdays(within, args.ownerId ?? null)).map((c) => ({
          contact: c,
          account: accounts.load(c.accountId),
          on: c.on,
          daysAway: c.daysAway,
          turning: c.turning,
        }));
      },
    },
    Mutation: {
      addAccountContact: (_: unknown, args: { accountId: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(accountContactInput, args.input);
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        return app.addAccountContact(args.accountId, input);
      },
    },
  };
}
