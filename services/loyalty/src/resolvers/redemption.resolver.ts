import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { cancelRedemption, listRewards, type RedeemInput, redeem } from '../application/redemption.js';
import { ENROLLERS } from '../domain/access.js';
import type { Redemption } from '../persistence/programme.entity.js';
import { loaders } from './loaders.js';

export function redemptionResolvers(l: App) {
  return {
    Query: {
      loyaltyRewards: () => listRewards(l),
    },
    Mutation: {
      redeemPoints: (_: unknown, { input }: { input: RedeemInput }, ctx: RequestContext) => {
        requireRole(ctx, ENROLLERS);
        return redeem(l, ctx, input);
      },
      cancelRedemption: (_: unknown, { id, reason }: { id: string; reason: string }, ctx: RequestContext) => {
        requireRole(ctx, ENROLLERS);
        return cancelRedemption(l, ctx, id, reason);
      },
    },
    LoyaltyRedemption: {
      reward: (r: Redemption, _: unknown, ctx: RequestContext) => loaders(l.dataSource, ctx).reward.load(r.rewardCode),
      // Read fresh: the redemption changed the balance this membership shows.
      membership: (r: Redemption, _: unknown, ctx: RequestContext) =>
        loaders(l.dataSource, ctx).membershipById.load(r.membershipId),
    },
  };
}
