import { AllocationOrder1763990000002 } from './AllocationOrder1763990000002.js';
import { AuthorizationConfirmation1763990000001 } from './AuthorizationConfirmation1763990000001.js';
import { CreditLedger1763990000000 } from './CreditLedger1763990000000.js';
import { CreditNotePerResolution1763990000003 } from './CreditNotePerResolution1763990000003.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  CreditLedger1763990000000,
  AuthorizationConfirmation1763990000001,
  AllocationOrder1763990000002,
  CreditNotePerResolution1763990000003,
];
