import { guarded } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CREDIT_READERS } from '../domain/access.js';
import { loaders } from './loaders.js';

export const accountCreditResolvers = (app: App) => ({
  Account: {
    credit: guarded(CREDIT_READERS, (account: { id: string }, _args, ctx) =>
      loaders(app, ctx).standing.load(account.id),
    ),
  },
});
