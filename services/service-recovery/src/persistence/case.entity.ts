import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '../domain/case-workflow.js';
import type { Severity } from '../domain/sla.js';

/** A complaint or service failure (投诉) from intake to close. */
@Entity({ schema: 'service_recovery', name: 'complaint_case' })
export class ComplaintCase {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id: string;
  @Column({ type: 'uuid', name: 'guest_id' })
  guestId: string;
  @Column({ type: 'uuid', name: 'stay_id', nullable: true })
  stayId: string | null;
  @Column({ type: 'text', name: 'channel' })
  channel: string;
  @Column({ type: 'text', name: 'category' })
  category: string;
  @Column({ type: 'text', name: 'severity' })
  severity: Severity;
  /** What the desk reported, before a repeat raised it. */
  @Column({ type: 'text', name: 'reported_severity' })
  reportedSeverity: Severity;
  @Column({ type: 'uuid', name: 'repeat_of_case_id', nullable: true })
  repeatOfCaseId: string | null;
  @Column({ type: 'text', name: 'description' })
  description: string;
  @Column({ type: 'text', name: 'department' })
  department: string;
  @Column({ type: 'text', name: 'status' })
  status: CaseStatus;
  @Column({ type: 'text', name: 'assigned_to', nullable: true })
  assignedTo: string | null;
  @Column({ type: 'text', name: 'opened_by' })
  openedBy: string;
  @Column({ type: 'timestamptz', name: 'opened_at' })
  openedAt: Date;
  @Column({ type: 'timestamptz', name: 'acknowledge_due_at' })
  acknowledgeDueAt: Date;
  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt: Date;
  @Column({ type: 'timestamptz', name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;
  @Column({ type: 'text', name: 'resolved_by', nullable: true })
  resolvedBy: string | null;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'acknowledge_breached_at', nullable: true })
  acknowledgeBreachedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'resolve_breached_at', nullable: true })
  resolveBreachedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'escalated_at', nullable: true })
  escalatedAt: Date | null;
  @Column({ type: 'text', name: 'root_cause', nullable: true })
  rootCause: string | null;
  @Column({ type: 'text', name: 'root_cause_detail', nullable: true })
  rootCauseDetail: string | null;
  @Column({ type: 'text', name: 'responsible_department', nullable: true })
  responsibleDepartment: string | null;
  @Column({ type: 'text', name: 'resolution', nullable: true })
  resolution: string | null;
  /** case.resolved waits while compensation above the resolver's authority waits for a manager. */
  @Column({ type: 'boolean', name: 'resolved_event_held' })
  resolvedEventHeld: boolean;
  @Column({ type: 'text', name: 'reply_channel', nullable: true })
  replyChannel: string | null;
  @Column({ type: 'text', name: 'reply_text', nullable: true })
  replyText: string | null;
  @Column({ type: 'timestamptz', name: 'replied_at', nullable: true })
  repliedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'follow_up_due_at', nullable: true })
  followUpDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'followed_up_at', nullable: true })
  followedUpAt: Date | null;
  @Column({ type: 'boolean', name: 'satisfied', nullable: true })
  satisfied: boolean | null;
  @Column({ type: 'integer', name: 'reopen_count' })
  reopenCount: number;
  @Column({ type: 'uuid', name: 'survey_id', nullable: true })
  surveyId: string | null;
  @Column({ type: 'uuid', name: 'merge_id', nullable: true })
  mergeId: string | null;
  @Column({ type: 'uuid', name: 'merged_from_guest_id', nullable: true })
  mergedFromGuestId: string | null;
}
