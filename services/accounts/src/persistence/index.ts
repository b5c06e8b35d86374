import { AccountRecord } from './account.entity.js';
import { AccountContactRecord } from './account-contact.entity.js';
import { AccountContractRecord } from './account-contract.entity.js';
import { AccountRateRecord } from './account-rate.entity.js';
import { GuestLinkRecord } from './guest-link.entity.js';
import { SalesActivityRecord } from './sales-activity.entity.js';
import { SalesTargetRecord } from './sales-target.entity.js';
import { StayProductionRecord } from './stay-production.entity.js';

export const entities: Function[] = [
  AccountRecord,
  AccountContactRecord,
  AccountContractRecord,
  AccountRateRecord,
  GuestLinkRecord,
  SalesActivityRecord,
  SalesTargetRecord,
  StayProductionRecord,
];
