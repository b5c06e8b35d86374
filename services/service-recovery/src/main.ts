import { runService } from '@guest-graph/subgraph-kit';
import { serviceRecoveryService } from './index.js';

await runService(serviceRecoveryService);
