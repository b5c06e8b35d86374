import { LedgerEntry } from './ledger-entry.entity.js';
import { Membership } from './membership.entity.js';
import { EarningRateRow, MembershipMerge, PromotionRow, Redemption, Reward } from './programme.entity.js';
import { StayCredit } from './stay-credit.entity.js';

/** The tables TypeORM maps for this service (its schema is made by the migrations, never synchronised). */
export const entities = [
  Membership,
  LedgerEntry,
  StayCredit,
  EarningRateRow,
  PromotionRow,
  Reward,
  Redemption,
  MembershipMerge,
];
export { migrations } from './migrations/index.js';
