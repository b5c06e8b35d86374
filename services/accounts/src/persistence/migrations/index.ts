import { AccountsCore1763950000001 } from './accounts-core.js';
import { ChannelsAndCare1763950000003 } from './channels-and-care.js';
import { SalesWork1763950000002 } from './sales-work.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [AccountsCore1763950000001, SalesWork1763950000002, ChannelsAndCare1763950000003];
