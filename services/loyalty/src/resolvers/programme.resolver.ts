import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { Loyalty } from '../operations/loyalty.js';
import { createPromotion, type PromotionInput, setEarningRate } from '../operations/programme.js';
import { EarningRateRow, PromotionRow } from '../persistence/programme.entity.js';

const PROGRAMME_MANAGERS = ['LOYALTY', 'MANAGER'] as const;

export function programmeResolvers(l: Loyalty) {
  return {
    Query: {
      loyaltyEarningRates: () => l.dataSource.getRepository(EarningRateRow).find({ order: { outlet: 'ASC' } }),
      loyaltyPromotions: () =>
        l.dataSource.getRepository(PromotionRow).find({ order: { startsOn: 'DESC', id: 'ASC' } }),
    },
    Mutation: {
      setLoyaltyEarningRate: (
        _: unknown,
        { outlet, pointsPerUnit }: { outlet: string; pointsPerUnit: string },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, PROGRAMME_MANAGERS);
        return setEarningRate(l, ctx, outlet, pointsPerUnit);
      },
      createLoyaltyPromotion: (_: unknown, { input }: { input: PromotionInput }, ctx: RequestContext) => {
        requireRole(ctx, PROGRAMME_MANAGERS);
        return createPromotion(l, ctx, input);
      },
    },
  };
}
