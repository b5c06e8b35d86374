import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-offs to sales (seed 004: the front desk passes valuable client information to sales): a lead about a
 * guest's company from any department, assigned to a salesperson with a due date, converted to an account.
 */
export class SalesLeads1764523000004 implements MigrationInterface {
  name = 'SalesLeads1764523000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts.sales_lead (
        id uuid PRIMARY KEY,
        company_name text NOT NULL,
        guest_id uuid NULL,
        contact_name text NULL,
        contact_phone text NULL,
        note text NULL,
        source_department text NOT NULL,
        status text NOT NULL CHECK (status IN ('NEW','ASSIGNED','CONVERTED','DISMISSED')),
        assigned_to text NULL,
        due_on date NULL,
        account_id uuid NULL REFERENCES accounts.account (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX sales_lead_page_idx ON accounts.sales_lead (created_at DESC, id DESC)');
    await q.query('CREATE INDEX sales_lead_assignee_idx ON accounts.sales_lead (assigned_to, status, due_on)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE accounts.sales_lead');
  }
}
