import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member's checked-out stay: its nights count towards the tier of its year. One row per stay, ever. */
@Entity({ name: 'stay_credit', schema: 'loyalty' })
export class StayCredit {
  @PrimaryColumn({ type: 'uuid', name: 'stay_id' })
  stayId: string;

  @Column({ type: 'uuid', name: 'membership_id' })
  membershipId: string;

  @Column({ type: 'uuid', name: 'earned_by_membership_id' })
  earnedByMembershipId: string;

  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;

  @Column({ type: 'integer', name: 'year' })
  year: number;

  @Column({ type: 'integer', name: 'nights' })
  nights: number;

  @Column({ type: 'date', name: 'departure_date' })
  departureDate: string;

  @Column({ type: 'timestamptz', name: 'credited_at' })
  creditedAt: Date;
}
