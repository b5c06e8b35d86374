import { settingsOf } from '@guest-graph/config';
import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { collectionPolicyFrom } from './domain/collection-stage.js';
import { startConsumers } from './events/consumers.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { releaseAbandonedHolds } from './workflows/abandoned-holds.js';
import { runCollection } from './workflows/collection-job.js';

export const creditService: ServiceDefinition = {
  name: 'credit',
  schema: 'credit',
  defaultPort: 4005,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities: [],
  migrations,
  start: async (rt) => {
    const settings = settingsOf('credit', rt.env);
    const policy = collectionPolicyFrom(settings.CREDIT_COLLECTION_DAYS);
    await startConsumers(rt);
    // Hourly by default: stages move by whole days, and a run that finds nothing to do costs three reads.
    rt.schedule('credit-collection', settings.CREDIT_COLLECTION_EVERY_MS, () =>
      runCollection(rt, rt.clock.today(), policy),
    );
    rt.schedule('credit-abandoned-holds', 5 * 60_000, () =>
      releaseAbandonedHolds(rt, settings.CREDIT_AUTHORIZATION_WINDOW_MS),
    );
  },
};
export default creditService;
