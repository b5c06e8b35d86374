import type { Identity } from '@guest-graph/auth';
import { accounts, credit } from '@guest-graph/events';
import { askOrUnavailable, invalidState, isUuid, notFound } from '@guest-graph/subgraph-kit';
import type { CreditTermsInput } from '../domain/credit-terms.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';

/**
 * Asks the accounts service whether the account exists: its own database is the truth, and the account may
 * have been created a moment ago. No answer is SERVICE_UNAVAILABLE, never a guess.
 */
export async function assertAccountExists(rt: Credit, accountId: string) {
  if (!isUuid(accountId)) throw notFound('Account', accountId);
  const reply = await askOrUnavailable(
    rt.bus,
    accounts.lookupAccounts,
    { ids: [accountId] },
    { about: 'the account', refusalIsUnavailable: true },
  );
  if (!reply.accounts.some((a) => a.id === accountId)) throw notFound('Account', accountId);
}

/** An account credit already has a record of is known; any other is asked about (NOT_FOUND when unknown). */
export async function assertKnownAccount(rt: Credit, accountId: string) {
  if (!isUuid(accountId)) throw notFound('Account', accountId);
  const [known] = await rt.dataSource.query('SELECT 1 FROM credit.credit_account WHERE account_id = $1', [accountId]);
  if (!known) await assertAccountExists(rt, accountId);
}

/** Sets limit, term and (when given) the assigned rating; every change is kept with who and why. */
export async function setCreditTerms(rt: Credit, who: Identity, accountId: string, input: CreditTermsInput) {
  await assertAccountExists(rt, accountId);
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const before = await lockAccount(tx, accountId);
    await tx.query(
      `UPDATE credit.credit_account
          SET credit_limit = $2, term_days = $3, assigned_rating = COALESCE($4, assigned_rating), updated_at = $5
        WHERE account_id = $1`,
      [accountId, input.limit, input.termDays, input.rating ?? null, now],
    );
    await tx.query(
      `INSERT INTO credit.terms_change (account_id, credit_limit, term_days, rating, reason, changed_by, changed_by_name, changed_at)
       SELECT $1, $2, $3, assigned_rating, $4, $5, $6, $7 FROM credit.credit_account WHERE account_id = $1`,
      [
        accountId,
        input.limit,
        input.termDays,
        input.reason ?? (before.credit_limit === null ? 'Terms granted' : null),
        who.sub,
        who.name ?? null,
        now,
      ],
    );
  });
}

/** A manual (or collection) hold: direct bill is refused until it is released. */
export async function placeHold(rt: Credit, accountId: string, reason: string, placedBy: string) {
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const row = await lockAccount(tx, accountId);
    if (row.on_hold) throw invalidState('The account is already on hold');
    await tx.query(
      `UPDATE credit.credit_account
          SET on_hold = true, hold_reason = $2, hold_placed_by = $3, hold_placed_at = $4, updated_at = $4
        WHERE account_id = $1`,
      [accountId, reason, placedBy, now],
    );
    await rt.bus.emit(tx, credit.holdPlaced, { accountId, reason, placedBy, placedAt: now.toISOString() });
  });
}

export async function releaseHold(rt: Credit, accountId: string, reason: string, releasedBy: string) {
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const row = await lockAccount(tx, accountId);
    if (!row.on_hold) throw invalidState('The account is not on hold');
    await tx.query(
      `UPDATE credit.credit_account
          SET on_hold = false, hold_reason = NULL, hold_placed_by = NULL, hold_placed_at = NULL, updated_at = $2
        WHERE account_id = $1`,
      [accountId, now],
    );
    await rt.bus.emit(tx, credit.holdReleased, { accountId, reason, releasedBy, releasedAt: now.toISOString() });
  });
}
