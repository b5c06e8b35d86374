import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit ledger: terms per account, invoices, payments, credit notes and how they were allocated,
 * authorisations held for in-house stays, and the collection workflow. Money is numeric(14,2) throughout.
 */
export class CreditLedger1763990000000 implements MigrationInterface {
  name = 'CreditLedger1763990000000';

  async up(q: QueryRunner) {
    // One row per account that has terms or any receivable. The row is also the lock every ledger change and
    // every authorisation takes, so two check-ins cannot both spend the same headroom.
    await q.query(`
      CREATE TABLE credit.credit_account (
        account_id          uuid PRIMARY KEY,
        credit_limit        numeric(14,2) CHECK (credit_limit IS NULL OR credit_limit >= 0),
        term_days           integer CHECK (term_days IS NULL OR term_days BETWEEN 0 AND 365),
        assigned_rating     text CHECK (assigned_rating IN ('AAA', 'AA', 'A', 'B', 'C')),
        rating_adjustment   integer NOT NULL DEFAULT 0 CHECK (rating_adjustment BETWEEN -2 AND 2),
        rating_adjustment_reason text,
        on_hold             boolean NOT NULL DEFAULT false,
        hold_reason         text,
        hold_placed_by      text,
        hold_placed_at      timestamptz,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE credit.terms_change (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq            bigserial NOT NULL,
        account_id     uuid NOT NULL,
        credit_limit   numeric(14,2) NOT NULL,
        term_days      integer NOT NULL,
        rating         text,
        reason         text,
        changed_by     text NOT NULL,
        changed_by_name text,
        changed_at     timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX terms_change_account_idx ON credit.terms_change (account_id, seq DESC)');

    await q.query(`
      CREATE TABLE credit.credit_information (
        account_id          uuid PRIMARY KEY,
        years_trading       integer CHECK (years_trading IS NULL OR years_trading >= 0),
        registered_capital  numeric(16,2),
        payment_history     text,
        trade_references    text[] NOT NULL DEFAULT '{}',
        notes               text,
        updated_by          text NOT NULL,
        updated_at          timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE credit.invoice (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number           bigserial UNIQUE,
        account_id       uuid NOT NULL,
        stay_id          uuid UNIQUE,
        guest_id         uuid,
        amount           numeric(14,2) NOT NULL CHECK (amount >= 0),
        balance          numeric(14,2) NOT NULL CHECK (balance >= 0 AND balance <= amount),
        issued_on        date NOT NULL,
        due_on           date NOT NULL,
        paid_on          date,
        disputed         boolean NOT NULL DEFAULT false,
        dispute_reason   text,
        disputed_at      timestamptz,
        collection_stage text NOT NULL DEFAULT 'NONE',
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX invoice_account_idx ON credit.invoice (account_id, issued_on, number)');
    await q.query('CREATE INDEX invoice_open_idx ON credit.invoice (account_id, due_on) WHERE balance > 0');
    await q.query('CREATE INDEX invoice_open_due_idx ON credit.invoice (due_on) WHERE balance > 0');

    await q.query(`
      CREATE TABLE credit.payment (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id   uuid NOT NULL,
        amount       numeric(14,2) NOT NULL CHECK (amount > 0),
        unapplied    numeric(14,2) NOT NULL CHECK (unapplied >= 0 AND unapplied <= amount),
        received_on  date NOT NULL,
        reference    text,
        recorded_by  text NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX payment_account_idx ON credit.payment (account_id, received_on)');
    await q.query('CREATE INDEX payment_unapplied_idx ON credit.payment (account_id) WHERE unapplied > 0');

    // A credit note comes from a resolved complaint (case_id, once per case) or a settled dispute.
    await q.query(`
      CREATE TABLE credit.credit_note (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id   uuid NOT NULL,
        case_id      uuid UNIQUE,
        invoice_id   uuid REFERENCES credit.invoice (id),
        stay_id      uuid,
        amount       numeric(14,2) NOT NULL CHECK (amount > 0),
        unapplied    numeric(14,2) NOT NULL CHECK (unapplied >= 0 AND unapplied <= amount),
        reason       text NOT NULL,
        issued_on    date NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX credit_note_account_idx ON credit.credit_note (account_id, issued_on)');
    await q.query('CREATE INDEX credit_note_unapplied_idx ON credit.credit_note (account_id) WHERE unapplied > 0');

    await q.query(`
      CREATE TABLE credit.allocation (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id      uuid NOT NULL REFERENCES credit.invoice (id),
        payment_id      uuid REFERENCES credit.payment (id),
        credit_note_id  uuid REFERENCES credit.credit_note (id),
        amount          numeric(14,2) NOT NULL CHECK (amount > 0),
        allocated_at    timestamptz NOT NULL DEFAULT now(),
        CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
      )`);
    await q.query('CREATE INDEX allocation_invoice_idx ON credit.allocation (invoice_id)');
    await q.query('CREATE INDEX allocation_payment_idx ON credit.allocation (payment_id)');
    await q.query('CREATE INDEX allocation_credit_note_idx ON credit.allocation (credit_note_id)');

    // What the front desk was allowed to bill for a stay still in house; released at check-out.
    await q.query(`
      CREATE TABLE credit.authorization (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id    uuid NOT NULL,
        stay_id       uuid NOT NULL UNIQUE,
        guest_id      uuid NOT NULL,
        amount        numeric(14,2) NOT NULL CHECK (amount >= 0),
        status        text NOT NULL DEFAULT 'HELD' CHECK (status IN ('HELD', 'RELEASED')),
        authorized_at timestamptz NOT NULL,
        released_at   timestamptz
      )`);
    await q.query(`CREATE INDEX authorization_held_idx ON credit.authorization (account_id) WHERE status = 'HELD'`);

    await q.query(`
      CREATE TABLE credit.collection_action (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id  uuid NOT NULL REFERENCES credit.invoice (id),
        account_id  uuid NOT NULL,
        stage       text NOT NULL,
        message     text NOT NULL,
        acted_on    date NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (invoice_id, stage)
      )`);
    await q.query('CREATE INDEX collection_action_account_idx ON credit.collection_action (account_id, acted_on)');

    await q.query(`
      CREATE TABLE credit.payment_promise (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id    uuid NOT NULL,
        amount        numeric(14,2) NOT NULL CHECK (amount > 0),
        promised_for  date NOT NULL,
        status        text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'KEPT', 'BROKEN')),
        note          text,
        recorded_by   text NOT NULL,
        recorded_on   date NOT NULL,
        settled_on    date,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX payment_promise_account_idx ON credit.payment_promise (account_id, status)');
  }

  async down(q: QueryRunner) {
    for (const t of [
      'payment_promise',
      'collection_action',
      'authorization',
      'allocation',
      'credit_note',
      'payment',
      'invoice',
      'credit_information',
      'terms_change',
      'credit_account',
    ])
      await q.query(`DROP TABLE credit.${t}`);
  }
}
