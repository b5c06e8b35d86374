import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A checked-out stay that counts for an account: once per stay (the primary key). */
@Entity({ schema: 'accounts', name: 'stay_production' })
export class StayProductionRecord {
  @PrimaryColumn({ type: 'uuid', name: 'stay_id' })
  stayId: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'text', name: 'attributed_by' })
  attributedBy: 'CHECK_IN' | 'GUEST_LINK';
  @Column({ type: 'date', name: 'production_date' })
  productionDate: string;
  @Column({ type: 'integer', name: 'nights' })
  nights: number;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'revenue' })
  revenue: string;
  @Column({ type: 'timestamptz', name: 'checked_out_at' })
  checkedOutAt: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt: Date;
}
