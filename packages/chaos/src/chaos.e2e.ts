import { describe, expect, it } from 'vitest';
import { FULL, runChaos, SHORT } from './chaos.js';

// `npm run chaos` runs the full profile (NATS down 20 s, every consumer service killed); `npm test` this
// short one. Either way: after each fault, once drained, nothing lost, nothing doubled, the money agrees,
// and the only dead letters are the poison messages the run injected.
const full = process.env.CHAOS_PROFILE === 'full';

describe('chaos: the books balance under faults', () => {
  it(
    `keeps every effect exactly once through each fault (${full ? 'full' : 'short'} profile)`,
    async () => {
      const rows = await runChaos(full ? FULL : SHORT);
      for (const r of rows) {
        expect(r.sent, r.fault).toBeGreaterThan(0);
        expect({ fault: r.fault, lost: r.lost, doubled: r.doubled, mismatches: r.mismatches }).toEqual({
          fault: r.fault,
          lost: 0,
          doubled: 0,
          mismatches: [],
        });
        expect(r.deadLetters, r.fault).toBe(r.poison);
        expect(r.unresolved, r.fault).toBe(0);
      }
      expect(rows.at(-1)!.poison).toBeGreaterThan(0);
    },
    full ? 30 * 60_000 : 280_000,
  );
});
