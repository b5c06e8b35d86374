import { runService } from '@guest-graph/subgraph-kit';
import { accountsService } from './index.js';

await runService(accountsService);
