import {
  GuestEmailEntity,
  GuestEntity,
  GuestPhoneEntity,
  IdDocumentRevealEntity,
  MarketingConsentEntity,
} from './guest.entity.js';
import { ObservationEntity, PreferenceEntity } from './preference.entity.js';
import { StayChargeEntity, StayEntity } from './stay.entity.js';

export const entities: Function[] = [
  GuestEntity,
  GuestPhoneEntity,
  GuestEmailEntity,
  MarketingConsentEntity,
  IdDocumentRevealEntity,
  PreferenceEntity,
  ObservationEntity,
  StayEntity,
  StayChargeEntity,
];
