import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A sales contract (合同): terms, validity and the room nights the account committed to. */
@Entity({ schema: 'accounts', name: 'account_contract' })
export class AccountContractRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'text', name: 'reference' })
  reference: string;
  @Column({ type: 'text', name: 'terms', nullable: true })
  terms: string | null;
  @Column({ type: 'text', name: 'status' })
  status: string;
  @Column({ type: 'date', name: 'valid_from' })
  validFrom: string;
  @Column({ type: 'date', name: 'valid_to' })
  validTo: string;
  @Column({ type: 'integer', name: 'room_night_commitment', nullable: true })
  roomNightCommitment: number | null;
  @Column({ type: 'text', name: 'terminated_reason', nullable: true })
  terminatedReason: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
