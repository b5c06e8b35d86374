import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { appFor } from './application/index.js';
import { startConsumers } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { startResponders } from './events/responders.js';
import { entities, migrations } from './persistence/index.js';
import { resolvers } from './resolvers/index.js';

export const loyaltyService: ServiceDefinition = {
  name: 'loyalty',
  schema: 'loyalty',
  defaultPort: 4004,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers: (rt) => resolvers(appFor(rt)),
  entities,
  migrations,
  start: async (rt) => {
    const app = appFor(rt);
    startResponders(rt, app);
    await startConsumers(app);
    startJobs(rt, app);
  },
};
export default loyaltyService;

export { appFor } from './application/index.js';
export { expirePoints } from './application/points-expiry.js';
export { rollOverYear } from './application/year-roll-over.js';
