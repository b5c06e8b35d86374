import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompensationKind, CompensationStatus } from '../domain/compensation.js';

@Entity({ schema: 'service_recovery', name: 'compensation' })
export class Compensation {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'case_id' })
  caseId: string;
  @Column({ type: 'text', name: 'kind' })
  kind: CompensationKind;
  @Column({ type: 'integer', name: 'points' })
  points: number;
  /** Money as a decimal string (numeric(14,2)); never a float. */
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'amount' })
  amount: string;
  @Column({ type: 'text', name: 'note', nullable: true })
  note: string | null;
  @Column({ type: 'text', name: 'status' })
  status: CompensationStatus;
  @Column({ type: 'text', name: 'offered_by' })
  offeredBy: string;
  @Column({ type: 'timestamptz', name: 'offered_at' })
  offeredAt: Date;
  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy: string | null;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'granted_at', nullable: true })
  grantedAt: Date | null;
  /** The case.resolved event (resolution) that carried it to loyalty and credit. */
  @Column({ type: 'uuid', name: 'resolution_id', nullable: true })
  resolutionId: string | null;
}
