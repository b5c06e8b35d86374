import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { startConsumers } from './events/consumers.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const creditService: ServiceDefinition = {
  name: 'credit',
  schema: 'credit',
  defaultPort: 4005,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities: [],
  migrations,
  start: async (rt) => {
    await startConsumers(rt);
  },
};
export default creditService;
