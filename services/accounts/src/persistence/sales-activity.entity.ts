import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A visit, call, email, meeting or entertainment (客户拜访); it counts as a contact for the cadence. */
@Entity({ schema: 'accounts', name: 'sales_activity' })
export class SalesActivityRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'text', name: 'kind' })
  kind: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;
  @Column({ type: 'text', name: 'staff_id' })
  staffId: string;
  @Column({ type: 'uuid', name: 'contact_id', nullable: true })
  contactId: string | null;
  @Column({ type: 'text', name: 'purpose', nullable: true })
  purpose: string | null;
  @Column({ type: 'text', name: 'outcome', nullable: true })
  outcome: string | null;
  @Column({ type: 'text', name: 'next_step', nullable: true })
  nextStep: string | null;
  @Column({ type: 'date', name: 'next_step_on', nullable: true })
  nextStepOn: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
