import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const serviceRecoveryService: ServiceDefinition = {
  name: 'service-recovery',
  schema: 'service_recovery',
  defaultPort: 4003,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities: [],
  migrations,
};
export default serviceRecoveryService;
