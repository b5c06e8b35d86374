// First: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook module loading before the rest is imported.
import '@guest-graph/telemetry/register';

const { runService } = await import('@guest-graph/subgraph-kit');
const { serviceRecoveryService } = await import('./index.js');

await runService(serviceRecoveryService);
