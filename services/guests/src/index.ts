import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { appFor } from './application/index.js';
import { startConsumers } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { answerGuestLookups, answerTimelineHistoryQuestions } from './events/responders.js';
import { entities } from './persistence/index.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const guestsService: ServiceDefinition = {
  name: 'guests',
  schema: 'guests',
  defaultPort: 4001,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers: (rt) => resolvers(appFor(rt)),
  entities,
  migrations,
  start: async (rt) => {
    const app = appFor(rt);
    answerGuestLookups(app);
    answerTimelineHistoryQuestions(app);
    await startConsumers(app);
    startJobs(app);
  },
};
export default guestsService;
