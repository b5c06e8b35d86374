import { traceHeaders, tracingOn } from '@guest-graph/telemetry';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { EntityManager, QueryRunner } from 'typeorm';
import { type BusOptions, inboxHorizonMs, schemaOf } from './bus-options.js';
import type { EventData, EventDefinition, Producer } from './catalogue/define.js';
import { envelope } from './envelope.js';
import type { Streams } from './streams.js';
import { isConnectionLoss } from './transient.js';

// Two-key advisory lock (this number, the schema's hash): held by the one instance relaying a schema's outbox.
const RELAY_LOCK = 734_002;
/** How often an instance that is not relaying asks whether the relay is free (its holder gone). */
const TAKEOVER_MS = 1000;

/**
 * Publishing through the transactional outbox: an event is a row written with the state change, and the relay
 * publishes committed rows to JetStream in order. Survives NATS outages: rows wait in the table.
 */
export class Outbox {
  private relayWake: (() => void) | null = null;
  private relayLoop: Promise<void> | null = null;
  private stopped = false;
  /** While this instance relays: the connection holding the relay lock (the lock goes if it does). */
  private leader: QueryRunner | null = null;
  private lastBid = 0;

  constructor(
    private readonly options: BusOptions,
    private readonly js: JetStreamClient,
    private readonly streams: Streams,
  ) {}

  private get schema(): string {
    return schemaOf(this.options);
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
    await tx.query(
      `INSERT INTO "${this.schema}".outbox (id, subject, type, payload, trace_context) VALUES ($1, $2, $3, $4, $5)`,
      [env.id, this.streams.subject(def), def.name, JSON.stringify(env), traceContext()],
    );
    return env.id;
  }

  /** Rows waiting to be published, and how long the oldest has waited (for the metrics). */
  async backlog(): Promise<{ backlog: number; oldestSeconds: number }> {
    const [row] = await this.options.dataSource!.query(
      `SELECT count(*)::int AS backlog,
              COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
         FROM "${this.schema}".outbox WHERE published_at IS NULL`,
    );
    return { backlog: Number(row.backlog), oldestSeconds: Math.max(0, Number(row.oldest)) };
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
            await this.prune();
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

  /**
   * Publishes up to `batch` unpublished rows in order and marks them sent; returns how many. One instance at a
   * time: the relay holds a session advisory lock on a connection of its own and reads and marks the rows over
   * that connection, so replicas sharing the schema never publish at once or out of order. An instance that
   * finds the lock taken publishes nothing and asks again a second later; the lock is freed when its holder
   * stops, or dies with its connection.
   */
  async relayOnce(batch = 2000): Promise<number> {
    const runner = await this.lead();
    if (!runner) return 0;
    try {
      // The payload as stored text: sent as it is, not parsed and printed again.
      const rows: {
        seq: string;
        id: string;
        subject: string;
        payload: string;
        trace_context: Record<string, string> | null;
      }[] = await runner.query(
        `SELECT seq, id, subject, payload::text AS payload, trace_context FROM "${this.schema}".outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [batch],
      );
      if (!rows.length) return 0;
      const producerOf = (subject: string) =>
        subject.slice(this.options.namespace.length + 1).split('.')[0] as Producer;
      const producers = new Set(rows.map((r) => producerOf(r.subject)));
      await Promise.all([...producers].map((p) => this.streams.ensureStream(p)));
      // Published concurrently but sent in order over one connection; a failure leaves the whole batch for the
      // next round, and JetStream's dedup window drops the ones that did get through.
      await Promise.all(
        rows.map((r) =>
          this.js.publish(r.subject, r.payload, {
            msgID: r.id,
            timeout: 5000,
            ...(r.trace_context ? { headers: messageHeaders(r.trace_context) } : {}),
          }),
        ),
      );
      await runner.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    } catch (e) {
      // The connection gone is the lock gone: another instance may be relaying already. TypeORM releases a
      // runner whose client errored (a Postgres restart), and a released runner never answers again.
      if (isConnectionLoss(e) || runner.isReleased) await this.resign();
      throw e;
    }
  }

  /** The connection holding the relay lock, taking the lock if it is free; null while another instance has it. */
  private async lead(): Promise<QueryRunner | null> {
    if (this.leader && !this.leader.isReleased) return this.leader;
    if (this.leader) await this.resign();
    if (this.stopped || (this.lastBid && Date.now() - this.lastBid < TAKEOVER_MS)) return null;
    this.lastBid = Date.now();
    const runner = this.options.dataSource!.createQueryRunner();
    try {
      await runner.connect();
      const [{ leads }] = await runner.query(
        '/* outbox relay */ SELECT pg_try_advisory_lock($1, hashtext($2)) AS leads',
        [RELAY_LOCK, this.schema],
      );
      if (leads && !this.stopped) {
        this.leader = runner;
        return runner;
      }
      if (leads) await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RELAY_LOCK, this.schema]);
    } catch (e) {
      await runner.release().catch(() => {});
      throw e;
    }
    await runner.release();
    return null;
  }

  /** Gives the relay up (stopping, or its connection lost). */
  private async resign() {
    const runner = this.leader;
    this.leader = null;
    this.lastBid = 0;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RELAY_LOCK, this.schema]).catch(() => {});
    await runner.release().catch(() => {});
  }

  /**
   * Forgets what no one needs any more: outbox rows published a week ago, and inbox rows past the dedup
   * horizon (no redelivery or replay from the stream can bring their events again). In slices, so a large
   * backlog never holds one long transaction. Safe from any number of instances at once.
   */
  async prune(slice = 5000): Promise<{ outbox: number; inbox: number }> {
    const ds = this.options.dataSource!;
    const horizonMs = inboxHorizonMs(this.options);
    const deleteIn = async (sql: string, params: unknown[]) => {
      let total = 0;
      for (;;) {
        const [, count] = (await ds.query(sql, params)) as [unknown, number];
        total += count;
        if (count < slice || this.stopped) return total;
      }
    };
    const outbox = await deleteIn(
      `DELETE FROM "${this.schema}".outbox WHERE seq IN (
         SELECT seq FROM "${this.schema}".outbox WHERE published_at < now() - interval '7 days' LIMIT $1)`,
      [slice],
    );
    const inbox = await deleteIn(
      `DELETE FROM "${this.schema}".inbox WHERE (consumer, event_id) IN (
         SELECT consumer, event_id FROM "${this.schema}".inbox
          WHERE processed_at < now() - make_interval(secs => $2::double precision / 1000) LIMIT $1)`,
      [slice, horizonMs],
    );
    return { outbox, inbox };
  }

  /** Ends the relay after its current round; resolves when it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.relayLoop;
    await this.resign();
  }
}

/** The emitting transaction's trace as the outbox row keeps it; null while tracing is off. */
function traceContext(): string | null {
  if (!tracingOn()) return null;
  const carrier = traceHeaders();
  return Object.keys(carrier).length ? JSON.stringify(carrier) : null;
}

/** The row's trace as NATS message headers (`traceparent`, `tracestate`), for the consumers to continue. */
export function messageHeaders(carrier: Record<string, string>) {
  const h = headers();
  for (const [k, v] of Object.entries(carrier)) if (typeof v === 'string') h.set(k, v);
  return h;
}
