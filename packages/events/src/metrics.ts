import { counter, gauge, Registry } from '@guest-graph/telemetry';

/**
 * The bus's series (Prometheus names, units in the name): the outbox waiting to be relayed, each durable
 * consumer's backlog in JetStream, redeliveries, events applied and dead letters. Gauges are read when scraped.
 */
export class BusMetrics {
  readonly redeliveries;
  readonly applied;
  readonly deadLetters;

  constructor(
    readonly registry: Registry = new Registry(),
    sources: {
      outbox: () => Promise<{ backlog: number; oldestSeconds: number } | null>;
      consumers: () => Promise<{ consumer: string; pending: number; unacknowledged: number }[]>;
    },
  ) {
    // The two gauges of each pair read one answer per scrape: one query, one round of consumer infos.
    const outbox = perScrape(sources.outbox);
    const consumers = perScrape(sources.consumers);
    this.redeliveries = counter(
      registry,
      'events_consumer_redeliveries_total',
      'Deliveries of an event a consumer had already been given (a failure, a crash or a timeout before its ack)',
      ['consumer'],
    );
    this.applied = counter(
      registry,
      'events_consumed_total',
      'Events a consumer acknowledged (applied, or already applied before)',
      ['consumer'],
    );
    this.deadLetters = counter(
      registry,
      'events_dead_letters_total',
      'Events a consumer set aside in the dead-letter stream',
      ['consumer'],
    );
    gauge(registry, 'events_outbox_backlog_events', 'Outbox rows committed and not yet published', [], async (g) => {
      const o = await outbox();
      if (o) g.set(o.backlog);
    });
    gauge(
      registry,
      'events_outbox_oldest_age_seconds',
      'Age of the oldest outbox row not yet published (0 when none waits)',
      [],
      async (g) => {
        const o = await outbox();
        if (o) g.set(o.oldestSeconds);
      },
    );
    gauge(
      registry,
      'events_consumer_pending_messages',
      "Events in a consumer's stream not yet delivered to it (its lag)",
      ['consumer'],
      async (g) => {
        for (const c of await consumers()) g.set({ consumer: c.consumer }, c.pending);
      },
    );
    gauge(
      registry,
      'events_consumer_unacknowledged_messages',
      'Events delivered to a consumer and not yet acknowledged (being handled, or waiting for a retry)',
      ['consumer'],
      async (g) => {
        for (const c of await consumers()) g.set({ consumer: c.consumer }, c.unacknowledged);
      },
    );
  }
}

/** `read`, asked again only once its last answer is a second old. */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), value: read() };
    return last.value;
  };
}
