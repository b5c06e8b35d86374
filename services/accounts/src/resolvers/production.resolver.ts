import { badInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { productionWindow, suggestGrade } from '../domain/production.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { monthlyProductionLoader, productionLoader } from './loaders.js';

interface RangeArgs {
  from?: string | null;
  to?: string | null;
  includeBranches?: boolean | null;
}

export function productionResolvers(app: App) {
  const windowOf = (args: RangeArgs) => {
    const window = productionWindow(app.clock.today(), args.from, args.to);
    if (window.from > window.to) throw badInput('from', 'from must not be after to');
    return window;
  };
  return {
    Account: {
      production: async (a: AccountRow, args: RangeArgs, ctx: RequestContext) => {
        const window = windowOf(args);
        const p = await productionLoader(app, ctx, window, Boolean(args.includeBranches)).load(a.id);
        return { ...p, ...window };
      },
      productionByMonth: (a: AccountRow, args: RangeArgs, ctx: RequestContext) =>
        monthlyProductionLoader(app, ctx, windowOf(args), Boolean(args.includeBranches)).load(a.id),
      suggestedGrade: async (a: AccountRow, _: unknown, ctx: RequestContext) =>
        suggestGrade(await productionLoader(app, ctx, productionWindow(app.clock.today()), false).load(a.id)),
    },
  };
}
