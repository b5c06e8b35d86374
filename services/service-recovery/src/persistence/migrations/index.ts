import { AddGuestValueTier1764000000001 } from './AddGuestValueTier1764000000001.js';
import { CreateComplaintHandling1764000000000 } from './CreateComplaintHandling1764000000000.js';
import { IndexFollowUpsDue1764000000002 } from './IndexFollowUpsDue1764000000002.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  CreateComplaintHandling1764000000000,
  AddGuestValueTier1764000000001,
  IndexFollowUpsDue1764000000002,
];
