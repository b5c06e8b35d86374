import { MembershipsAndLedger1764000000001 } from './1764000000001-memberships-and-ledger.js';
import { EarningRulesAndRewards1764000000002 } from './1764000000002-earning-rules-and-rewards.js';
import { MembershipLedgerPosition1764000000003 } from './1764000000003-membership-ledger-position.js';
import { HeldCompensationPerResolution1764000000004 } from './1764000000004-held-compensation-per-resolution.js';
import { MembershipEnrolledGuestIndex1764000000005 } from './1764000000005-membership-enrolled-guest-index.js';
import { RedemptionKeysetIndex1764000000006 } from './1764000000006-redemption-keyset-index.js';
import { LedgerErasure1764000000007 } from './1764000000007-ledger-erasure.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  MembershipsAndLedger1764000000001,
  EarningRulesAndRewards1764000000002,
  MembershipLedgerPosition1764000000003,
  HeldCompensationPerResolution1764000000004,
  MembershipEnrolledGuestIndex1764000000005,
  RedemptionKeysetIndex1764000000006,
  LedgerErasure1764000000007,
];
