import { subgraphService } from '@guest-graph/subgraph-kit';
import { appFor } from './application/index.js';
import { startConsumers } from './events/consumers.js';
import { startJobs } from './events/jobs.js';
import { startResponders } from './events/responders.js';
import { entities, migrations } from './persistence/index.js';
import { resolvers } from './resolvers/index.js';

export const creditService = subgraphService({
  name: 'credit',
  schema: 'credit',
  defaultPort: 4005,
  moduleUrl: import.meta.url,
  appFor,
  resolvers,
  entities,
  migrations,
  responders: startResponders,
  consumers: startConsumers,
  jobs: startJobs,
});
export default creditService;

export { appFor } from './application/index.js';
