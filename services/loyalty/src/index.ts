import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { startConsumers } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { loyaltyOf } from './operations/loyalty.js';
import { LedgerEntry } from './persistence/ledger-entry.entity.js';
import { Membership } from './persistence/membership.entity.js';
import { migrations } from './persistence/migrations/index.js';
import { EarningRateRow, MembershipMerge, PromotionRow, Redemption, Reward } from './persistence/programme.entity.js';
import { StayCredit } from './persistence/stay-credit.entity.js';
import { resolvers } from './resolvers/index.js';

export const loyaltyService: ServiceDefinition = {
  name: 'loyalty',
  schema: 'loyalty',
  defaultPort: 4004,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities: [Membership, LedgerEntry, StayCredit, EarningRateRow, PromotionRow, Reward, Redemption, MembershipMerge],
  migrations,
  start: async (rt) => {
    const l = loyaltyOf(rt);
    await startConsumers(l);
    startJobs(rt, l);
  },
};
export default loyaltyService;

export { loyaltyOf } from './operations/loyalty.js';
export { expirePoints } from './operations/points-expiry.js';
export { rollOverYear } from './operations/year-roll-over.js';
