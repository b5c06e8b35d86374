import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A guest travelling for an account (at most one at a time). */
@Entity({ schema: 'accounts', name: 'guest_link' })
export class GuestLinkRecord {
  @PrimaryColumn({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'uuid', name: 'account_id' })
  accountId: string;
  @Column({ type: 'timestamptz', name: 'linked_at' })
  linkedAt: Date;
  @Column({ type: 'text', name: 'linked_by' })
  linkedBy: string;
}
