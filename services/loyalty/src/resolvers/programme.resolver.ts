import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import {
  createPromotion,
  listEarningRates,
  listPromotions,
  type PromotionInput,
  setEarningRate,
} from '../application/programme.js';
import { PROGRAMME_MANAGERS } from '../domain/access.js';

export function programmeResolvers(l: App) {
  return {
    Query: {
      loyaltyEarningRates: () => listEarningRates(l),
      loyaltyPromotions: () => listPromotions(l),
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
