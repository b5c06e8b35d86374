import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { connect, headers, type NatsConnection, nanos, type Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventData, EventDefinition, Producer, RequestDefinition } from './catalogue/define.js';
import { type Envelope, envelope } from './envelope.js';

export interface BusOptions {
  /** The service this process is: names its durable consumers and its dead letters. */
  service: string;
  natsUrl: string;
  /** Prefix of every subject and stream name (tests use a fresh one each). */
  namespace: string;
  logger: Logger;
  /** The service's database and schema: needed to publish through the outbox or consume idempotently. */
  dataSource?: DataSource;
  schema?: string;
  relay?: { intervalMs?: number; batchSize?: number };
  /** Two minutes by default: a relay retry inside this window is dropped by JetStream as a duplicate. */
  duplicateWindowMs?: number;
}

export interface ConsumeOptions<E extends EventDefinition> {
  /** Stable name of this consumer within the service; with the service it names the durable consumer. */
  name: string;
  /** Applies one event. Give this, `handleMany`, or both (then they must have the same effect). */
  handler?: (tx: EntityManager, event: Envelope<EventData<E>>) => Promise<void>;
  /** Deliveries before a failing message goes to dead letter. */
  maxDeliver?: number;
  /** Delay before each redelivery after a failure; the last value repeats. */
  backoffMs?: number[];
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

/** Raised when a question over request/reply gets no answer in time (nobody listening, or too slow). */
export class NoAnswerError extends Error {
  readonly code = 'NO_ANSWER';
  constructor(readonly question: string) {
    super(`No answer to ${question} in time`);
    this.name = 'NoAnswerError';
  }
}
/** The responder answered with a refusal it could not express in its reply schema (or failed). */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const safeName = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');

/**
 * The bus: JetStream for events (through the transactional outbox, into idempotent consumers) and core NATS
 * request/reply for questions. One per service process.
 */
export class EventBus {
  private relayWake: (() => void) | null = null;
  private relayLoop: Promise<void> | null = null;
  private stopped = false;
  private readonly consumers: { messages: ConsumerMessages | null; done: Promise<void> }[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly ensured = new Map<string, Promise<void>>();

  private constructor(
    readonly options: BusOptions,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  static async connect(options: BusOptions): Promise<EventBus> {
    const nc = await connect({
      servers: options.natsUrl,
      name: options.service,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      // No stack captured per request and publish in advance (two Error objects each, a visible share of the
      // relay's CPU in a burst); our callers turn failures into NoAnswerError or a relay retry anyway.
      noAsyncTraces: true,
    });
    (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'reconnect') options.logger.warn({ nats: s.type }, `NATS ${s.type}`);
      }
    })().catch(() => {});
    const jsm = await jetstreamManager(nc, { timeout: 5000 });
    return new EventBus(options, nc, jetstream(nc, { timeout: 5000 }), jsm);
  }

  get namespace() {
    return this.options.namespace;
  }
  subject(def: { producer: Producer; name: string }) {
    return `${this.namespace}.${def.producer}.${def.name}`;
  }
  streamName(producer: Producer) {
    return safeName(`${this.namespace}_${producer}`);
  }
  get deadLetterStream() {
    return safeName(`${this.namespace}_dead_letter`);
  }
  deadLetterSubject(consumer: string) {
    return `${this.namespace}.dead-letter.${safeName(this.options.service)}.${safeName(consumer)}`;
  }

  /** Creates (or keeps) the stream of one producer: file storage, a dedup window. Safe from any service. */
  ensureStream(producer: Producer | 'dead-letter'): Promise<void> {
    const name = producer === 'dead-letter' ? this.deadLetterStream : this.streamName(producer);
    const subjects = [
      producer === 'dead-letter' ? `${this.namespace}.dead-letter.>` : `${this.namespace}.${producer}.>`,
    ];
    let pending = this.ensured.get(name);
    if (!pending) {
      pending = (async () => {
        const config = {
          name,
          subjects,
          storage: StorageType.File,
          duplicate_window: nanos(this.options.duplicateWindowMs ?? 120_000),
        };
        try {
          await this.jsm.streams.info(name);
        } catch {
          try {
            await this.jsm.streams.add(config);
          } catch (e) {
            // Another service created it between our look and our add.
            await this.jsm.streams.info(name).catch(() => {
              throw e;
            });
          }
        }
      })();
      pending.catch(() => this.ensured.delete(name));
      this.ensured.set(name, pending);
    }
    return pending;
  }

  // --- Publishing through the outbox -------------------------------------------------------------------

  private get schema(): string {
    if (!this.options.schema || !this.options.dataSource)
      throw new Error('This bus has no database: outbox unavailable');
    return this.options.schema;
  }

  /**
   * Writes `data` as an event into the outbox inside `tx`: it is published only if `tx` commits, and then
   * certainly. Returns the event id.
   */
  async emit<E extends EventDefinition>(
    tx: EntityManager,
    def: E,
    data: EventData<E>,
    opts: { id?: string; requestId?: string } = {},
  ): Promise<string> {
    const payload = def.schema.parse(data);
    const env = envelope(def, payload, opts);
    await tx.query(`INSERT INTO "${this.schema}".outbox (id, subject, type, payload) VALUES ($1, $2, $3, $4)`, [
      env.id,
      this.subject(def),
      def.name,
      JSON.stringify(env),
    ]);
    return env.id;
  }

  /** Runs `work` in a transaction and wakes the relay once it has committed. */
  async transact<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.options.dataSource!.transaction(work);
    this.kick();
    return result;
  }

  /** Tells the relay there is something to publish now rather than at its next poll. */
  kick() {
    this.relayWake?.();
  }

  /** Starts publishing the outbox. Survives NATS outages: rows wait in the table until NATS is back. */
  startRelay() {
    if (this.relayLoop) return;
    const interval = this.options.relay?.intervalMs ?? 250;
    const batch = this.options.relay?.batchSize ?? 2000;
    this.relayLoop = (async () => {
      let failures = 0;
      let lastPurge = 0;
      while (!this.stopped) {
        let sent = 0;
        try {
          sent = await this.relayOnce(batch);
          failures = 0;
          if (Date.now() - lastPurge > 600_000) {
            lastPurge = Date.now();
            await this.options.dataSource!.query(
              `DELETE FROM "${this.schema}".outbox WHERE published_at < now() - interval '7 days'`,
            );
          }
        } catch (e) {
          failures++;
          if (failures === 1 || failures % 20 === 0)
            this.options.logger.warn({ err: (e as Error).message, failures }, 'outbox relay cannot publish; rows wait');
        }
        if (sent === batch) continue;
        const delay = failures ? Math.min(5000, 200 * 2 ** Math.min(failures, 5)) : interval;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.relayWake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.relayWake = null;
      }
    })();
  }

  /** Publishes up to `batch` unpublished rows in order and marks them sent. Returns how many. */
  async relayOnce(batch = 2000): Promise<number> {
    const ds = this.options.dataSource!;
    // The payload as stored text: sent as it is, not parsed and printed again.
    const rows: { seq: string; id: string; subject: string; payload: string }[] = await ds.query(
      `SELECT seq, id, subject, payload::text AS payload FROM "${this.schema}".outbox
        WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [batch],
    );
    if (!rows.length) return 0;
    const producerOf = (subject: string) => subject.slice(this.namespace.length + 1).split('.')[0] as Producer;
    const producers = new Set(rows.map((r) => producerOf(r.subject)));
    await Promise.all([...producers].map((p) => this.ensureStream(p)));
    // Published concurrently but sent in order over one connection; a failure leaves the whole batch for the
    // next round, and JetStream's dedup window drops the ones that did get through.
    await Promise.all(rows.map((r) => this.js.publish(r.subject, r.payload, { msgID: r.id, timeout: 5000 })));
    await ds.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
      rows.map((r) => r.seq),
    ]);
    return rows.length;
  }

  /** Publishes straight to JetStream, bypassing the outbox: for replays and tests, never for state changes. */
  async publishDirect(def: EventDefinition, env: Envelope | string, msgId?: string) {
    await this.ensureStream(def.producer);
    const body = typeof env === 'string' ? env : JSON.stringify(env);
    return this.js.publish(this.subject(def), body, msgId ? { msgID: msgId } : undefined);
  }

  // --- Consuming -----------------------------------------------------------------------------------------

  /**
   * A durable consumer of one event. The handler's effect and the inbox mark commit in one transaction, so
   * a redelivery or a replay changes nothing. A failing message is retried with backoff and, after
   * `maxDeliver` attempts (or at once when it does not match the catalogue), goes to dead letter while the
   * messages behind it carry on.
   */
  async consume<E extends EventDefinition>(def: E, opts: ConsumeOptions<E>): Promise<void> {
    if (!opts.handler && !opts.handleMany) throw new Error(`consumer ${opts.name}: give handler or handleMany`);
    const schema = this.schema;
    const ds = this.options.dataSource!;
    const log = this.options.logger.child({ consumer: opts.name, event: def.name });
    const stream = this.streamName(def.producer);
    const durable = safeName(`${this.options.service}__${opts.name}`);
    const maxDeliver = opts.maxDeliver ?? 5;
    const backoff = opts.backoffMs ?? [200, 1000, 5000, 15000];
    await Promise.all([this.ensureStream(def.producer), this.ensureStream('dead-letter')]);
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.subject(def),
      max_deliver: maxDeliver,
      ack_wait: nanos(opts.ackWaitMs ?? 30_000),
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

    const applyOne = (tx: EntityManager, event: Envelope<EventData<E>>) =>
      opts.handler ? opts.handler(tx, event) : opts.handleMany!(tx, [event]);

    const deadLetter = async (m: JsMsg, reason: string) => {
      log.error({ reason, seq: m.seq, deliveries: m.info.deliveryCount }, 'event sent to dead letter');
      const h = headers();
      // A header value may not hold a line break, and a schema's reason often does (NATS would refuse the
      // publish, and the poison message would be redelivered for ever instead of set aside).
      h.set('Dead-Letter-Reason', reason.replace(/\s*[\r\n]+\s*/g, ' ').slice(0, 1000));
      h.set('Dead-Letter-Subject', m.subject);
      h.set('Dead-Letter-Consumer', durable);
      h.set('Dead-Letter-Deliveries', String(m.info.deliveryCount));
      await this.js.publish(this.deadLetterSubject(opts.name), m.data, {
        headers: h,
        msgID: `${durable}:${m.info.streamSequence}`,
      });
    };

    // Each message is read and checked against the catalogue once, however many times its lane, its batch
    // and a one-by-one retry look at it.
    const parsed = new WeakMap<JsMsg, Envelope<EventData<E>> | string>();
    const parse = (m: JsMsg): Envelope<EventData<E>> | string => {
      let event = parsed.get(m);
      if (event !== undefined) return event;
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

    const handle = async (m: JsMsg) => {
      const event = parse(m);
      if (typeof event === 'string') {
        // A message that does not match the catalogue never will: no point retrying it.
        await deadLetter(m, event);
        m.term();
        return;
      }
      try {
        await ds.transaction(async (tx) => {
          const fresh = await tx.query(
            `INSERT INTO "${schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [durable, event.id],
          );
          if (fresh.length) await applyOne(tx, event);
        });
        this.kick();
        m.ack();
      } catch (e) {
        const attempt = m.info.deliveryCount;
        if (attempt >= maxDeliver) {
          await deadLetter(m, `failed ${attempt} times: ${(e as Error).message}`);
          m.term();
        } else {
          log.warn({ err: (e as Error).message, attempt, eventId: event.id }, 'event handler failed; will retry');
          m.nak(backoff[Math.min(attempt - 1, backoff.length - 1)]);
        }
      }
    };

    /** Several messages in one transaction; on any failure, each again on its own (with its own retries). */
    const handleBatch = async (ms: JsMsg[]) => {
      const valid: [JsMsg, Envelope<EventData<E>>][] = [];
      for (const m of ms) {
        const event = parse(m);
        if (typeof event === 'string') await handle(m);
        else valid.push([m, event]);
      }
      if (valid.length === 1) return handle(valid[0]![0]);
      if (!valid.length) return;
      try {
        await ds.transaction(async (tx) => {
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
        });
      } catch (e) {
        log.warn({ err: (e as Error).message, size: valid.length }, 'batch failed; handling its events one by one');
        for (const [m] of valid) await handle(m);
        return;
      }
      this.kick();
      for (const [m] of valid) m.ack();
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
    this.consumers.push(slot);
    const concurrency = Math.max(1, opts.concurrency ?? 1);
    const batch = Math.max(1, opts.batch ?? 1);
    slot.done = (async () => {
      while (!this.stopped) {
        try {
          const consumer = await this.js.consumers.get(stream, durable);
          if (this.stopped) break;
          slot.messages = await consumer.consume({ max_messages: Math.max(64, concurrency * batch * 2) });
          // close() may have run while we were subscribing: it could not close what did not exist yet.
          if (this.stopped) {
            await slot.messages.close().catch(() => {});
            break;
          }
          if (batch > 1)
            await this.runLanes(slot.messages, {
              concurrency,
              batch,
              keyOf,
              handleBatch,
              log,
              ordered: !!opts.orderedBy,
            });
          else await this.runOneByOne(slot.messages, { concurrency, keyOf, handle, log, ordered: !!opts.orderedBy });
        } catch (e) {
          if (!this.stopped) log.warn({ err: (e as Error).message }, 'consumer interrupted; resuming');
        }
        if (!this.stopped) await wait(500);
      }
    })();
  }

  /** Up to `concurrency` messages at once; with `ordered`, one key's messages one after another in order. */
  private async runOneByOne(
    messages: ConsumerMessages,
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
  private async runLanes(
    messages: ConsumerMessages,
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

  // --- Request/reply -------------------------------------------------------------------------------------

  /** Answers one question. The handler may throw an error with a `code` to refuse in a typed way. */
  respond<Q extends RequestDefinition>(
    def: Q,
    handler: (request: import('zod').output<Q['request']>) => Promise<import('zod').input<Q['reply']>>,
  ) {
    const sub = this.nc.subscribe(`${this.namespace}.rpc.${def.name}`, { queue: def.responder });
    this.subscriptions.push(sub);
    (async () => {
      for await (const m of sub) {
        let answer: unknown;
        try {
          const req = def.request.parse(m.json()) as import('zod').output<Q['request']>;
          answer = { ok: true, data: def.reply.parse(await handler(req)) };
        } catch (e) {
          this.options.logger.warn({ question: def.name, err: (e as Error).message }, 'question refused');
          answer = {
            ok: false,
            error: { code: (e as { code?: string }).code ?? 'BAD_REQUEST', message: (e as Error).message },
          };
        }
        m.respond(JSON.stringify(answer));
      }
    })().catch(() => {});
  }

  /** Asks a question; throws NoAnswerError when nobody answers within `timeoutMs`. */
  async request<Q extends RequestDefinition>(
    def: Q,
    payload: import('zod').input<Q['request']>,
    opts: { timeoutMs?: number } = {},
  ): Promise<import('zod').output<Q['reply']>> {
    const body = JSON.stringify(def.request.parse(payload));
    let reply: { ok: boolean; data?: unknown; error?: { code: string; message: string } };
    try {
      const m = await this.nc.request(`${this.namespace}.rpc.${def.name}`, body, { timeout: opts.timeoutMs ?? 2000 });
      reply = m.json();
    } catch {
      throw new NoAnswerError(def.name);
    }
    if (!reply.ok) throw new RemoteError(reply.error?.code ?? 'UNKNOWN', reply.error?.message ?? 'refused');
    return def.reply.parse(reply.data) as import('zod').output<Q['reply']>;
  }

  // --- Lifecycle -----------------------------------------------------------------------------------------

  /** Stops consumers (in-flight handlers finish), the relay and responders, then drains the connection. */
  async close() {
    this.stopped = true;
    this.kick();
    for (const c of this.consumers) await c.messages?.close().catch(() => {});
    await Promise.all(this.consumers.map((c) => c.done));
    await this.relayLoop;
    for (const s of this.subscriptions) s.unsubscribe();
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
