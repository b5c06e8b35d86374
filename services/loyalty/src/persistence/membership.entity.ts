import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Tier } from '../domain/tiers.js';
import { pointsColumn } from './columns.js';

export type MembershipStatus = 'ACTIVE' | 'MERGED';

@Entity({ name: 'membership', schema: 'loyalty' })
export class Membership {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;

  /** The guest holding it now (a merge may move it to the survivor). */
  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;

  /** The guest who enrolled, kept so an unmerge can give it back. */
  @Column({ type: 'uuid', name: 'enrolled_guest_id' })
  enrolledGuestId: string;

  @Column({ type: 'varchar', name: 'number', length: 16 })
  number: string;

  @Column({ type: 'varchar', name: 'tier', length: 16 })
  tier: Tier;

  /** The calendar year the tier was last qualified for (the roll-over moves it on). */
  @Column({ type: 'integer', name: 'tier_year' })
  tierYear: number;

  @Column({ type: 'varchar', name: 'status', length: 16 })
  status: MembershipStatus;

  @Column({ type: 'uuid', name: 'merged_into', nullable: true })
  mergedInto: string | null;

  /** Always the sum of this membership's ledger entries: both change in one transaction under a row lock. */
  @Column({ type: 'bigint', name: 'points_balance', transformer: pointsColumn })
  pointsBalance: number;

  /** The newest ledger entry the balance includes: history is read up to here, so both always agree. */
  @Column({ type: 'bigint', name: 'last_entry_seq', transformer: pointsColumn })
  lastEntrySeq: number;

  @Column({ type: 'timestamptz', name: 'last_activity_at' })
  lastActivityAt: Date;

  @Column({ type: 'timestamptz', name: 'enrolled_at' })
  enrolledAt: Date;

  @Column({ type: 'varchar', name: 'enrolled_by', length: 200 })
  enrolledBy: string;
}
