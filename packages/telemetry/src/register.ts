/**
 * The first import of every process's entry (`main.ts`): when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, hooks module
 * loading for the instrumented modules (http, pg, graphql) and starts the SDK before the entry imports the rest;
 * otherwise it does nothing. The service's name comes from `OTEL_SERVICE_NAME`, else the entry's package name.
 */
import { register } from 'node:module';
import { startTracing, tracingWanted } from './sdk.js';

if (tracingWanted()) {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  // Only modules an instrumentation asked for go through the loader thread; the rest load as usual.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  await startTracing({ service: process.env.OTEL_SERVICE_NAME ?? serviceOf(process.argv[1]) });
  await waitForAllMessagesAcknowledged();
}

/** `…/services/loyalty/dist/main.js` → `loyalty`; `…/gateway/dist/main.js` → `gateway`. */
function serviceOf(entry = ''): string {
  const parts = entry.split(/[\\/]/);
  const dist = parts.lastIndexOf('dist');
  return (dist > 0 ? parts[dist - 1] : undefined) ?? 'guest-graph';
}
