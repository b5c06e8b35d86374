import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A guest's loyalty tier, from loyalty's member.enrolled and loyalty.tier-changed. */
@Entity({ schema: 'service_recovery', name: 'guest_tier' })
export class GuestTier {
  @PrimaryColumn({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'text', name: 'tier' })
  tier: string;
  @Column({ type: 'timestamptz', name: 'changed_at' })
  changedAt: Date;
}
