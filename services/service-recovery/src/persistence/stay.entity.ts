import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A stay as guests announced it: kept to know whether a bill credit goes to a direct-billed account. */
@Entity({ schema: 'service_recovery', name: 'stay' })
export class KnownStay {
  @PrimaryColumn({ type: 'uuid', name: 'stay_id' })
  stayId: string;
  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'text', name: 'property_code' })
  propertyCode: string;
  @Column({ type: 'text', name: 'payment_method' })
  paymentMethod: string;
  @Column({ type: 'uuid', name: 'account_id', nullable: true })
  accountId: string | null;
  @Column({ type: 'date', name: 'arrival_date' })
  arrivalDate: string;
  @Column({ type: 'date', name: 'departure_date' })
  departureDate: string;
  @Column({ type: 'timestamptz', name: 'checked_in_at', nullable: true })
  checkedInAt: Date | null;
  @Column({ type: 'timestamptz', name: 'checked_out_at', nullable: true })
  checkedOutAt: Date | null;
  @Column({ type: 'uuid', name: 'merge_id', nullable: true })
  mergeId: string | null;
  @Column({ type: 'uuid', name: 'merged_from_guest_id', nullable: true })
  mergedFromGuestId: string | null;
}
