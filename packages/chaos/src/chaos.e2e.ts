import { describe, expect, it } from 'vitest';
import { CLUSTER, CLUSTER_SHORT, type FaultRow, FULL, type Profile, runChaos, SHORT } from './chaos.js';

// `npm run chaos` runs the full single-instance profile (NATS down 20 s, every service killed, Postgres
// restarted and down for a minute); `npm run chaos -- --profile cluster` the cluster's (two instances of
// everything on a three-node NATS cluster: an instance of every service killed, the leading NATS node killed,
// Postgres down 120 s, a rolling restart). `npm test` runs a short version of each. Either way: after each
// fault, once drained, nothing lost, nothing doubled, the money agrees, and the only dead letters are the
// poison messages the run injected.
const chosen = process.env.CHAOS_PROFILE;
const profiles: [string, Profile, number][] =
  chosen === 'full'
    ? [['full', FULL, 40 * 60_000]]
    : chosen === 'cluster'
      ? [['cluster', CLUSTER, 60 * 60_000]]
      : [
          ['short', SHORT, 280_000],
          ['short cluster', CLUSTER_SHORT, 420_000],
        ];

function expectBalanced(rows: FaultRow[]) {
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
}

describe('chaos: the books balance under faults', () => {
  for (const [name, profile, timeout] of profiles)
    it(
      `keeps every effect exactly once through each fault (${name} profile)`,
      async () => {
        expectBalanced(await runChaos(profile));
      },
      timeout,
    );
});
