import type { JetStreamClient } from '@nats-io/jetstream';
import type { EntityManager } from 'typeorm';
import { type BusOptions, schemaOf } from './bus-options.js';
import type { EventData, EventDefinition, Producer } from './catalogue/define.js';
import { envelope } from './envelope.js';
import type { Streams } from './streams.js';

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
    const producerOf = (subject: string) => subject.slice(this.options.namespace.length + 1).split('.')[0] as Producer;
    const producers = new Set(rows.map((r) => producerOf(r.subject)));
    await Promise.all([...producers].map((p) => this.streams.ensureStream(p)));
    // Published concurrently but sent in order over one connection; a failure leaves the whole batch for the
    // next round, and JetStream's dedup window drops the ones that did get through.
    await Promise.all(rows.map((r) => this.js.publish(r.subject, r.payload, { msgID: r.id, timeout: 5000 })));
    await ds.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
      rows.map((r) => r.seq),
    ]);
    return rows.length;
  }

  /** Ends the relay after its current round; resolves when it has. */
  stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    return this.relayLoop ?? Promise.resolve();
  }
}
