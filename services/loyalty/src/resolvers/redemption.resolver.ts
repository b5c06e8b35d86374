import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { Loyalty } from '../operations/loyalty.js';
import { cancelRedemption, type RedeemInput, redeem } from '../operations/redemption.js';
import { type Redemption, Reward } from '../persistence/programme.entity.js';
import { loaders } from './loaders.js';
import { ENROLLERS } from './membership.resolver.js';

export function redemptionResolvers(l: Loyalty) {
  return {
    Query: {
      loyaltyRewards: () =>
        l.dataSource
          .getRepository(Reward)
          .find({ where: { active: true }, order: { pointsPrice: 'ASC', code: 'ASC' } }),
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
