import { guarded, parseInput, type Runtime } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { creditTermsInput, reasonInput } from '../domain/credit-terms.js';
import { assertKnownAccount, placeHold, releaseHold, setCreditTerms } from '../workflows/credit-terms.js';
import { readStanding } from './account-credit.resolver.js';
import { CREDIT_OFFICERS } from './roles.js';

const holdArgs = z.object({ reason: reasonInput });

export const creditTermsResolvers = (rt: Runtime) => ({
  Mutation: {
    setCreditTerms: guarded(CREDIT_OFFICERS, async (_: unknown, args: { accountId: string; input: unknown }, ctx) => {
      const input = parseInput(creditTermsInput, args.input, 'input');
      await setCreditTerms(rt, ctx.identity, args.accountId, input);
      return readStanding(rt, args.accountId);
    }),
    placeCreditHold: guarded(CREDIT_OFFICERS, async (_: unknown, args: { accountId: string; reason: string }, ctx) => {
      const { reason } = parseInput(holdArgs, args, '');
      await assertKnownAccount(rt, args.accountId);
      await placeHold(rt, args.accountId, reason, ctx.identity.sub);
      return readStanding(rt, args.accountId);
    }),
    releaseCreditHold: guarded(
      CREDIT_OFFICERS,
      async (_: unknown, args: { accountId: string; reason: string }, ctx) => {
        const { reason } = parseInput(holdArgs, args, '');
        await assertKnownAccount(rt, args.accountId);
        await releaseHold(rt, args.accountId, reason, ctx.identity.sub);
        return readStanding(rt, args.accountId);
      },
    ),
  },
});
