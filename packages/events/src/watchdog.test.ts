import { describe, expect, it } from 'vitest';
import { type ConsumerState, remedyFor, type WatchState } from './watchdog.js';

const ACK_WAIT = 30_000;
const T0 = Date.UTC(2026, 0, 1);
const replicated = { leader: 'n1', replicas: [{}, {}] };
const info = (o: Partial<ConsumerState> & { floor?: number } = {}): ConsumerState => ({
  num_pending: 0,
  num_ack_pending: 0,
  num_waiting: 1,
  ack_floor: { stream_seq: o.floor ?? 10 },
  ...o,
});

/** Rounds every 15 s from T0 with the same server view; the remedy of the last. */
function after(ms: number, state: ConsumerState, watch: WatchState = { lastReceived: T0 }) {
  let remedy = remedyFor(state, watch, T0, ACK_WAIT);
  for (let t = 15_000; t <= ms; t += 15_000) remedy = remedyFor(state, watch, T0 + t, ACK_WAIT);
  return { remedy, watch };
}

describe('the consumer watchdog', () => {
  it('leaves a process alone that was given or finished something within two ack waits', () => {
    expect(after(45_000, info({ num_pending: 50, num_waiting: 0 })).remedy).toBe('none');
    expect(after(45_000, info({ num_ack_pending: 20, num_waiting: 0 })).remedy).toBe('none');
  });

  it('asks for a new leader even while the process is given messages, once the ack floor stood three ack waits', () => {
    // Redeliveries handled and acknowledged in vain: the leader does not count the acknowledgements.
    const watch: WatchState = { lastReceived: T0 };
    const stuck = info({ num_ack_pending: 16, num_waiting: 3, cluster: replicated });
    for (let t = 0; t < 90_000; t += 15_000) {
      watch.lastReceived = T0 + t;
      expect(remedyFor(stuck, watch, T0 + t, ACK_WAIT)).toBe('none');
    }
    watch.lastReceived = T0 + 90_000;
    expect(remedyFor(stuck, watch, T0 + 90_000, ACK_WAIT)).toBe('step-down');
  });

  it('leaves a quiet consumer alone: nothing waits', () => {
    expect(after(600_000, info({ cluster: replicated })).remedy).toBe('none');
  });

  it('subscribes again when messages wait undelivered, or unacknowledged with nobody pulling', () => {
    expect(after(60_000, info({ num_pending: 5 })).remedy).toBe('resubscribe');
    expect(after(60_000, info({ num_ack_pending: 5, num_waiting: 0 })).remedy).toBe('resubscribe');
  });

  it('does not subscribe again while unacknowledged messages have pulls waiting on a single node', () => {
    expect(after(600_000, info({ num_ack_pending: 20, num_waiting: 3 })).remedy).toBe('none');
  });

  it('asks the leader of a replicated consumer to step down when unacknowledged messages stop coming back', () => {
    // The CI failure: 20 unacknowledged, three pulls waiting, the ack floor still for minutes.
    expect(after(90_000, info({ num_ack_pending: 20, num_waiting: 3, cluster: replicated })).remedy).toBe('step-down');
  });

  it('waits three ack waits from the moment the ack floor last moved', () => {
    const watch: WatchState = { lastReceived: T0 - 10 * ACK_WAIT };
    const stuck = info({ num_ack_pending: 20, num_waiting: 3, cluster: replicated });
    expect(remedyFor(stuck, watch, T0, ACK_WAIT)).toBe('none');
    expect(remedyFor({ ...stuck, ack_floor: { stream_seq: 11 } }, watch, T0 + 45_000, ACK_WAIT)).toBe('none');
    expect(remedyFor({ ...stuck, ack_floor: { stream_seq: 11 } }, watch, T0 + 134_000, ACK_WAIT)).toBe('none');
    expect(remedyFor({ ...stuck, ack_floor: { stream_seq: 11 } }, watch, T0 + 135_000, ACK_WAIT)).toBe('step-down');
  });

  it('gives a new leader four ack waits before asking again, subscribing again meanwhile if nobody pulls', () => {
    const stuck = info({ num_ack_pending: 20, num_waiting: 0, cluster: replicated });
    const watch: WatchState = { lastReceived: T0 - 10 * ACK_WAIT };
    expect(remedyFor(stuck, watch, T0, ACK_WAIT)).toBe('resubscribe');
    expect(remedyFor(stuck, watch, T0 + 90_000, ACK_WAIT)).toBe('step-down');
    watch.lastStepDown = T0 + 90_000;
    expect(remedyFor(stuck, watch, T0 + 150_000, ACK_WAIT)).toBe('resubscribe');
    expect(remedyFor(stuck, watch, T0 + 209_000, ACK_WAIT)).toBe('resubscribe');
    expect(remedyFor(stuck, watch, T0 + 210_000, ACK_WAIT)).toBe('step-down');
  });
});
