import { GuestHistory1763950000000 } from './1763950000000-guest-history.js';
import { GuestValue1763960000000 } from './1763960000000-guest-value.js';
import { ConsentOrder1763970000000 } from './1763970000000-consent-order.js';
import { NameSearchKnn1763980000000 } from './1763980000000-name-search-knn.js';
import { FollowUpOwner1763990000000 } from './1763990000000-follow-up-owner.js';
import { PinyinSearchName1764100000000 } from './1764100000000-pinyin-search-name.js';
import { NameDictionary1764200000000 } from './1764200000000-name-dictionary.js';
import { ConnectionKeys1764300000000 } from './1764300000000-connection-keys.js';
import { ConsentLedger1764400000000 } from './1764400000000-consent-ledger.js';
import { DataRequests1764410000000 } from './1764410000000-data-requests.js';
import { IdentifierSearch1764420000000 } from './1764420000000-identifier-search.js';
import { RequestOnce1764420100000 } from './1764420100000-request-once.js';
import { StaysCheckedOutOrder1764517000000 } from './1764517000000-stays-checked-out-order.js';
import { GuestChangedAt1764517100000 } from './1764517100000-guest-changed-at.js';
import { StaySettlement1764523000000 } from './1764523000000-stay-settlement.js';
import { CareGiven1764523000006 } from './1764523000006-care-given.js';
import { Timeline1764800000000 } from './1764800000000-timeline.js';
import { IdentifierSearchAudit1764850000000 } from './1764850000000-identifier-search-audit.js';
import { MemberTierCopy1764900000000 } from './1764900000000-member-tier-copy.js';
import { Reservations1764905000000 } from './1764905000000-reservations.js';
import { EventNotes1764910000000 } from './1764910000000-event-notes.js';
import { ReservationArrivalOrder1764981000000 } from './1764981000000-reservation-arrival-order.js';
import { StayReport1764990000000 } from './1764990000000-stay-report.js';
import { StayReportBackfill1764995000000 } from './1764995000000-stay-report-backfill.js';

// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [
  GuestHistory1763950000000,
  GuestValue1763960000000,
  ConsentOrder1763970000000,
  NameSearchKnn1763980000000,
  FollowUpOwner1763990000000,
  PinyinSearchName1764100000000,
  NameDictionary1764200000000,
  ConnectionKeys1764300000000,
  ConsentLedger1764400000000,
  DataRequests1764410000000,
  IdentifierSearch1764420000000,
  RequestOnce1764420100000,
  StaysCheckedOutOrder1764517000000,
  GuestChangedAt1764517100000,
  StaySettlement1764523000000,
  CareGiven1764523000006,
  Timeline1764800000000,
  IdentifierSearchAudit1764850000000,
  MemberTierCopy1764900000000,
  Reservations1764905000000,
  EventNotes1764910000000,
  ReservationArrivalOrder1764981000000,
  StayReport1764990000000,
  StayReportBackfill1764995000000,
];
