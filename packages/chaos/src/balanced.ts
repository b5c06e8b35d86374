import { expect } from 'vitest';
import type { FaultRow } from './chaos.js';

/**
 * What every chaos table must show: after each fault, once drained, nothing lost, nothing doubled, the money
 * agrees, every unsure call settled, and the only dead letters are the poison messages the run injected.
 */
export function expectBalanced(rows: FaultRow[]) {
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
