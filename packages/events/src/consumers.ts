import {
  contextFrom,
  context as otelContext,
  type Span,
  SpanKind,
  trace,
  tracer,
  tracingOn,
} from '@guest-graph/telemetry';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { type BusOptions, schemaOf } from './bus-options.js';
import type { EventData, EventDefinition } from './catalogue/define.js';
import type { Envelope } from './envelope.js';
import { runLanes, runOneByOne } from './lanes.js';
import type { BusMetrics } from './metrics.js';
import { type Streams, safeName } from './streams.js';
import { backoffDelay, isConnectionLoss, isTransient } from './transient.js';
import { remedyFor, type WatchState } from './watchdog.js';

export interface ConsumeOptions<E extends EventDefinition> {
  /** Stable name of this consumer within the service; with the service it names the durable consumer. */
  name: string;
  /** Applies one event. Give this, `handleMany`, or both (then they must have the same effect). */
  handler?: (tx: EntityManager, event: Envelope<EventData<E>>) => Promise<void>;
  /**
   * Failures of the message's own (anything not transient: a refusal, a bug) before it goes to dead letter.
   * Transient failures (the database or NATS away, a deadlock, a timeout) never count: they are retried
   * without a cap.
   */
  maxFailures?: number;
  /** Delay before each redelivery after a failure of the message's own; the last value repeats. */
  backoffMs?: number[];
  /** Delays between retries of a transient failure: `firstMs`, doubling, never above `maxMs`. */
  transientBackoff?: { firstMs?: number; maxMs?: number };
  /** How long a delivery may stay unacknowledged before NATS redelivers it (a crashed handler). */
  ackWaitMs?: number;
  /** Messages handled at once. Keep 1 unless the handler locks what it changes. */
  concurrency?: number;
  /**
   * With `concurrency` above 1: messages with the same key (say, the guest) are still handled one after the
   * other in stream order; only messages with different keys run at once. For handlers whose effect depends on
   * what the same subject's earlier events did (a stay's tier bonus on the stays before it).
   */
  orderedBy?: (data: EventData<E>) => string;
  /**
   * Up to this many waiting messages are handled in one transaction (each still marked in the inbox, so
   * once each), which saves a commit per event when a burst arrives; a quiet stream still goes one by one.
   * If any handler in a batch fails, the batch rolls back and its messages are handled one per transaction,
   * so one bad event never holds up or undoes the others. Keep 1 for handlers that must commit alone.
   */
  batch?: number;
  /**
   * Applies several events in one call (in stream order, each already marked in the inbox), for handlers that
   * can apply many in a few statements: a batch, and without `handler` also a single event (a quiet stream, or
   * the one-by-one retry after a failed batch) as a batch of one.
   */
  handleMany?: (tx: EntityManager, events: Envelope<EventData<E>>[]) => Promise<void>;
}

/** Header of a replayed dead letter: the durable consumer it is for; every other consumer skips it. */
export const REPLAY_FOR_HEADER = 'Dead-Letter-Replay-For';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEFAULT_TRANSIENT = { firstMs: 250, maxMs: 30_000 };
/** Retries of a lost race (deadlock, serialization, timeout) in place before the message goes back to NATS. */
const IN_PLACE_RETRIES = 10;
type Outcome =
  | { ok: true; closing?: undefined; transient?: undefined; error?: undefined }
  | { ok: false; closing?: boolean; transient?: boolean; error?: unknown };

/**
 * The durable consumers of one service: each message applied once through the inbox, in batches and lanes when
 * asked, retried with backoff, and set aside as a dead letter when it cannot be applied.
 */
export class Consumers {
  private stopped = false;
  private readonly running: { messages: ConsumerMessages | null; done: Promise<void> }[] = [];
  private readonly gate: DatabaseGate;
  /** Every durable consumer started here, for the lag the metrics read from JetStream. */
  private readonly durables: { stream: string; durable: string }[] = [];
  private readonly watchdogs: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: BusOptions,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly streams: Streams,
    /** Wakes the outbox relay: a handler may have emitted events of its own. */
    private readonly kick: () => void,
    private readonly metrics?: BusMetrics,
    /** Asks a replicated consumer's leader to hand over (see watchdog.ts). */
    private readonly stepDown?: (stream: string, durable: string) => Promise<void>,
  ) {
    this.gate = new DatabaseGate(
      () => options.dataSource!.query('SELECT 1'),
      options.logger,
      () => this.stopped,
    );
  }

  /** Each durable consumer's backlog in JetStream: not yet delivered, and delivered but not acknowledged. */
  async lag(): Promise<{ consumer: string; pending: number; unacknowledged: number }[]> {
    return Promise.all(
      this.durables.map(async ({ stream, durable }) => {
        const info = await this.jsm.consumers.info(stream, durable);
        return { consumer: durable, pending: info.num_pending, unacknowledged: info.num_ack_pending };
      }),
    );
  }

  /** Whether the consumers are waiting for their database to come back. */
  get paused() {
    return this.gate.isClosed;
  }

  /**
   * A durable consumer of one event. The handler's effect and the inbox mark commit in one transaction, so
   * a redelivery or a replay changes nothing. A transient failure is retried for as long as it lasts (while
   * the database is out of reach, every consumer of the service pauses and resumes by itself); a failure of
   * the message's own is retried with backoff and, after `maxFailures` of them (or at once when it does not
   * match the catalogue), goes to dead letter while the messages behind it carry on. A message leaves the
   * stream only once it is applied or its dead letter is stored.
   */
  async consume<E extends EventDefinition>(def: E, opts: ConsumeOptions<E>): Promise<void> {
    if (!opts.handler && !opts.handleMany) throw new Error(`consumer ${opts.name}: give handler or handleMany`);
    const schema = schemaOf(this.options);
    const ds = this.options.dataSource!;
    const log = this.options.logger.child({ consumer: opts.name, event: def.name });
    const stream = this.streams.streamName(def.producer);
    const durable = safeName(`${this.options.service}__${opts.name}`);
    const maxFailures = opts.maxFailures ?? 5;
    const backoff = opts.backoffMs ?? [200, 1000, 5000, 15000];
    const transient = { ...DEFAULT_TRANSIENT, ...opts.transientBackoff };
    const ackWait = opts.ackWaitMs ?? 30_000;
    await Promise.all([this.streams.ensureStream(def.producer), this.streams.ensureStream('dead-letter')]);
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.streams.subject(def),
      // Unlimited: a message is retried until it is applied or set aside by us, never dropped by NATS.
      max_deliver: -1,
      ack_wait: nanos(ackWait),
      max_ack_pending: 1000,
    };
    try {
      await this.jsm.consumers.info(stream, durable);
      await this.jsm.consumers.update(stream, durable, {
        max_deliver: config.max_deliver,
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await this.jsm.consumers.add(stream, config);
    }
    this.durables.push({ stream, durable });
    const metrics = this.metrics;

    const applyOne = (tx: EntityManager, event: Envelope<EventData<E>>) =>
      opts.handler ? opts.handler(tx, event) : opts.handleMany!(tx, [event]);

    /** Stores the dead letter, then ends the message; if storing fails the message stays and comes back. */
    const deadLetter = async (m: JsMsg, reason: string): Promise<boolean> => {
      const h = headers();
      // A header value may not hold a line break, and a schema's reason often does (NATS would refuse the
      // publish, and the poison message would be redelivered for ever instead of set aside).
      h.set('Dead-Letter-Reason', reason.replace(/\s*[\r\n]+\s*/g, ' ').slice(0, 1000));
      h.set('Dead-Letter-Subject', m.subject);
      h.set('Dead-Letter-Consumer', durable);
      h.set('Dead-Letter-Service', this.options.service);
      h.set('Dead-Letter-Deliveries', String(m.info.deliveryCount));
      const traceparent = m.headers?.get('traceparent');
      if (traceparent) h.set('traceparent', traceparent);
      try {
        await this.js.publish(this.streams.deadLetterSubject(opts.name), m.data, {
          headers: h,
          msgID: `${durable}:${m.info.streamSequence}`,
        });
      } catch (e) {
        log.error({ err: (e as Error).message, seq: m.seq }, 'cannot store the dead letter; the event waits');
        m.nak(backoffDelay(m.info.deliveryCount, transient.firstMs, transient.maxMs));
        return false;
      }
      log.error({ reason, seq: m.seq, deliveries: m.info.deliveryCount }, 'event sent to dead letter');
      metrics?.deadLetters.inc({ consumer: durable });
      m.term();
      return true;
    };

    // Failures of each event's own seen by this process (a replica keeps its own count: a poison message may
    // get a few more tries, never fewer). Transient failures are not counted.
    const failures = new Map<string, number>();
    const ownFailure = async (m: JsMsg, event: Envelope<EventData<E>>, e: unknown) => {
      const err = (e as Error)?.message ?? String(e);
      const n = (failures.get(event.id) ?? 0) + 1;
      failures.set(event.id, n);
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
      if (n >= maxFailures) {
        if (await deadLetter(m, `failed ${n} times: ${err}`)) failures.delete(event.id);
      } else {
        log.warn({ err, failures: n, eventId: event.id }, 'event handler failed; will retry');
        m.nak(backoff[Math.min(n - 1, backoff.length - 1)]);
      }
    };

    /**
     * Runs `work` for `ms` until it succeeds or fails for a reason of its own. A transient failure is retried
     * in place, so the messages behind these (one guest's later events) keep waiting behind them: through the
     * gate while the database is away, for as long as that lasts; after a backoff for a lost race, up to
     * IN_PLACE_RETRIES times, then back to NATS with a delay (deliveries are unlimited) so that one stubborn
     * message cannot hold the whole consumer.
     */
    let transientFailures = 0;
    const attempt = async (ms: JsMsg[], work: () => Promise<unknown>): Promise<Outcome> => {
      for (let n = 1; ; n++) {
        if (!(await this.gate.pass(ms, ackWait))) return { ok: false, closing: true };
        try {
          await work();
          return { ok: true };
        } catch (e) {
          if (!isTransient(e)) return { ok: false, error: e };
          transientFailures++;
          if (transientFailures === 1 || transientFailures % 50 === 0)
            log.warn({ err: (e as Error)?.message, transientFailures }, 'transient failure; retrying');
          if (isConnectionLoss(e)) {
            this.gate.close();
            continue;
          }
          if (n >= IN_PLACE_RETRIES) return { ok: false, transient: true, error: e };
          await this.gate.hold(ms, ackWait, backoffDelay(n, transient.firstMs, transient.maxMs));
        }
      }
    };
    const giveBack = (m: JsMsg, outcome: Outcome) =>
      outcome.closing ? m.nak() : m.nak(backoffDelay(m.info.deliveryCount, transient.firstMs, transient.maxMs));

    // Each message is read and checked against the catalogue once, however many times its lane, its batch
    // and a one-by-one retry look at it.
    const parsed = new WeakMap<JsMsg, Envelope<EventData<E>> | string>();
    const parse = (m: JsMsg): Envelope<EventData<E>> | string => {
      let event = parsed.get(m);
      if (event !== undefined) return event;
      // Parsed once per delivery: a redelivery is a new message object.
      if (m.info.redelivered) metrics?.redeliveries.inc({ consumer: durable });
      try {
        const raw = m.json<Envelope>();
        if (raw.type !== def.name) throw new Error(`type ${raw.type} is not ${def.name}`);
        if (typeof raw.id !== 'string') throw new Error('no event id');
        event = { ...raw, data: def.schema.parse(raw.data) } as Envelope<EventData<E>>;
      } catch (e) {
        event = `invalid event: ${(e as Error).message}`;
      }
      parsed.set(m, event);
      return event;
    };
    /** A replayed dead letter is for one consumer only: the others acknowledge it untouched. */
    const mine = (m: JsMsg) => {
      const replayFor = m.headers?.get(REPLAY_FOR_HEADER);
      if (replayFor && replayFor !== durable) {
        m.ack();
        return false;
      }
      return true;
    };

    /**
     * The consumer's span for a delivery, continuing the trace its event was emitted in (the message's
     * `traceparent`, from the outbox row); undefined while tracing is off.
     */
    const spanFor = (m: JsMsg): Span | undefined =>
      tracingOn()
        ? tracer().startSpan(
            `${def.name} process`,
            {
              kind: SpanKind.CONSUMER,
              attributes: {
                'guest_graph.service': this.options.service,
                'messaging.system': 'nats',
                'messaging.operation.type': 'process',
                'messaging.destination.name': m.subject,
                'messaging.consumer.group.name': durable,
                'messaging.message.id': m.headers?.get('Nats-Msg-Id') || '',
              },
            },
            contextFrom(m.headers),
          )
        : undefined;
    const traced = <T>(spans: (Span | undefined)[], work: () => Promise<T>): Promise<T> => {
      const first = spans[0];
      if (!first) return work();
      return otelContext.with(trace.setSpan(otelContext.active(), first), work).finally(() => {
        for (const span of spans) span?.end();
      });
    };

    const handle = (m: JsMsg) => traced([spanFor(m)], () => handleOne(m));
    const handleOne = async (m: JsMsg) => {
      if (!mine(m)) return;
      const event = parse(m);
      if (typeof event === 'string') {
        // A message that does not match the catalogue never will: no point retrying it.
        await deadLetter(m, event);
        return;
      }
      const outcome = await attempt([m], () =>
        ds.transaction(async (tx) => {
          const fresh = await tx.query(
            `INSERT INTO "${schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [durable, event.id],
          );
          if (fresh.length) await applyOne(tx, event);
        }),
      );
      if (!outcome.ok) {
        if (outcome.closing || outcome.transient) giveBack(m, outcome);
        else await ownFailure(m, event, outcome.error);
        return;
      }
      if (failures.size) failures.delete(event.id);
      this.kick();
      m.ack();
      metrics?.applied.inc({ consumer: durable });
    };

    /** Several messages in one transaction; on any failure, each again on its own (with its own retries). */
    const handleBatch = async (ms: JsMsg[]) => {
      // Each message's trace gets its consumer span; the batch's statements land under the first one's.
      if (tracingOn() && ms.length > 1) return traced(ms.map(spanFor), () => handleMany(ms));
      return handleMany(ms);
    };
    const handleMany = async (ms: JsMsg[]) => {
      const valid: [JsMsg, Envelope<EventData<E>>][] = [];
      for (const m of ms) {
        if (!mine(m)) continue;
        const event = parse(m);
        if (typeof event === 'string') await handle(m);
        else valid.push([m, event]);
      }
      if (valid.length === 1) return handle(valid[0]![0]);
      if (!valid.length) return;
      const outcome = await attempt(
        valid.map(([m]) => m),
        () =>
          ds.transaction(async (tx) => {
            const fresh = new Set<string>(
              (
                await tx.query(
                  `WITH marked AS (
                     INSERT INTO "${schema}".inbox (consumer, event_id) SELECT $1, t::uuid FROM unnest($2::text[]) t
                     ON CONFLICT DO NOTHING RETURNING event_id)
                   SELECT t AS event_id FROM unnest($2::text[]) t WHERE t::uuid IN (SELECT event_id FROM marked)`,
                  [durable, valid.map(([, e]) => e.id)],
                )
              ).map((r: { event_id: string }) => r.event_id),
            );
            // The same event twice in one batch (a redelivery overtaking its first delivery) applies once.
            const first = valid.map(([, event]) => event).filter((event) => fresh.delete(event.id));
            if (opts.handleMany) {
              if (first.length) await opts.handleMany(tx, first);
            } else for (const event of first) await applyOne(tx, event);
          }),
      );
      if (!outcome.ok) {
        if (outcome.closing) {
          for (const [m] of valid) m.nak();
          return;
        }
        // Each on its own, in order and with its own retries: one bad event never holds up or undoes the others.
        const err = (outcome.error as Error)?.message;
        log.warn({ err, size: valid.length }, 'batch failed; handling its events one by one');
        for (const [m] of valid) await handle(m);
        return;
      }
      this.kick();
      for (const [m] of valid) m.ack();
      metrics?.applied.inc({ consumer: durable }, valid.length);
    };

    // A message whose key cannot be read is handled in its own lane (handle() dead-letters it if it is bad).
    const keyOf = (m: JsMsg): string => {
      const event = parse(m);
      if (typeof event === 'string') return `seq:${m.seq}`;
      try {
        return String(opts.orderedBy!(event.data));
      } catch {
        return `seq:${m.seq}`;
      }
    };
    const slot = { messages: null as ConsumerMessages | null, done: Promise.resolve() };
    this.running.push(slot);
    const concurrency = Math.max(1, opts.concurrency ?? 1);
    const batch = Math.max(1, opts.batch ?? 1);
    // A consumer can stop moving on a JetStream cluster while every process looks healthy (a lost pull, a
    // leader that stopped redelivering): watchdog.ts says what to do about it; this applies it.
    const watch: WatchState = { lastReceived: Date.now() };
    const busy =
      <A>(work: (a: A) => Promise<void>) =>
      (a: A) =>
        work(a).finally(() => (watch.lastReceived = Date.now()));
    const stopped = () => this.stopped;
    const received = async function* (messages: ConsumerMessages) {
      for await (const m of messages) {
        // Closing: what the client holds but has not started goes back at once (another instance takes it),
        // and leaving the loop ends the iterator however much it still buffers.
        if (stopped()) {
          m.nak();
          break;
        }
        watch.lastReceived = Date.now();
        yield m;
      }
    };
    const watchdog = setInterval(
      async () => {
        if (this.stopped || this.gate.isClosed || !slot.messages) return;
        try {
          const info = await this.jsm.consumers.info(stream, durable);
          const remedy = remedyFor(info, watch, Date.now(), ackWait);
          if (remedy === 'none' || this.stopped || this.gate.isClosed) return;
          const state = {
            pending: info.num_pending,
            unacknowledged: info.num_ack_pending,
            pulls: info.num_waiting,
            leader: info.cluster?.leader,
          };
          if (remedy === 'step-down' && this.stepDown) {
            log.warn(state, 'unacknowledged messages not redelivered; asking the consumer leader to step down');
            watch.lastStepDown = Date.now();
            await this.stepDown(stream, durable).catch((e) =>
              log.warn({ err: (e as Error).message }, 'consumer leader did not step down'),
            );
          } else log.warn(state, 'consumer given nothing while messages wait; subscribing again');
          // Either way a fresh pull: one held by the old leader, or lost with it, never brings anything.
          watch.lastReceived = Date.now();
          // Not awaited: the iterator ends once the lanes have read up to the close (see shut()).
          shut(slot.messages);
        } catch {
          // JetStream not answering: the next round looks again
        }
      },
      Math.max(1000, Math.floor(ackWait / 2)),
    );
    watchdog.unref();
    this.watchdogs.push(watchdog);
    slot.done = (async () => {
      while (!this.stopped) {
        try {
          const consumer = await this.js.consumers.get(stream, durable);
          if (this.stopped) break;
          slot.messages = await consumer.consume({ max_messages: Math.max(64, concurrency * batch * 2) });
          watch.lastReceived = Date.now();
          // close() may have run while we were subscribing: it could not close what did not exist yet.
          if (this.stopped) {
            shut(slot.messages);
            break;
          }
          if (batch > 1)
            await runLanes(received(slot.messages), {
              concurrency,
              batch,
              keyOf,
              handleBatch: busy(handleBatch),
              log,
              ordered: !!opts.orderedBy,
            });
          else
            await runOneByOne(received(slot.messages), {
              concurrency,
              keyOf,
              handle: busy(handle),
              log,
              ordered: !!opts.orderedBy,
            });
        } catch (e) {
          if (!this.stopped) log.warn({ err: (e as Error).message }, 'consumer interrupted; resuming');
        }
        if (!this.stopped) await wait(500);
      }
    })();
  }

  /** Stops taking messages; resolves once the handlers in flight have finished. */
  async close() {
    this.stopped = true;
    for (const w of this.watchdogs) clearInterval(w);
    this.gate.wake();
    for (const c of this.running) shut(c.messages);
    await Promise.all(this.running.map((c) => c.done));
  }
}

/**
 * Stops a subscription without waiting for it. nats.js's `close()` unsubscribes at once but resolves only when
 * the iterator is read up to the close: awaited on an iterator nobody reads (one taken while the bus was
 * closing) it never resolves, and a service's shutdown hung on it.
 */
function shut(messages: ConsumerMessages | null) {
  messages?.close().catch(() => {});
}

/**
 * Holds every consumer of a service while its database is out of reach: one probe with backoff instead of
 * each message failing on its own, and the messages waiting kept ours (`working`) so NATS does not redeliver
 * them meanwhile. Opens by itself as soon as `SELECT 1` answers.
 */
class DatabaseGate {
  private down: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly stopped: () => boolean,
    private readonly probeFirstMs = 200,
    private readonly probeMaxMs = 2000,
  ) {}

  get isClosed() {
    return this.down !== null;
  }

  close() {
    if (this.down || this.stopped()) return;
    this.log.warn('database out of reach; consumers pause until it answers');
    const began = Date.now();
    this.down = (async () => {
      for (let attempt = 1; !this.stopped(); attempt++) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, backoffDelay(attempt, this.probeFirstMs, this.probeMaxMs));
          this.wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
        if (this.stopped()) return;
        try {
          await withTimeout(this.probe(), 5000);
          this.log.info({ pausedMs: Date.now() - began }, 'database back; consumers resume');
          return;
        } catch {
          // still away
        }
      }
    })().finally(() => {
      this.down = null;
      this.wakeUp = null;
    });
  }

  /** Ends a wait early (the bus is closing). */
  wake() {
    this.wakeUp?.();
    for (const wake of [...this.sleepers]) wake();
  }

  /** Waits `delayMs` (less if the bus closes), keeping `ms` ours meanwhile. */
  async hold(ms: JsMsg[], ackWaitMs: number, delayMs: number) {
    const beat = setInterval(
      () => {
        for (const m of ms) m.working();
      },
      Math.max(100, Math.floor(ackWaitMs / 3)),
    );
    let wake: () => void = () => {};
    try {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delayMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        this.sleepers.add(wake);
      });
    } finally {
      this.sleepers.delete(wake);
      clearInterval(beat);
    }
  }

  /** Waits while the gate is closed, keeping `ms` ours; false when the bus closed meanwhile. */
  async pass(ms: JsMsg[], ackWaitMs: number): Promise<boolean> {
    while (this.down) {
      const beat = setInterval(
        () => {
          for (const m of ms) m.working();
        },
        Math.max(100, Math.floor(ackWaitMs / 3)),
      );
      try {
        await this.down;
      } finally {
        clearInterval(beat);
      }
    }
    return !this.stopped();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
