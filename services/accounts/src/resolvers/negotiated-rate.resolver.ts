import { isUuid, notFound, parseInput, type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { SALES_ROLES } from '../domain/access.js';
import { accountRateInput, rateInForce } from '../domain/negotiated-rate.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { accountRatesLoader } from './loaders.js';

export function negotiatedRateResolvers(app: App) {
  return {
    Account: {
      negotiatedRates: (a: AccountRow, _: unknown, ctx: RequestContext) => accountRatesLoader(app, ctx).load(a.id),
      rateInForce: async (a: AccountRow, args: { on?: string | null; roomType?: string | null }, ctx: RequestContext) =>
        rateInForce(await accountRatesLoader(app, ctx).load(a.id), args.on ?? app.clock.today(), args.roomType),
    },
    Mutation: {
      addNegotiatedRate: (_: unknown, args: { accountId: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(accountRateInput, args.input);
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        return app.addNegotiatedRate(args.accountId, input);
      },
    },
  };
}
