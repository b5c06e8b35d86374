import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The client file (单位客户档案, seed 000 section 3.1.2). */
@Entity({ schema: 'accounts', name: 'account' })
export class AccountRecord {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'text', name: 'name' })
  name: string;
  @Column({ type: 'text', name: 'type' })
  type: string;
  @Column({ type: 'text', name: 'grade', nullable: true })
  grade: string | null;
  @Column({ type: 'text', name: 'status' })
  status: string;
  @Column({ type: 'text', name: 'industry', nullable: true })
  industry: string | null;
  @Column({ type: 'text', name: 'address', nullable: true })
  address: string | null;
  @Column({ type: 'text', name: 'nature_of_business', nullable: true })
  natureOfBusiness: string | null;
  @Column({ type: 'text', name: 'person_in_charge', nullable: true })
  personInCharge: string | null;
  @Column({ type: 'text', name: 'main_needs', nullable: true })
  mainNeeds: string | null;
  @Column({ type: 'text', name: 'payment_method', nullable: true })
  paymentMethod: string | null;
  @Column({ type: 'text', name: 'acquisition_channel', nullable: true })
  channel: string | null;
  @Column({ type: 'text', name: 'contact_name', nullable: true })
  contactName: string | null;
  @Column({ type: 'text', name: 'contact_phone', nullable: true })
  contactPhone: string | null;
  @Column({ type: 'numeric', precision: 14, scale: 2, name: 'negotiated_rate', nullable: true })
  negotiatedRate: string | null;
  @Column({ type: 'numeric', precision: 5, scale: 2, name: 'discount_percent', nullable: true })
  discountPercent: string | null;
  @Column({ type: 'text', name: 'owner_id', nullable: true })
  ownerId: string | null;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  parentId: string | null;
  @Column({ type: 'timestamptz', name: 'last_contact_at', nullable: true })
  lastContactAt: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
