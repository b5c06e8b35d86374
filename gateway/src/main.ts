// First: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook module loading before the rest is imported.
import '@guest-graph/telemetry/register';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

// One worker process per core (GATEWAY_WORKERS, default the core count): the gateway's work (parsing, planning,
// merging subgraph answers) is CPU-bound JavaScript, so one process cannot use a second core. The primary only
// forks, restarts a worker that dies, passes a stop signal on, and keeps the rate limit's buckets. Workers share
// the listening port.
const workers = Math.max(1, Number(process.env.GATEWAY_WORKERS ?? availableParallelism()) || 1);

if (cluster.isPrimary && workers > 1) {
  const { answerRateLimits } = await import('./rate-limit.js');
  const { answerClusterMetrics } = await import('@guest-graph/telemetry');
  // The per-caller allowance is counted here, once, for all workers; and a scrape's sum of their metrics.
  const rateLimits = answerRateLimits();
  const metrics = answerClusterMetrics();
  cluster.on('message', (worker, message) => {
    rateLimits(worker, message);
    metrics(worker, message);
  });
  let stopping = false;
  const served = new Set<number>();
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (worker) => served.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit();
      return;
    }
    // A worker that never served (bad configuration, port taken) would fail the same way again: give up.
    if (!served.has(worker.id)) {
      console.error(`gateway worker failed to start (${signal ?? code})`);
      stop();
      process.exitCode = 1;
      return;
    }
    console.error(`gateway worker ${worker.process.pid} died (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  // Loaded here, not at the top: the primary stays a small process that holds no gateway.
  const { onShutdown, pino } = await import('@guest-graph/http');
  const { startGateway } = await import('./gateway.js');
  const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
  try {
    const gw = await startGateway({ supergraphSdl });
    const { stopTracing } = await import('@guest-graph/telemetry');
    onShutdown(pino({ name: 'gateway' }), async () => {
      await gw.stop();
      await stopTracing();
    });
  } catch (e) {
    console.error(`gateway failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
}
