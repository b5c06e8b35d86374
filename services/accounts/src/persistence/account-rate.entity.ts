import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A negotiated rate for a room type (or any room) over a validity period. */
@Entity({ schema: 'accounts', name: 'account_rate' })
export class AccountRateRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'uuid', name: 'contract_id', nullable: true })
  contractId: string | null;
  @Column({ type: 'text', name: 'room_type', nullable: true })
  roomType: string | null;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'rate', nullable: true })
  rate: string | null;
  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'discount_percent', nullable: true })
  discountPercent: string | null;
  @Column({ type: 'date', name: 'valid_from' })
  validFrom: string;
  @Column({ type: 'date', name: 'valid_to', nullable: true })
  validTo: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
