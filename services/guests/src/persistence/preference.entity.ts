import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One value of one category; the current one has no `supersededAt`, older ones are its history. */
@Entity({ schema: 'guests', name: 'preference' })
export class PreferenceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'uuid', name: 'origin_guest_id' }) originGuestId: string;
  @Column({ type: 'text', name: 'category' }) category: string;
  @Column({ type: 'text', name: 'value' }) value: string;
  @Column({ type: 'text', name: 'value_key' }) valueKey: string;
  @Column({ type: 'text', name: 'note', nullable: true }) note: string | null;
  @Column({ type: 'boolean', name: 'sensitive' }) sensitive: boolean;
  @Column({ type: 'text', name: 'source' }) source: 'STAFF' | 'OBSERVATION';
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'text', name: 'recorded_by_name' }) recordedByName: string;
  @Column({ type: 'text', name: 'department' }) department: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt: Date;
  @Column({ type: 'integer', name: 'confirmations' }) confirmations: number;
  @Column({ type: 'timestamptz', name: 'last_confirmed_at' }) lastConfirmedAt: Date;
  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true }) supersededAt: Date | null;
}

/** What a member of staff noticed while serving; becomes a preference once confirmed. */
@Entity({ schema: 'guests', name: 'observation' })
export class ObservationEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id' }) id: string;
  @Column({ type: 'uuid', name: 'guest_id' }) guestId: string;
  @Column({ type: 'uuid', name: 'origin_guest_id' }) originGuestId: string;
  @Column({ type: 'uuid', name: 'stay_id', nullable: true }) stayId: string | null;
  @Column({ type: 'text', name: 'category' }) category: string;
  @Column({ type: 'text', name: 'value' }) value: string;
  @Column({ type: 'text', name: 'value_key' }) valueKey: string;
  @Column({ type: 'text', name: 'note', nullable: true }) note: string | null;
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'text', name: 'recorded_by_name' }) recordedByName: string;
  @Column({ type: 'text', name: 'department' }) department: string;
  @Column({ type: 'timestamptz', name: 'observed_at' }) observedAt: Date;
  @Column({ type: 'uuid', name: 'preference_id', nullable: true }) preferenceId: string | null;
}
