import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An annual, quarterly or monthly target of a sales person or an account (目标). */
@Entity({ schema: 'accounts', name: 'sales_target' })
export class SalesTargetRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'text', name: 'owner_id', nullable: true })
  ownerId: string | null;
  @Column({ type: 'uuid', name: 'account_id', nullable: true })
  accountId: string | null;
  @Column({ type: 'text', name: 'period_kind' })
  periodKind: string;
  @Column({ type: 'date', name: 'period_start' })
  periodStart: string;
  @Column({ type: 'date', name: 'period_end' })
  periodEnd: string;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'revenue_target', nullable: true })
  revenueTarget: string | null;
  @Column({ type: 'integer', name: 'room_night_target', nullable: true })
  roomNightTarget: number | null;
  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
