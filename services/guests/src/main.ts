import { runService } from '@guest-graph/subgraph-kit';
import { guestsService } from './index.js';

await runService(guestsService);
