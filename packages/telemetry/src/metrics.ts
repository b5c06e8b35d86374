import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per service (several share a process in tests), with Node's own series: CPU, memory, GC, handles
 * and the event loop's delay (`nodejs_eventloop_lag_seconds`, `nodejs_eventloop_lag_p99_seconds`).
 */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Latency buckets for requests and calls, in seconds: 5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A label value a caller chooses (an operation name, a client's name) kept to a bounded set: anything not a
 * plain name is `invalid`, and past `max` distinct values new ones count as `other`, so a client inventing
 * names cannot grow the series without end.
 */
export function boundedLabel(max = 200) {
  const seen = new Set<string>();
  return (value: string | undefined | null, fallback = 'unknown'): string => {
    if (!value) return fallback;
    if (!/^[\w.:/@-]{1,80}$/.test(value)) return 'invalid';
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}

/** A metric of `registry` by name, made on first use (two parts of a service may ask for the same one). */
export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return (
    (registry.getSingleMetric(name) as Counter<string>) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}
export function histogram(registry: Registry, name: string, help: string, labelNames: string[] = []) {
  return (
    (registry.getSingleMetric(name) as Histogram<string>) ??
    new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [registry] })
  );
}
/** A gauge read at scrape time by `collect` (which sets its values). */
export function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  collect?: (g: Gauge<string>) => Promise<void> | void,
) {
  const existing = registry.getSingleMetric(name) as Gauge<string> | undefined;
  if (existing) return existing;
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    ...(collect
      ? {
          async collect(this: Gauge<string>) {
            // A scrape must answer even while the database or NATS is away: the series just keeps its last value.
            await Promise.resolve(collect(this)).catch(() => {});
          },
        }
      : {}),
  });
}

/**
 * `GET /metrics` in Prometheus' text format. Outside production it is open; in production it needs
 * `Authorization: Bearer <METRICS_TOKEN>` and is not served at all while METRICS_TOKEN is unset: the series name
 * operations, clients and consumers, which strangers have no business mapping.
 */
export function metricsRoute(
  source: Registry | (() => Promise<{ text: string; contentType: string }>),
  opts: { production: boolean; token?: string },
) {
  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (opts.production && !expected) {
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.statusCode = 401;
        res.setHeader('www-authenticate', 'Bearer');
        res.end();
        return;
      }
    }
    const { text, contentType } =
      typeof source === 'function' ? await source() : { text: await source.metrics(), contentType: source.contentType };
    res.statusCode = 200;
    res.setHeader('content-type', contentType);
    res.end(text);
  };
}

/** The gateway's workers: a scrape answered by one worker reports all of them (summed by the primary). */
const ASK = 'guest-graph:metrics?';
const ANSWER = 'guest-graph:metrics!';

/** In the primary: answers a worker's request for the cluster's metrics. Returns the `message` listener. */
export function answerClusterMetrics() {
  const aggregator = new AggregatorRegistry();
  return (worker: { send(message: unknown): unknown }, message: unknown) => {
    const m = message as { type?: string; id?: number };
    if (m?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: m.id, text, contentType: aggregator.contentType }),
      (e: Error) => worker.send({ type: ANSWER, id: m.id, error: e.message }),
    );
  };
}

/** In a worker: its registry is what the primary collects, and a scrape asks the primary for the sum. */
export function clusterMetricsSource(
  registry: Registry,
  channel: { send(message: unknown): unknown; on(event: 'message', listener: (m: unknown) => void): unknown },
) {
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const waiting = new Map<number, (answer: { text?: string; contentType?: string; error?: string }) => void>();
  channel.on('message', (message) => {
    const m = message as { type?: string; id?: number; text?: string; contentType?: string; error?: string };
    if (m?.type === ANSWER && m.id !== undefined) waiting.get(m.id)?.(m);
  });
  return async () => {
    const id = next++;
    const answer = await new Promise<{ text?: string; contentType?: string; error?: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ error: 'no answer from the primary' }), 5000);
      waiting.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      channel.send({ type: ASK, id });
    });
    waiting.delete(id);
    // The primary gone quiet: this worker's own numbers rather than nothing.
    if (answer.error || answer.text === undefined)
      return { text: await registry.metrics(), contentType: registry.contentType };
    return { text: answer.text, contentType: answer.contentType ?? registry.contentType };
  };
}

export { type Counter, type Gauge, type Histogram, Registry };
