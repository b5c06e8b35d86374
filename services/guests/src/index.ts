import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { startConsumers } from './events/consumers.js';
import { answerGuestLookups } from './events/responders.js';
import { refreshGuestValues } from './persistence/guest-value.repository.js';
import { entities } from './persistence/index.js';
import { migrations } from './persistence/migrations/index.js';
import { pruneGuestNames } from './persistence/search.js';
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
    // Recency ages every day: refresh everyone's value a few times a day (idempotent for a date).
    rt.schedule('guest-value', 6 * 3_600_000, () => refreshGuestValues(rt.dataSource, rt.clock.today()));
    rt.schedule('name-dictionary-prune', 24 * 3_600_000, () => pruneGuestNames(rt.dataSource));
  },
};
export default guestsService;
