import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A guest profile (散客档案). The identity document is never here in clear: cipher, blind index, last four. */
@Entity({ schema: 'guests', name: 'guest' })
export class GuestEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'text', name: 'full_name' }) fullName: string;
  @Column({ type: 'text', name: 'latin_name', nullable: true }) latinName: string | null;
  @Column({ type: 'text', name: 'search_name' }) searchName: string;
  @Column({ type: 'text', name: 'gender', nullable: true }) gender: string | null;
  @Column({ type: 'date', name: 'birth_date', nullable: true }) birthDate: string | null;
  @Column({ type: 'date', name: 'anniversary_date', nullable: true }) anniversaryDate: string | null;
  @Column({ type: 'char', length: 2, name: 'nationality', nullable: true }) nationality: string | null;
  @Column({ type: 'text', name: 'segment', nullable: true }) segment: string | null;
  @Column({ type: 'boolean', name: 'vip' }) vip: boolean;
  @Column({ type: 'smallint', name: 'vip_level', nullable: true }) vipLevel: number | null;
  @Column({ type: 'text', name: 'id_doc_type', nullable: true }) idDocType: string | null;
  @Column({ type: 'text', name: 'id_doc_cipher', nullable: true }) idDocCipher: string | null;
  @Column({ type: 'char', length: 64, name: 'id_doc_index', nullable: true }) idDocIndex: string | null;
  @Column({ type: 'varchar', length: 4, name: 'id_doc_last4', nullable: true }) idDocLast4: string | null;
  @Column({ type: 'smallint', name: 'id_doc_length', nullable: true }) idDocLength: number | null;
  @Column({ type: 'text', name: 'address', nullable: true }) address: string | null;
  @Column({ type: 'text', name: 'employer', nullable: true }) employer: string | null;
  @Column({ type: 'jsonb', name: 'restrictions' }) restrictions: GuestRestriction[];
  @Column({ type: 'text', array: true, name: 'tags' }) tags: string[];
  @Column({ type: 'text', name: 'notes', nullable: true }) notes: string | null;
  @Column({ type: 'uuid', name: 'merged_into', nullable: true }) mergedInto: string | null;
  @Column({ type: 'text', name: 'registered_by' }) registeredBy: string;
  @Column({ type: 'timestamptz', name: 'registered_at' }) registeredAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
  /** Set once the guest's personal data is erased: the id stays for the records the law keeps. */
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true }) erasedAt: Date | null;
}

export interface GuestRestriction {
  type: string;
  reason: string;
  since: string;
  by: string;
}

@Entity({ schema: 'guests', name: 'guest_phone' })
export class GuestPhoneEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'text', name: 'number' }) number: string;
  @Column({ type: 'text', name: 'digits' }) digits: string;
  @Column({ type: 'boolean', name: 'is_primary' }) isPrimary: boolean;
  @Column({ type: 'timestamptz', name: 'added_at' }) addedAt: Date;
}

@Entity({ schema: 'guests', name: 'guest_email' })
export class GuestEmailEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'text', name: 'address' }) address: string;
  @Column({ type: 'text', name: 'address_lower' }) addressLower: string;
  @Column({ type: 'boolean', name: 'is_primary' }) isPrimary: boolean;
  @Column({ type: 'timestamptz', name: 'added_at' }) addedAt: Date;
}

/** One answer in the consent ledger (append-only: the database refuses to change or remove it). */
@Entity({ schema: 'guests', name: 'consent' })
export class ConsentEntity {
  @PrimaryColumn({ type: 'bigint', name: 'seq' }) seq: string;
  @Column({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'text', name: 'purpose' }) purpose: string;
  @Column({ type: 'text', name: 'channel', nullable: true }) channel: string | null;
  @Column({ type: 'boolean', name: 'granted' }) granted: boolean;
  @Column({ type: 'text', name: 'notice_version' }) noticeVersion: string;
  @Column({ type: 'text', name: 'source' }) source: string;
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt: Date;
}

/** Who saw a full document number, when and why (managers list these). */
@Entity({ schema: 'guests', name: 'id_document_reveal' })
export class IdDocumentRevealEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'text', name: 'revealed_by' }) revealedBy: string;
  @Column({ type: 'text', name: 'revealed_by_name' }) revealedByName: string;
  @Column({ type: 'text', array: true, name: 'roles' }) roles: string[];
  @Column({ type: 'text', name: 'reason' }) reason: string;
  @Column({ type: 'text', name: 'request_id', nullable: true }) requestId: string | null;
  @Column({ type: 'timestamptz', name: 'revealed_at' }) revealedAt: Date;
}
