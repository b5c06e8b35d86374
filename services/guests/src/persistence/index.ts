import {
  ConsentEntity,
  GuestEmailEntity,
  GuestEntity,
  GuestPhoneEntity,
  IdDocumentRevealEntity,
} from './guest.entity.js';
import { ObservationEntity, PreferenceEntity } from './preference.entity.js';
import { StayChargeEntity, StayEntity } from './stay.entity.js';

export const entities: Function[] = [
  GuestEntity,
  GuestPhoneEntity,
  GuestEmailEntity,
  ConsentEntity,
  IdDocumentRevealEntity,
  PreferenceEntity,
  ObservationEntity,
  StayEntity,
  StayChargeEntity,
];
