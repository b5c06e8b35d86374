import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { DiscardPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type BusOptions, streamLimits } from './bus-options.js';
import type { EventDefinition, Producer } from './catalogue/define.js';
import type { Envelope } from './envelope.js';

export const safeName = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');

/** The JetStream streams of one namespace: a stream per producer and one for dead letters, made on first use. */
export class Streams {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly options: BusOptions,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

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

  /**
   * Creates the stream of one producer (file storage, a dedup window, age and size limits), or brings an
   * existing one's limits up to date. Safe from any service.
   */
  ensureStream(producer: Producer | 'dead-letter'): Promise<void> {
    const name = producer === 'dead-letter' ? this.deadLetterStream : this.streamName(producer);
    const subjects = [
      producer === 'dead-letter' ? `${this.namespace}.dead-letter.>` : `${this.namespace}.${producer}.>`,
    ];
    let pending = this.ensured.get(name);
    if (!pending) {
      pending = (async () => {
        const limits = streamLimits(this.options);
        const dead = producer === 'dead-letter';
        const config: Partial<StreamConfig> & { name: string } = {
          name,
          subjects,
          storage: StorageType.File,
          duplicate_window: nanos(this.options.duplicateWindowMs ?? 120_000),
          // A dead letter waits until someone replays it; an event until every consumer had its chance.
          max_age: dead ? 0 : nanos(limits.maxAgeMs),
          max_bytes: dead ? limits.deadLetterMaxBytes : limits.maxBytes,
          // Full means refuse, never drop the oldest: the outbox (or the consumer's message) keeps it meanwhile.
          discard: DiscardPolicy.New,
          // Consumers inherit the stream's replicas: on a three-node cluster a node lost loses no event or position.
          num_replicas: this.options.replicas ?? 1,
        };
        let existing: StreamConfig | null = null;
        try {
          existing = (await this.jsm.streams.info(name)).config;
        } catch {
          try {
            await this.jsm.streams.add(config);
            return;
          } catch (e) {
            // Another service created it between our look and our add.
            existing = (
              await this.jsm.streams.info(name).catch(() => {
                throw e;
              })
            ).config;
          }
        }
        const differs =
          existing.max_age !== config.max_age ||
          existing.max_bytes !== config.max_bytes ||
          existing.discard !== config.discard ||
          existing.num_replicas !== config.num_replicas;
        if (!differs) return;
        // Another service's stream is its owner's to tune: on a NATS with users (nats-auth.ts) only the owner
        // may update it, and a consumer reads it as it is.
        if (producer !== 'dead-letter' && producer !== this.options.service) {
          await this.jsm.streams
            .update(name, {
              max_age: config.max_age,
              max_bytes: config.max_bytes,
              discard: config.discard,
              num_replicas: config.num_replicas,
            })
            .catch((e) =>
              this.options.logger.warn(
                { stream: name, err: (e as Error).message },
                "another service's stream keeps its own limits",
              ),
            );
          return;
        }
        await this.jsm.streams.update(name, {
          max_age: config.max_age,
          max_bytes: config.max_bytes,
          discard: config.discard,
          num_replicas: config.num_replicas,
        });
      })();
      pending.catch(() => this.ensured.delete(name));
      this.ensured.set(name, pending);
    }
    return pending;
  }

  /** Publishes straight to JetStream, bypassing the outbox: for replays and tests, never for state changes. */
  async publishDirect(def: EventDefinition, env: Envelope | string, msgId?: string) {
    await this.ensureStream(def.producer);
    const body = typeof env === 'string' ? env : JSON.stringify(env);
    return this.js.publish(this.subject(def), body, msgId ? { msgID: msgId } : undefined);
  }
}
