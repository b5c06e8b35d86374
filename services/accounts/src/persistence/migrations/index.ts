import { AccountsCore1763950000001 } from './1763950000001-accounts-core.js';
import { SalesWork1763950000002 } from './1763950000002-sales-work.js';
import { ChannelsAndCare1763950000003 } from './1763950000003-channels-and-care.js';
import { FollowUpPage1763950000004 } from './1763950000004-follow-up-page.js';
import { ContractReview1764523000001 } from './1764523000001-contract-review.js';
import { CategoryTargets1764523000002 } from './1764523000002-category-targets.js';
import { SalesLeads1764523000004 } from './1764523000004-sales-leads.js';
import { RelationshipType1764523000005 } from './1764523000005-relationship-type.js';
import { Timeline1764800000000 } from './1764800000000-timeline.js';
import { AccountChangedAt1764900000000 } from './1764900000000-account-changed-at.js';
import { HotelEvents1764910000000 } from './1764910000000-hotel-events.js';
import { AttendeeMerges1764980000000 } from './1764980000000-attendee-merges.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  AccountsCore1763950000001,
  SalesWork1763950000002,
  ChannelsAndCare1763950000003,
  FollowUpPage1763950000004,
  ContractReview1764523000001,
  CategoryTargets1764523000002,
  SalesLeads1764523000004,
  RelationshipType1764523000005,
  Timeline1764800000000,
  AccountChangedAt1764900000000,
  HotelEvents1764910000000,
  AttendeeMerges1764980000000,
];
