import { settingsOf } from '@guest-graph/config';
import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { loadSchema } from '@guest-graph/subgraph-kit';
import { recoveryFor } from './application/index.js';
import { markSlaBreaches } from './application/sla-breaches.js';
import { startConsumers } from './events/consumers.js';
import { entities } from './persistence/index.js';
import { migrations } from './persistence/migrations/index.js';
import { resolvers } from './resolvers/index.js';

export const serviceRecoveryService: ServiceDefinition = {
  name: 'service-recovery',
  schema: 'service_recovery',
  defaultPort: 4003,
  typeDefs: loadSchema(import.meta.url, './schema.graphql'),
  resolvers,
  entities,
  migrations,
  start: async (rt) => {
    await startConsumers(rt, recoveryFor(rt).surveys);
    // A CRITICAL case has 15 minutes to be acknowledged: checking every minute keeps escalation timely.
    const everyMs = settingsOf('service-recovery', rt.env).SERVICE_RECOVERY_SLA_CHECK_MS;
    rt.schedule('sla-breaches', everyMs, () => markSlaBreaches(rt, rt.clock.now()));
  },
};
export default serviceRecoveryService;
export { markSlaBreaches };
