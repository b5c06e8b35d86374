import { GuestHistory1763950000000 } from './1763950000000-guest-history.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [GuestHistory1763950000000];
