export type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
export {
  answerClusterMetrics,
  boundedLabel,
  type Counter,
  clusterMetricsSource,
  counter,
  type Gauge,
  gauge,
  type Histogram,
  histogram,
  LATENCY_BUCKETS,
  metricsRoute,
  processRegistry,
  Registry,
} from './metrics.js';
export {
  inMemorySpanExporter,
  startTracing,
  stopTracing,
  type TracingOptions,
  tracingOn,
  tracingWanted,
} from './sdk.js';
export {
  type Context,
  context,
  contextFrom,
  currentTraceId,
  inSpan,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  traceHeaders,
  tracer,
} from './tracing.js';
