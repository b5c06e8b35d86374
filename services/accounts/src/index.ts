import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { appFor } from './application/index.js';
import { startConsumers, startResponders } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { entities } from './persistence/index.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const accountsService: ServiceDefinition = {
  name: 'accounts',
  schema: 'accounts',
  defaultPort: 4002,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers: (rt) => resolvers(appFor(rt)),
  entities,
  migrations,
  start: async (rt) => {
    const app = appFor(rt);
    startResponders(rt.bus, app);
    await startConsumers(rt.bus, app);
    startJobs(rt, app);
  },
};
export default accountsService;
