import { CreditLedger1763990000000 } from './1763990000000-credit-ledger.js';
import { AuthorizationConfirmation1763990000001 } from './1763990000001-authorization-confirmation.js';
import { AllocationOrder1763990000002 } from './1763990000002-allocation-order.js';
import { CreditNotePerResolution1763990000003 } from './1763990000003-credit-note-per-resolution.js';
import { CreditListKeysetIndexes1763990000004 } from './1763990000004-credit-list-keyset-indexes.js';
import { RequestOnce1764420100000 } from './1764420100000-request-once.js';
import { LedgerChangedAt1764900000000 } from './1764900000000-ledger-changed-at.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  CreditLedger1763990000000,
  AuthorizationConfirmation1763990000001,
  AllocationOrder1763990000002,
  CreditNotePerResolution1763990000003,
  CreditListKeysetIndexes1763990000004,
  RequestOnce1764420100000,
  LedgerChangedAt1764900000000,
];
