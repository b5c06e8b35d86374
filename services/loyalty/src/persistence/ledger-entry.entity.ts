import { Column, Entity, PrimaryColumn } from 'typeorm';
import { pointsColumn } from './columns.js';

export const ENTRY_TYPES = ['EARN', 'BONUS', 'COMPENSATION', 'REDEEM', 'ADJUST', 'EXPIRE', 'REVERSAL'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** One line of the points ledger. Append-only (a trigger refuses updates and deletes). */
@Entity({ name: 'ledger_entry', schema: 'loyalty' })
export class LedgerEntry {
  @PrimaryColumn({ type: 'bigint', name: 'seq', transformer: pointsColumn })
  seq: number;

  @Column({ type: 'uuid', name: 'id' })
  id: string;

  @Column({ type: 'uuid', name: 'membership_id' })
  membershipId: string;

  @Column({ type: 'varchar', name: 'type', length: 16 })
  type: EntryType;

  /** Signed: positive credits, negative debits. */
  @Column({ type: 'bigint', name: 'points', transformer: pointsColumn })
  points: number;

  /** The stay, case, redemption or merge the entry came from. */
  @Column({ type: 'varchar', name: 'reference', length: 200, nullable: true })
  reference: string | null;

  @Column({ type: 'text', name: 'reason', nullable: true })
  reason: string | null;

  /** Who or what: `staff:<id>` or `event:<type>:<event id>`, or a job. */
  @Column({ type: 'varchar', name: 'caused_by', length: 200 })
  causedBy: string;

  /** Derived from the cause (stay, case, redemption request…); unique, so nothing is booked twice. */
  @Column({ type: 'varchar', name: 'idempotency_key', length: 300 })
  idempotencyKey: string;

  @Column({ type: 'uuid', name: 'reverses_entry_id', nullable: true })
  reversesEntryId: string | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt: Date;
}

/** Maps a raw `SELECT *` row (window queries TypeORM's find cannot express). */
export function toLedgerEntry(r: Record<string, unknown>): LedgerEntry {
  return Object.assign(new LedgerEntry(), {
    seq: Number(r.seq),
    id: r.id as string,
    membershipId: r.membership_id as string,
    type: r.type as EntryType,
    points: Number(r.points),
    reference: (r.reference as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    causedBy: r.caused_by as string,
    idempotencyKey: r.idempotency_key as string,
    reversesEntryId: (r.reverses_entry_id as string | null) ?? null,
    occurredAt: r.occurred_at as Date,
    recordedAt: r.recorded_at as Date,
  });
}
