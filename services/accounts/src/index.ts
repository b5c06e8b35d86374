import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { startConsumers, startResponders } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { entities } from './persistence/entities.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const accountsService: ServiceDefinition = {
  name: 'accounts',
  schema: 'accounts',
  defaultPort: 4002,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities,
  migrations,
  start: async (rt) => {
    startResponders(rt);
    await startConsumers(rt);
    startJobs(rt);
  },
};
export default accountsService;
