import { runService } from '@guest-graph/subgraph-kit';
import { loyaltyService } from './index.js';

await runService(loyaltyService);
