import { readFileSync } from 'node:fs';
import { onShutdown, pino } from '@guest-graph/http';
import { startGateway } from './gateway.js';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
try {
  const gw = await startGateway({ supergraphSdl });
  onShutdown(pino({ name: 'gateway' }), gw.stop);
} catch (e) {
  console.error(`gateway failed to start: ${(e as Error).message}`);
  process.exit(1);
}
