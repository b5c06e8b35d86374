import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { EntityManager } from 'typeorm';
import { type BusOptions, natsServers } from './bus-options.js';
import type { EventData, EventDefinition, Producer, RequestDefinition } from './catalogue/define.js';
import { type ConsumeOptions, Consumers } from './consumers.js';
import { DeadLetters } from './dead-letters.js';
import type { Envelope } from './envelope.js';
import { BusMetrics } from './metrics.js';
import { inboxPrefix } from './nats-auth.js';
import { Outbox } from './outbox.js';
import { type Asked, Questions } from './questions.js';
import { Streams } from './streams.js';
import { settledWithin } from './transient.js';

/**
 * The bus: JetStream for events (through the transactional outbox, into idempotent consumers) and core NATS
 * request/reply for questions. One per service process; each of the three lives in its own module.
 */
export class EventBus {
  private readonly streams: Streams;
  private readonly outbox: Outbox;
  private readonly consumers: Consumers;
  private readonly questions: Questions;
  readonly metrics: BusMetrics;

  private constructor(
    readonly options: BusOptions,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {
    this.streams = new Streams(options, js, jsm);
    this.outbox = new Outbox(options, js, this.streams);
    this.metrics = new BusMetrics(options.registry, {
      outbox: () => (options.dataSource && options.schema ? this.outbox.backlog() : Promise.resolve(null)),
      consumers: () => this.consumers.lag(),
    });
    this.consumers = new Consumers(
      options,
      js,
      jsm,
      this.streams,
      () => this.outbox.kick(),
      this.metrics,
      (stream, durable) => this.stepDownConsumerLeader(stream, durable),
    );
    this.questions = new Questions(options, nc);
  }

  /**
   * Asks a replicated durable consumer's leader to hand over to another node: the watchdog's remedy for a
   * leader that stopped redelivering (watchdog.ts). nats.js has no call for it; the API subject is public.
   */
  async stepDownConsumerLeader(stream: string, durable: string) {
    const reply = await this.nc.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.${durable}`, '', {
      timeout: 5000,
    });
    const answer = reply.json<{ success?: boolean; error?: { description?: string } }>();
    if (!answer.success) throw new Error(answer.error?.description ?? 'the consumer leader did not step down');
  }

  static async connect(options: BusOptions): Promise<EventBus> {
    const nc = await connect({
      // Every node of a cluster: the client picks one, and on losing it reconnects to another.
      servers: natsServers(options.natsUrl),
      name: options.service,
      ...(options.credentials ? { user: options.credentials.user, pass: options.credentials.password } : {}),
      // Replies, JetStream's answers and consumer deliveries come to inboxes under the service's own prefix,
      // the only inboxes its NATS user may subscribe to: no service reads another's answers.
      inboxPrefix: inboxPrefix(options.service),
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
    // No JetStream round trip here: a cluster still electing its leader would fail it, and a service waits for
    // JetStream where it first needs it (its stream, made with retries while ready says not ready).
    const jsm = await jetstreamManager(nc, { timeout: 5000, checkAPI: false });
    return new EventBus(options, nc, jetstream(nc, { timeout: 5000 }), jsm);
  }

  // --- Streams: see streams.ts -----------------------------------------------------------------------------

  get namespace() {
    return this.options.namespace;
  }
  subject(def: { producer: Producer; name: string }) {
    return this.streams.subject(def);
  }
  streamName(producer: Producer) {
    return this.streams.streamName(producer);
  }
  get deadLetterStream() {
    return this.streams.deadLetterStream;
  }
  deadLetterSubject(consumer: string) {
    return this.streams.deadLetterSubject(consumer);
  }
  ensureStream(producer: Producer | 'dead-letter'): Promise<void> {
    return this.streams.ensureStream(producer);
  }
  publishDirect(def: EventDefinition, env: Envelope | string, msgId?: string) {
    return this.streams.publishDirect(def, env, msgId);
  }

  // --- Publishing through the outbox: see outbox.ts ------------------------------------------------------

  emit<E extends EventDefinition>(
    tx: EntityManager,
    def: E,
    data: EventData<E>,
    opts: { id?: string; requestId?: string } = {},
  ): Promise<string> {
    return this.outbox.emit(tx, def, data, opts);
  }
  transact<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.outbox.transact(work);
  }
  kick() {
    this.outbox.kick();
  }
  startRelay() {
    this.outbox.startRelay();
  }
  relayOnce(batch?: number): Promise<number> {
    return this.outbox.relayOnce(batch);
  }
  /** Deletes published outbox rows after a week and inbox rows past the dedup horizon (the relay does it hourly). */
  prune() {
    return this.outbox.prune();
  }

  // --- Consuming: see consumers.ts -------------------------------------------------------------------------

  consume<E extends EventDefinition>(def: E, opts: ConsumeOptions<E>): Promise<void> {
    return this.consumers.consume(def, opts);
  }
  /** True while the consumers wait for their database to answer again. */
  get consumersPaused() {
    return this.consumers.paused;
  }
  /** The namespace's dead letters, to list and replay (also `npm run dead-letters`). */
  get deadLetters() {
    return DeadLetters.over(this.options.namespace, this.js, this.jsm);
  }

  // --- Request/reply: see questions.ts ---------------------------------------------------------------------

  respond<Q extends RequestDefinition>(
    def: Q,
    handler: (request: import('zod').output<Q['request']>, asked: Asked) => Promise<import('zod').input<Q['reply']>>,
  ) {
    this.questions.respond(def, handler);
  }
  request<Q extends RequestDefinition>(
    def: Q,
    payload: import('zod').input<Q['request']>,
    opts: { timeoutMs?: number } = {},
  ): Promise<import('zod').output<Q['reply']>> {
    return this.questions.request(def, payload, opts);
  }

  /** Whether a round trip to NATS completes within `timeoutMs`. */
  async natsReachable(timeoutMs = 2000): Promise<boolean> {
    if (this.nc.isClosed()) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.nc.rtt().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  // --- Lifecycle -----------------------------------------------------------------------------------------

  /** Stops consumers (in-flight handlers finish), the relay and responders, then drains the connection. */
  /**
   * Stops taking messages, lets the handlers in flight finish, stops the relay, then drains the connection.
   * Each step is bounded (a shutdown must end, and a hung one once timed out a test graph's dispose): a
   * handler still running after 10 s leaves its delivery unacknowledged for NATS to give again (the inbox
   * keeps it applied once), the relay's rows stay in the outbox.
   */
  async close() {
    const log = this.options.logger;
    const relayStopped = this.outbox.stop();
    if (!(await settledWithin(this.consumers.close(), 10_000)))
      log.warn('event handlers still running at shutdown; their deliveries will come again');
    if (!(await settledWithin(relayStopped, 5_000))) log.warn('outbox relay still publishing at shutdown');
    this.questions.close();
    if (!this.nc.isClosed() && !(await settledWithin(this.nc.drain(), 5_000))) {
      log.warn('NATS connection did not drain at shutdown; closing it');
      await settledWithin(this.nc.close(), 2_000);
    }
  }
}
