import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { appFor } from './application/index.js';
import { markSlaBreaches } from './application/sla-breaches.js';
import { startConsumers } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { startResponders } from './events/responders.js';
import { entities, migrations } from './persistence/index.js';
import { resolvers } from './resolvers/index.js';

export const serviceRecoveryService: ServiceDefinition = {
  name: 'service-recovery',
  schema: 'service_recovery',
  defaultPort: 4003,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers: (rt) => resolvers(appFor(rt)),
  entities,
  migrations,
  start: async (rt) => {
    const app = appFor(rt);
    startResponders(rt);
    await startConsumers(app);
    startJobs(rt, app);
  },
};
export default serviceRecoveryService;
export { appFor, markSlaBreaches };
