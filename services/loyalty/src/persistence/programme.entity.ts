import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Points per currency unit spent at an outlet. */
@Entity({ name: 'earning_rate', schema: 'loyalty' })
export class EarningRateRow {
  @PrimaryColumn({ type: 'varchar', name: 'outlet', length: 32 })
  outlet: string;

  @Column({ type: 'numeric', name: 'points_per_unit', precision: 8, scale: 2 })
  pointsPerUnit: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;

  @Column({ type: 'varchar', name: 'updated_by', length: 200 })
  updatedBy: string;
}

@Entity({ name: 'promotion', schema: 'loyalty' })
export class PromotionRow {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;

  @Column({ type: 'varchar', name: 'name', length: 200 })
  name: string;

  @Column({ type: 'date', name: 'starts_on' })
  startsOn: string;

  @Column({ type: 'date', name: 'ends_on' })
  endsOn: string;

  @Column({ type: 'numeric', name: 'multiplier', precision: 5, scale: 2 })
  multiplier: string;

  @Column({ type: 'smallint', name: 'weekdays', array: true, nullable: true })
  weekdays: number[] | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'varchar', name: 'created_by', length: 200 })
  createdBy: string;
}

export type RewardKind = 'FREE_NIGHT' | 'UPGRADE' | 'FOOD_AND_BEVERAGE_VOUCHER' | 'GIFT';

@Entity({ name: 'reward', schema: 'loyalty' })
export class Reward {
  @PrimaryColumn({ type: 'varchar', name: 'code', length: 64 })
  code: string;

  @Column({ type: 'varchar', name: 'name', length: 200 })
  name: string;

  @Column({ type: 'varchar', name: 'kind', length: 32 })
  kind: RewardKind;

  @Column({ type: 'varchar', name: 'room_type', length: 64, nullable: true })
  roomType: string | null;

  @Column({ type: 'integer', name: 'points_price' })
  pointsPrice: number;

  @Column({ type: 'boolean', name: 'active' })
  active: boolean;
}

export type RedemptionStatus = 'CONFIRMED' | 'CANCELLED';

@Entity({ name: 'redemption', schema: 'loyalty' })
export class Redemption {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;

  /** The desk's request id: a retried redemption is the same redemption. */
  @Column({ type: 'varchar', name: 'request_id', length: 200 })
  requestId: string;

  @Column({ type: 'uuid', name: 'membership_id' })
  membershipId: string;

  @Column({ type: 'varchar', name: 'reward_code', length: 64 })
  rewardCode: string;

  @Column({ type: 'integer', name: 'quantity' })
  quantity: number;

  @Column({ type: 'integer', name: 'points' })
  points: number;

  @Column({ type: 'varchar', name: 'status', length: 16 })
  status: RedemptionStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'varchar', name: 'created_by', length: 200 })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', name: 'cancelled_by', length: 200, nullable: true })
  cancelledBy: string | null;

  @Column({ type: 'text', name: 'cancel_reason', nullable: true })
  cancelReason: string | null;
}

/** How a guest merge touched memberships, so an unmerge can undo exactly that. */
@Entity({ name: 'membership_merge', schema: 'loyalty' })
export class MembershipMerge {
  @PrimaryColumn({ type: 'uuid', name: 'merge_id' })
  mergeId: string;

  /** REPOINTED: only the duplicate was a member, its membership moved. FOLDED: its points moved into the survivor's. */
  @Column({ type: 'varchar', name: 'kind', length: 16 })
  kind: 'REPOINTED' | 'FOLDED';

  @Column({ type: 'uuid', name: 'survivor_guest_id' })
  survivorGuestId: string;

  @Column({ type: 'uuid', name: 'duplicate_guest_id' })
  duplicateGuestId: string;

  @Column({ type: 'uuid', name: 'survivor_membership_id', nullable: true })
  survivorMembershipId: string | null;

  @Column({ type: 'uuid', name: 'duplicate_membership_id' })
  duplicateMembershipId: string;

  @Column({
    type: 'bigint',
    name: 'points_moved',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  pointsMoved: number;

  @Column({ type: 'varchar', name: 'survivor_tier_before', length: 16, nullable: true })
  survivorTierBefore: string | null;

  @Column({ type: 'varchar', name: 'duplicate_tier_before', length: 16 })
  duplicateTierBefore: string;

  @Column({ type: 'timestamptz', name: 'merged_at' })
  mergedAt: Date;

  @Column({ type: 'timestamptz', name: 'unmerged_at', nullable: true })
  unmergedAt: Date | null;
}
