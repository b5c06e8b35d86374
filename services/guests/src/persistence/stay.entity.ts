import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A stay (入住记录). `originGuestId` is who checked in, so an unmerge can give the stay back. */
@Entity({ schema: 'guests', name: 'stay' })
export class StayEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'uuid', name: 'origin_guest_id' }) originGuestId: string;
  @Column({ type: 'text', name: 'property_code' }) propertyCode: string;
  @Column({ type: 'text', name: 'room_type' }) roomType: string;
  @Column({ type: 'text', name: 'room_number', nullable: true }) roomNumber: string | null;
  @Column({ type: 'date', name: 'arrival_date' }) arrivalDate: string;
  @Column({ type: 'date', name: 'departure_date' }) departureDate: string;
  @Column({ type: 'integer', name: 'nights' }) nights: number;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'nightly_rate' }) nightlyRate: string;
  @Column({ type: 'text', name: 'purpose', nullable: true }) purpose: string | null;
  @Column({ type: 'text', name: 'payment_method' }) paymentMethod: string;
  @Column({ type: 'uuid', name: 'account_id', nullable: true }) accountId: string | null;
  @Column({ type: 'uuid', name: 'authorization_id', nullable: true }) authorizationId: string | null;
  @Column({ type: 'text', name: 'status' }) status: 'IN_HOUSE' | 'CHECKED_OUT';
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'total_spend', nullable: true }) totalSpend: string | null;
  /** Of a direct-billed stay, the part billed to the account; the rest went to `restPaidBy`. */
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'direct_billed', nullable: true })
  directBilled?: string | null;
  @Column({ type: 'text', name: 'rest_paid_by', nullable: true }) restPaidBy?: string | null;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'rest_paid', nullable: true }) restPaid?: string | null;
  @Column({ type: 'text', name: 'checked_in_by' }) checkedInBy: string;
  @Column({ type: 'timestamptz', name: 'checked_in_at' }) checkedInAt: Date;
  @Column({ type: 'text', name: 'checked_out_by', nullable: true }) checkedOutBy: string | null;
  @Column({ type: 'timestamptz', name: 'checked_out_at', nullable: true }) checkedOutAt: Date | null;
  /** The reservation this stay honoured, when checked in from one. */
  @Column({ type: 'uuid', name: 'reservation_id', nullable: true }) reservationId?: string | null;
}

@Entity({ schema: 'guests', name: 'stay_charge' })
export class StayChargeEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'stay_id' }) stayId: string;
  @Column({ type: 'integer', name: 'line' }) line: number;
  @Column({ type: 'text', name: 'outlet' }) outlet: string;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'amount' }) amount: string;
}
