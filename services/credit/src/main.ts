import { runService } from '@guest-graph/subgraph-kit';
import { creditService } from './index.js';

await runService(creditService);
