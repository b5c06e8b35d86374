import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Tracing through `@opentelemetry/api` only: until `startTracing` registers the SDK (an OTLP endpoint set, or a
 * test's exporter), every call here is the API's no-op, so a process without tracing pays a few function calls
 * per request and exports nothing.
 */
export const tracer = () => trace.getTracer('guest-graph');

/** The W3C trace context of `ctx` (the active one by default) as headers; empty while tracing is off. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a message or request carries in its headers (`traceparent`, `tracestate`). */
export function contextFrom(headers: { get(key: string): string | undefined } | Record<string, unknown> | undefined) {
  if (!headers) return ROOT_CONTEXT;
  const getter =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (key: string) => (headers as { get(key: string): string | undefined }).get(key) || undefined
      : (key: string) => {
          const v = (headers as Record<string, unknown>)[key];
          return Array.isArray(v) ? v[0] : typeof v === 'string' ? v : undefined;
        };
  return propagation.extract(ROOT_CONTEXT, headers, {
    get: (_carrier, key) => getter(key),
    keys: () => ['traceparent', 'tracestate'],
  });
}

/** The active trace's id, for log lines; undefined while tracing is off or outside any span. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, traceFlags } = span.spanContext();
  return traceFlags === undefined || traceId === '00000000000000000000000000000000' ? undefined : traceId;
}

/**
 * Runs `work` in a new span (child of `parent`, else of the active context), ending it when `work` settles and
 * recording a failure as the span's error.
 */
export function inSpan<T>(
  name: string,
  opts: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: opts.kind, attributes: opts.attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error)?.message });
      throw e;
    } finally {
      span.end();
    }
  });
}

export { type Context, context, type Span, SpanKind, SpanStatusCode, trace };
