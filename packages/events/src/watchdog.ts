/**
 * What a consumer's watchdog does about a consumer that has stopped moving. Two things can stop a durable
 * consumer on a JetStream cluster while every process looks healthy:
 *
 * - the client's pull dies silently (a consumer leader changing, a node restarting: nats.js then waits for
 *   heartbeats that a lost pull request never brings) — subscribing again sends a fresh pull;
 * - the consumer's leader stops redelivering what waits unacknowledged (nats-server before 2.10.26 / 2.11:
 *   nats-io/nats-server#6387 and #6469, a leader change leaving its redelivery check short-circuited). Seen in
 *   our cluster chaos on nats-server 2.9.10 (Debian bookworm's): deliveries unacknowledged for minutes with
 *   pulls waiting and nothing redelivered. A new leader rebuilds the redelivery state, so the process asks the
 *   leader to step down (a replicated consumer only; a single node has nobody to hand over to).
 *
 * Pure, so that each rule is tested without a broken server.
 */

/** The parts of the server's consumer info the watchdog reads. */
export interface ConsumerState {
  num_pending: number;
  num_ack_pending: number;
  num_waiting: number;
  ack_floor: { stream_seq: number };
  cluster?: { leader?: string; replicas?: unknown[] };
}

/** What the watchdog remembers between rounds of one consumer. */
export interface WatchState {
  /** When this process was last given a message or finished handling one. */
  lastReceived: number;
  /** The ack floor seen last, and since when it has not moved. */
  floor?: { seq: number; since: number };
  /** When this process last asked the leader to step down (not again before the new leader had its chance). */
  lastStepDown?: number;
}

export type Remedy = 'none' | 'resubscribe' | 'step-down';

/**
 * The remedy for one round, given the server's view of the consumer at `now`. Updates `state.floor`.
 *
 * - `step-down` when messages have waited unacknowledged while the ack floor stood still for three ack waits
 *   (each should have come back and been acknowledged by then) on a replicated consumer, whether or not this
 *   process is being given them, at most once per four ack waits.
 * - Otherwise nothing while this process was given or finished something within two ack waits (it is moving).
 * - `resubscribe` when the server has undelivered messages, or unacknowledged ones and nobody pulling.
 */
export function remedyFor(info: ConsumerState, state: WatchState, now: number, ackWaitMs: number): Remedy {
  const seq = info.ack_floor.stream_seq;
  if (!state.floor || state.floor.seq !== seq) state.floor = { seq, since: now };
  const replicated = (info.cluster?.replicas?.length ?? 0) > 0;
  // Whether or not this process is being given the messages again: a leader may also take acknowledgements
  // without counting them (#6469), and then every redelivery is handled and acknowledged in vain.
  if (
    replicated &&
    info.num_ack_pending > 0 &&
    now - state.floor.since >= 3 * ackWaitMs &&
    (state.lastStepDown === undefined || now - state.lastStepDown >= 4 * ackWaitMs)
  )
    return 'step-down';
  if (now - state.lastReceived < 2 * ackWaitMs) return 'none';
  if (info.num_pending > 0 || (info.num_ack_pending > 0 && info.num_waiting === 0)) return 'resubscribe';
  return 'none';
}
