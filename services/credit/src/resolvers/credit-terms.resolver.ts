import { guarded, parseInput } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { readStanding } from '../application/credit-standing.js';
import { assertKnownAccount, placeHold, releaseHold, setCreditTerms } from '../application/credit-terms.js';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import { creditTermsInput, reasonInput } from '../domain/credit-terms.js';

const holdArgs = z.object({ reason: reasonInput });

export const creditTermsResolvers = (app: App) => ({
  Mutation: {
    setCreditTerms: guarded(CREDIT_OFFICERS, async (_: unknown, args: { accountId: string; input: unknown }, ctx) => {
      const input = parseInput(creditTermsInput, args.input, 'input');
      await setCreditTerms(app, ctx.identity, args.accountId, input);
      return readStanding(app, args.accountId);
    }),
    placeCreditHold: guarded(CREDIT_OFFICERS, async (_: unknown, args: { accountId: string; reason: string }, ctx) => {
      const { reason } = parseInput(holdArgs, args, '');
      await assertKnownAccount(app, args.accountId);
      await placeHold(app, args.accountId, reason, ctx.identity.sub);
      return readStanding(app, args.accountId);
    }),
    releaseCreditHold: guarded(
      CREDIT_OFFICERS,
      async (_: unknown, args: { accountId: string; reason: string }, ctx) => {
        const { reason } = parseInput(holdArgs, args, '');
        await assertKnownAccount(app, args.accountId);
        await releaseHold(app, args.accountId, reason, ctx.identity.sub);
        return readStanding(app, args.accountId);
      },
    ),
  },
});
