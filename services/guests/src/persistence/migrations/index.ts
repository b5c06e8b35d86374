import { GuestHistory1763950000000 } from './1763950000000-guest-history.js';
import { GuestValue1763960000000 } from './1763960000000-guest-value.js';
import { ConsentOrder1763970000000 } from './1763970000000-consent-order.js';
import { NameSearchKnn1763980000000 } from './1763980000000-name-search-knn.js';
import { FollowUpOwner1763990000000 } from './1763990000000-follow-up-owner.js';
import { PinyinSearchName1764100000000 } from './1764100000000-pinyin-search-name.js';
import { NameDictionary1764200000000 } from './1764200000000-name-dictionary.js';
import { ConnectionKeys1764300000000 } from './1764300000000-connection-keys.js';
import { StaySettlement1764523000000 } from './1764523000000-stay-settlement.js';
import { CareGiven1764523000006 } from './1764523000006-care-given.js';

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
  StaySettlement1764523000000,
  CareGiven1764523000006,
];
