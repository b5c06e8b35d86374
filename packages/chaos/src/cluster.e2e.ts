import { describe, it } from 'vitest';
import { expectBalanced } from './balanced.js';
import { CLUSTER, CLUSTER_SHORT, runChaos } from './chaos.js';

// The replicated shape: two instances of everything on a three-node NATS cluster. `npm run chaos -- --profile
// cluster` runs the full profile (an instance of every service killed, the leading NATS node killed, Postgres
// down 120 s, a rolling restart); `npm test` this short one (an instance of every service and a NATS node).
// A file of its own, so that it runs beside the single-instance one.
const full = process.env.CHAOS_PROFILE === 'cluster';

describe('chaos on the cluster: the books balance under faults', () => {
  it(
    `keeps every effect exactly once through each fault (${full ? 'full' : 'short'} cluster profile)`,
    async () => {
      expectBalanced(await runChaos(full ? CLUSTER : CLUSTER_SHORT));
    },
    full ? 60 * 60_000 : 900_000,
  );
});
