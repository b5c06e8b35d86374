import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { startConsumers } from './events/consumers.js';
import { answerGuestLookups } from './events/responders.js';
import { entities } from './persistence/index.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const guestsService: ServiceDefinition = {
  name: 'guests',
  schema: 'guests',
  defaultPort: 4001,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities,
  migrations,
  start: async (rt) => {
    answerGuestLookups(rt);
    await startConsumers(rt);
  },
};
export default guestsService;
