import { AddGuestValueTier1764000000001 } from './AddGuestValueTier1764000000001.js';
import { CreateComplaintHandling1764000000000 } from './CreateComplaintHandling1764000000000.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [CreateComplaintHandling1764000000000, AddGuestValueTier1764000000001];
