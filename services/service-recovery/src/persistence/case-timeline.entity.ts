import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to a case, and when: the record seed 004 asks the complaint handler to keep. */
@Entity({ schema: 'service_recovery', name: 'case_timeline' })
export class CaseTimelineEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'case_id' })
  caseId: string;
  @Column({ type: 'timestamptz', name: 'at' })
  at: Date;
  @Column({ type: 'text', name: 'actor' })
  actor: string;
  @Column({ type: 'text', name: 'kind' })
  kind: string;
  @Column({ type: 'text', name: 'note', nullable: true })
  note: string | null;
}
