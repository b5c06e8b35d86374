// Types only: the SDK and its instrumentations are loaded by `startTracing`, so a process without tracing never
// loads them (they are most of a cold start's module loading).
import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** `service.name` of every span this process exports (`OTEL_SERVICE_NAME` overrides). */
  service: string;
  env?: NodeJS.ProcessEnv;
  /** Where spans go instead of OTLP, one by one as they end (tests pass an in-memory exporter). */
  exporter?: SpanExporter;
}

let sdk: NodeSDK | undefined;

/** Whether spans are being recorded in this process: code with a cost of its own asks before paying it. */
export const tracingOn = () => sdk !== undefined;

/** Whether this environment asks for traces: an OTLP endpoint for traces or for everything. */
export const tracingWanted = (env: NodeJS.ProcessEnv = process.env) =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
  env.OTEL_SDK_DISABLED !== 'true';

/**
 * Starts the OpenTelemetry Node SDK with the http, pg and graphql instrumentations, exporting by OTLP (http/protobuf
 * to `OTEL_EXPORTER_OTLP_ENDPOINT`, batched) or to `exporter`. Does nothing, and returns false, when neither is
 * given: then no SDK, no context manager and no module hooks exist, and the API stays a no-op. Metrics are
 * prom-client's (`/metrics`), so the SDK's own metric and log pipelines are left off.
 */
export async function startTracing(opts: TracingOptions): Promise<boolean> {
  if (sdk) return true;
  const env = opts.env ?? process.env;
  if (!opts.exporter && !tracingWanted(env)) return false;
  const [{ NodeSDK }, { BatchSpanProcessor, SimpleSpanProcessor }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  let exporter = opts.exporter;
  if (!exporter) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
    exporter = new OTLPTraceExporter();
  }
  // Metrics are prom-client's and logs pino's: without these the SDK would also build a meter provider (which
  // the instrumentations would record into for nobody) and an OTLP log pipeline.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const started = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? opts.service,
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
    instrumentations: await instrumentations(),
  });
  started.start();
  sdk = started;
  return true;
}

/** Flushes what is buffered and stops the SDK (on shutdown, so the last spans are not lost). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => {});
}

async function instrumentations() {
  const [{ GraphQLInstrumentation }, { HttpInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  // Probes and scrapes are not requests anyone follows.
  const quiet = /^\/(health|metrics)/;
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => quiet.test(req.url ?? ''),
      // The gateway's subgraph calls already have a span each (`gateway.fetch`) and send its context themselves;
      // a client span per call under it would add cost and no information.
      disableOutgoingRequestInstrumentation: true,
    }),
    // Statements outside a traced request or message (the relay's polls, scheduled jobs' claims) would be a
    // root span four times a second; a span per pooled connection handed out says nothing a query's does not.
    new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    // Parse, validate and execute spans; a span per resolver would cost more than the resolvers themselves.
    new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }),
  ];
}

/** An exporter keeping finished spans in memory, for tests (loaded only when asked for). */
export async function inMemorySpanExporter() {
  const { InMemorySpanExporter } = await import('@opentelemetry/sdk-trace-base');
  return new InMemorySpanExporter();
}
