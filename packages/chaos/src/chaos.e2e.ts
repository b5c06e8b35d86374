import { describe, it } from 'vitest';
import { expectBalanced } from './balanced.js';
import { FULL, runChaos, SHORT } from './chaos.js';

// `npm run chaos` runs the full single-instance profile (NATS down 20 s, every service killed, Postgres
// restarted and down for a minute); `npm test` this short one. The cluster's are in cluster.e2e.ts.
const full = process.env.CHAOS_PROFILE === 'full';

describe('chaos: the books balance under faults', () => {
  it(
    `keeps every effect exactly once through each fault (${full ? 'full' : 'short'} profile)`,
    async () => {
      expectBalanced(await runChaos(full ? FULL : SHORT));
    },
    full ? 40 * 60_000 : 280_000,
  );
});
