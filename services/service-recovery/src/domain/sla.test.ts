import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA, deadlines, parseMinutes, raise, slaOutcome } from './sla.js';

describe('SLA clocks', () => {
  const opened = new Date('2026-03-01T08:00:00Z');
  it('gives the contract due times per severity', () => {
    expect(deadlines('CRITICAL', opened).dueAt.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(deadlines('HIGH', opened).dueAt.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(deadlines('MEDIUM', opened).dueAt.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(deadlines('LOW', opened).dueAt.toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(deadlines('CRITICAL', opened).acknowledgeDueAt.toISOString()).toBe('2026-03-01T08:15:00.000Z');
  });
  it('takes overrides in minutes and refuses nonsense', () => {
    const ack = parseMinutes('CRITICAL=5, LOW=60', DEFAULT_SLA.acknowledgeMs);
    expect(ack.CRITICAL).toBe(5 * 60_000);
    expect(ack.LOW).toBe(3_600_000);
    expect(ack.HIGH).toBe(DEFAULT_SLA.acknowledgeMs.HIGH);
    expect(() => parseMinutes('URGENT=5', DEFAULT_SLA.acknowledgeMs)).toThrow();
    expect(() => parseMinutes('LOW=-1', DEFAULT_SLA.acknowledgeMs)).toThrow();
  });
  it('raises severity one step and stops at CRITICAL', () => {
    expect(raise('LOW')).toBe('MEDIUM');
    expect(raise('HIGH')).toBe('CRITICAL');
    expect(raise('CRITICAL')).toBe('CRITICAL');
  });
});

describe('slaOutcome', () => {
  const due = new Date('2026-05-01T10:00:00Z');
  const at = (iso: string) => new Date(iso);
  it('is MET when done by the deadline and BREACHED when done after it', () => {
    expect(slaOutcome(at('2026-05-01T10:00:00Z'), due, null, at('2026-05-02T00:00:00Z'))).toBe('MET');
    expect(slaOutcome(at('2026-05-01T10:00:01Z'), due, null, at('2026-05-02T00:00:00Z'))).toBe('BREACHED');
  });
  it('is PENDING while undone within time, BREACHED once the deadline passed or was marked', () => {
    expect(slaOutcome(null, due, null, at('2026-05-01T09:59:59Z'))).toBe('PENDING');
    expect(slaOutcome(null, due, null, at('2026-05-01T10:00:01Z'))).toBe('BREACHED');
    expect(slaOutcome(null, due, at('2026-05-01T10:00:00Z'), at('2026-05-01T09:00:00Z'))).toBe('BREACHED');
  });
});
