import { guarded, isUuid, notFound, parseInput } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { adjustCreditRating, scorecardOf, updateCreditInformation } from '../application/credit-file.js';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import { reasonInput } from '../domain/credit-terms.js';
import { loaders } from './loaders.js';

const informationInput = z.object({
  yearsTrading: z.number().int().min(0, 'must not be negative').max(500).nullish(),
  registeredCapital: z
    .string()
    .refine((v) => !v.startsWith('-'), 'must not be negative')
    .nullish(),
  paymentHistory: z.string().trim().max(2000).nullish(),
  references: z.array(z.string().trim().min(1, 'must not be empty').max(300)).max(20).nullish(),
  notes: z.string().trim().max(2000).nullish(),
});
const adjustmentInput = z.object({
  notches: z.number().int().min(-2, 'at most two notches down').max(2, 'at most two notches up'),
  reason: reasonInput,
});

export const scorecardResolvers = (app: App) => ({
  CreditStanding: {
    scorecard: guarded(CREDIT_OFFICERS, async (s: CreditStanding, _: unknown, ctx) => {
      const asOf = app.clock.today();
      return scorecardOf(s, await loaders(app, ctx).scoreFacts(asOf).load(s.accountId), asOf);
    }),
  },
  Mutation: {
    updateCreditInformation: guarded(
      CREDIT_OFFICERS,
      (_: unknown, args: { accountId: string; input: unknown }, ctx) => {
        const input = parseInput(informationInput, args.input, 'input');
        return updateCreditInformation(
          app,
          args.accountId,
          {
            yearsTrading: input.yearsTrading ?? null,
            registeredCapital: input.registeredCapital ?? null,
            paymentHistory: input.paymentHistory ?? null,
            references: input.references ?? null,
            notes: input.notes ?? null,
          },
          ctx.identity.sub,
        );
      },
    ),
    adjustCreditRating: guarded(
      CREDIT_OFFICERS,
      (_: unknown, args: { accountId: string; notches: number; reason: string }) => {
        const { notches, reason } = parseInput(adjustmentInput, args, '');
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        return adjustCreditRating(app, args.accountId, notches, reason);
      },
    ),
  },
});
