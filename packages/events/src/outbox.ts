import type { JetStreamClient } from '@nats-io/jetstream';
import type { EntityManager } from 'typeorm';
import { type BusOptions, inboxHorizonMs, schemaOf } from './bus-options.js';
import type { EventData, EventDefinition, Producer } from './catalogue/define.js';
import { envelope } from './envelope.js';
import type { Streams } from './streams.js';

// Two-key advisory lock (this number, the schema's hash): held by the one instance relaying a schema's outbox.
const RELAY_LOCK = 734_002;

/**
 * Publishing through the transactional outbox: an event is a row written with the state change, and the relay
 * publishes committed rows to JetStream in order. Survives NATS outages: rows wait in the table.
 */
export class Outbox {
  private relayWake: (() => void) | null = null;
  private relayLoop: Promise<void> | null = null;
  private stopped = false;

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
    await tx.query(`INSERT INTO "${this.schema}".outbox (id, subject, type, payload) VALUES ($1, $2, $3, $4)`, [
      env.id,
      this.streams.subject(def),
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
   * time: the round holds a transaction-level advisory lock, so replicas sharing the schema never publish the
   * same rows at once or out of order (a replica that finds the lock taken publishes nothing this round).
   */
  async relayOnce(batch = 2000): Promise<number> {
    const ds = this.options.dataSource!;
    // An idle poll costs one statement and no transaction; only a round with work takes the lock.
    const [{ waiting }] = await ds.query(
      `SELECT EXISTS (SELECT 1 FROM "${this.schema}".outbox WHERE published_at IS NULL) AS waiting`,
    );
    if (!waiting) return 0;
    return ds.transaction(async (tx) => {
      const [{ leader }] = await tx.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS leader', [
        RELAY_LOCK,
        this.schema,
      ]);
      if (!leader) return 0;
      // The payload as stored text: sent as it is, not parsed and printed again.
      const rows: { seq: string; id: string; subject: string; payload: string }[] = await tx.query(
        `SELECT seq, id, subject, payload::text AS payload FROM "${this.schema}".outbox
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
      await Promise.all(rows.map((r) => this.js.publish(r.subject, r.payload, { msgID: r.id, timeout: 5000 })));
      await tx.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    });
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
  stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    return this.relayLoop ?? Promise.resolve();
  }
}
