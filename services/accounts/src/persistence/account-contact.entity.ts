import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person at the account: who decides, and whose birthday the sales office remembers (生日关怀). */
@Entity({ schema: 'accounts', name: 'account_contact' })
export class AccountContactRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'text', name: 'name' })
  name: string;
  @Column({ type: 'text', name: 'title', nullable: true })
  title: string | null;
  @Column({ type: 'text', name: 'phone', nullable: true })
  phone: string | null;
  @Column({ type: 'text', name: 'email', nullable: true })
  email: string | null;
  @Column({ type: 'boolean', name: 'decision_maker' })
  decisionMaker: boolean;
  @Column({ type: 'date', name: 'birthday', nullable: true })
  birthday: string | null;
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
