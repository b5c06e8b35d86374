import { Writable } from 'node:stream';
import { inMemorySpanExporter, inSpan, startTracing, stopTracing } from '@guest-graph/telemetry';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';

// Issue 22: a log line written while a request is traced carries the trace's id beside the request id, so a
// desk's "it failed" with its request id leads to the whole trace in Jaeger.
describe('log lines and traces', () => {
  let exporter: Awaited<ReturnType<typeof inMemorySpanExporter>>;
  beforeAll(async () => {
    exporter = await inMemorySpanExporter();
    await startTracing({ service: 'test', exporter });
  });
  afterAll(stopTracing);

  it('carry the active trace id, and none outside a span', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      'test',
      'info',
      new Writable({
        write(chunk, _enc, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    logger.info('before');
    const traceId = await inSpan('request', {}, async (span) => {
      logger.child({ requestId: 'desk-42' }).info('inside');
      return span.spanContext().traceId;
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]).not.toHaveProperty('traceId');
    expect(lines[1]).toMatchObject({ requestId: 'desk-42', traceId, msg: 'inside' });
    await vi.waitFor(() => expect(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).toEqual([traceId]));
  });
});
