import { CreateComplaintHandling1764000000000 } from './1764000000000-create-complaint-handling.js';
import { AddGuestValueTier1764000000001 } from './1764000000001-add-guest-value-tier.js';
import { IndexFollowUpsDue1764000000002 } from './1764000000002-index-follow-ups-due.js';
import { CaseKeysetIndex1764000000003 } from './1764000000003-case-keyset-index.js';
import { OpenCaseDueKeysetIndex1764000000004 } from './1764000000004-open-case-due-keyset-index.js';
import { RequestOnce1764420100000 } from './1764420100000-request-once.js';
import { GuestFeedback1764523000003 } from './1764523000003-guest-feedback.js';
import { CaseChangedAt1764900000000 } from './1764900000000-case-changed-at.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  CreateComplaintHandling1764000000000,
  AddGuestValueTier1764000000001,
  IndexFollowUpsDue1764000000002,
  CaseKeysetIndex1764000000003,
  OpenCaseDueKeysetIndex1764000000004,
  RequestOnce1764420100000,
  GuestFeedback1764523000003,
  CaseChangedAt1764900000000,
];
