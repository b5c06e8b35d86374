import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One post-stay survey per stay (unique stay_id), issued at check-out and answered later. */
@Entity({ schema: 'service_recovery', name: 'survey' })
export class StaySurvey {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'stay_id' })
  stayId: string;
  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'text', name: 'property_code' })
  propertyCode: string;
  @Column({ type: 'date', name: 'departure_date' })
  departureDate: string;
  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt: Date;
  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt: Date | null;
  @Column({ type: 'text', name: 'submitted_by', nullable: true })
  submittedBy: string | null;
  @Column({ type: 'smallint', name: 'overall', nullable: true })
  overall: number | null;
  @Column({ type: 'smallint', name: 'room', nullable: true })
  room: number | null;
  @Column({ type: 'smallint', name: 'service', nullable: true })
  service: number | null;
  @Column({ type: 'smallint', name: 'food_and_beverage', nullable: true })
  foodAndBeverage: number | null;
  @Column({ type: 'smallint', name: 'recommend', nullable: true })
  recommend: number | null;
  @Column({ type: 'text', name: 'comment', nullable: true })
  comment: string | null;
  @Column({ type: 'uuid', name: 'case_id', nullable: true })
  caseId: string | null;
  @Column({ type: 'uuid', name: 'merge_id', nullable: true })
  mergeId: string | null;
  @Column({ type: 'uuid', name: 'merged_from_guest_id', nullable: true })
  mergedFromGuestId: string | null;
}
