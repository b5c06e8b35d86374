import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';

// How a consumer's messages are scheduled: how many at once, in which order, and how many to a transaction.
// What handling one message (or a batch) means is the consumer's own (consumers.ts).

/** Up to `concurrency` messages at once; with `ordered`, one key's messages one after another in order. */
export async function runOneByOne(
  messages: AsyncIterable<JsMsg>,
  o: {
    concurrency: number;
    ordered: boolean;
    keyOf: (m: JsMsg) => string;
    handle: (m: JsMsg) => Promise<void>;
    log: Logger;
  },
) {
  const inFlight = new Set<Promise<void>>();
  // Per key, the last message taken: the next one with that key waits for it.
  const lastOfKey = new Map<string, Promise<void>>();
  for await (const m of messages) {
    const key = o.ordered && o.concurrency > 1 ? o.keyOf(m) : null;
    const before = key === null ? undefined : lastOfKey.get(key);
    const run = () => o.handle(m).catch((e) => o.log.error({ err: (e as Error).message }, 'event handling failed'));
    const p = before ? before.then(run) : run();
    inFlight.add(p);
    if (key !== null) lastOfKey.set(key, p);
    p.finally(() => {
      inFlight.delete(p);
      if (key !== null && lastOfKey.get(key) === p) lastOfKey.delete(key);
    });
    if (inFlight.size >= o.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/**
 * `concurrency` lanes, each taking whatever has queued for it (up to `batch`) into one transaction. With
 * `ordered`, a key always goes to the same lane, so its messages keep stream order; otherwise messages go
 * to the shortest lane.
 */
export async function runLanes(
  messages: AsyncIterable<JsMsg>,
  o: {
    concurrency: number;
    batch: number;
    ordered: boolean;
    keyOf: (m: JsMsg) => string;
    handleBatch: (ms: JsMsg[]) => Promise<void>;
    log: Logger;
  },
) {
  const lanes = Array.from({ length: o.concurrency }, () => ({
    queue: [] as JsMsg[],
    running: null as Promise<void> | null,
  }));
  let queued = 0;
  let roomFor: (() => void) | null = null;
  const drain = async (lane: (typeof lanes)[number]) => {
    while (lane.queue.length) {
      const taken = lane.queue.splice(0, o.batch);
      await o.handleBatch(taken).catch((e) => o.log.error({ err: (e as Error).message }, 'event handling failed'));
      queued -= taken.length;
      roomFor?.();
    }
    lane.running = null;
  };
  const laneOf = (m: JsMsg) => {
    if (!o.ordered) return lanes.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    let h = 0;
    for (const c of o.keyOf(m)) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
    return lanes[Math.abs(h) % lanes.length]!;
  };
  for await (const m of messages) {
    const lane = laneOf(m);
    lane.queue.push(m);
    queued++;
    lane.running ??= drain(lane);
    // Hold the subscription back while every lane has a full batch and more waiting.
    while (queued >= o.concurrency * o.batch * 2) await new Promise<void>((r) => (roomFor = r));
    roomFor = null;
  }
  await Promise.all(lanes.map((l) => l.running));
}
