import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
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
  },
};
export default guestsService;
