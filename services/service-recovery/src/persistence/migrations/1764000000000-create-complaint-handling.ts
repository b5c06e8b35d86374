import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases with their timeline and compensation, the stays they refer to, and post-stay surveys. */
export class CreateComplaintHandling1764000000000 implements MigrationInterface {
  name = 'CreateComplaintHandling1764000000000';

  async up(q: QueryRunner) {
    // What service-recovery knows of a stay, from guests' stay events: enough to credit a direct-billed bill.
    await q.query(`
      CREATE TABLE service_recovery.stay (
        stay_id uuid PRIMARY KEY,
        guest_id uuid NOT NULL,
        property_code text NOT NULL,
        payment_method text NOT NULL,
        account_id uuid,
        arrival_date date NOT NULL,
        departure_date date NOT NULL,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        merge_id uuid,
        merged_from_guest_id uuid
      )`);
    await q.query('CREATE INDEX stay_guest_idx ON service_recovery.stay (guest_id)');
    await q.query('CREATE INDEX stay_merge_idx ON service_recovery.stay (merge_id) WHERE merge_id IS NOT NULL');

    await q.query(`
      CREATE TABLE service_recovery.survey (
        id uuid PRIMARY KEY,
        stay_id uuid NOT NULL UNIQUE,
        guest_id uuid NOT NULL,
        property_code text NOT NULL,
        departure_date date NOT NULL,
        issued_at timestamptz NOT NULL,
        submitted_at timestamptz,
        submitted_by text,
        overall smallint CHECK (overall BETWEEN 1 AND 5),
        room smallint CHECK (room BETWEEN 1 AND 5),
        service smallint CHECK (service BETWEEN 1 AND 5),
        food_and_beverage smallint CHECK (food_and_beverage BETWEEN 1 AND 5),
        recommend smallint CHECK (recommend BETWEEN 0 AND 10),
        comment text,
        case_id uuid,
        merge_id uuid,
        merged_from_guest_id uuid
      )`);
    await q.query('CREATE INDEX survey_guest_idx ON service_recovery.survey (guest_id)');
    await q.query(
      'CREATE INDEX survey_submitted_idx ON service_recovery.survey (submitted_at, property_code) WHERE submitted_at IS NOT NULL',
    );
    await q.query('CREATE INDEX survey_merge_idx ON service_recovery.survey (merge_id) WHERE merge_id IS NOT NULL');

    // "case" is a reserved word in SQL, hence complaint_case.
    await q.query(`
      CREATE TABLE service_recovery.complaint_case (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL,
        stay_id uuid,
        channel text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('LOW','MEDIUM','HIGH','CRITICAL')),
        reported_severity text NOT NULL,
        repeat_of_case_id uuid REFERENCES service_recovery.complaint_case (id),
        description text NOT NULL,
        department text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN','IN_PROGRESS','RESOLVED','CLOSED')),
        assigned_to text,
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL,
        acknowledge_due_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolved_by text,
        closed_at timestamptz,
        acknowledge_breached_at timestamptz,
        resolve_breached_at timestamptz,
        escalated_at timestamptz,
        root_cause text,
        root_cause_detail text,
        responsible_department text,
        resolution text,
        resolved_event_held boolean NOT NULL DEFAULT false,
        reply_channel text,
        reply_text text,
        replied_at timestamptz,
        follow_up_due_at timestamptz,
        followed_up_at timestamptz,
        satisfied boolean,
        reopen_count integer NOT NULL DEFAULT 0,
        survey_id uuid UNIQUE REFERENCES service_recovery.survey (id),
        merge_id uuid,
        merged_from_guest_id uuid
      )`);
    await q.query('CREATE INDEX case_guest_opened_idx ON service_recovery.complaint_case (guest_id, opened_at DESC)');
    await q.query('CREATE INDEX case_stay_idx ON service_recovery.complaint_case (stay_id) WHERE stay_id IS NOT NULL');
    await q.query('CREATE INDEX case_opened_idx ON service_recovery.complaint_case (opened_at)');
    await q.query('CREATE INDEX case_status_due_idx ON service_recovery.complaint_case (status, due_at)');
    // The SLA job's two look-ups: cases whose clocks may have run out and are not yet marked.
    await q.query(`CREATE INDEX case_ack_clock_idx ON service_recovery.complaint_case (acknowledge_due_at)
      WHERE status = 'OPEN' AND acknowledge_breached_at IS NULL`);
    await q.query(`CREATE INDEX case_resolve_clock_idx ON service_recovery.complaint_case (due_at)
      WHERE status IN ('OPEN','IN_PROGRESS') AND resolve_breached_at IS NULL`);
    await q.query(
      'CREATE INDEX case_merge_idx ON service_recovery.complaint_case (merge_id) WHERE merge_id IS NOT NULL',
    );
    await q.query(`ALTER TABLE service_recovery.survey
      ADD CONSTRAINT survey_case_fk FOREIGN KEY (case_id) REFERENCES service_recovery.complaint_case (id)`);

    await q.query(`
      CREATE TABLE service_recovery.case_timeline (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES service_recovery.complaint_case (id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        kind text NOT NULL,
        note text
      )`);
    await q.query('CREATE INDEX case_timeline_case_idx ON service_recovery.case_timeline (case_id, id)');

    await q.query(`
      CREATE TABLE service_recovery.compensation (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES service_recovery.complaint_case (id),
        kind text NOT NULL,
        points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
        amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        note text,
        status text NOT NULL CHECK (status IN ('PENDING_APPROVAL','APPROVED','REJECTED','GRANTED')),
        offered_by text NOT NULL,
        offered_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        granted_at timestamptz,
        resolution_id uuid
      )`);
    await q.query('CREATE INDEX compensation_case_idx ON service_recovery.compensation (case_id)');
    await q.query(
      `CREATE INDEX compensation_pending_idx ON service_recovery.compensation (offered_at) WHERE status = 'PENDING_APPROVAL'`,
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP TABLE service_recovery.compensation');
    await q.query('DROP TABLE service_recovery.case_timeline');
    await q.query('ALTER TABLE service_recovery.survey DROP CONSTRAINT survey_case_fk');
    await q.query('DROP TABLE service_recovery.complaint_case');
    await q.query('DROP TABLE service_recovery.survey');
    await q.query('DROP TABLE service_recovery.stay');
  }
}
