import type { Identity } from '@guest-graph/auth';
import { accounts, credit } from '@guest-graph/events';
import { askOrUnavailable, invalidState, isUuid, notFound } from '@guest-graph/subgraph-kit';
import type { CreditTermsInput } from '../domain/credit-terms.js';
import { clearHold, hasCreditRecord, lockAccount, setHold, setTerms } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';
import { creditEntries, note } from './timeline.js';

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
  if (!(await hasCreditRecord(rt.dataSource, accountId))) await assertAccountExists(rt, accountId);
}

/** Sets limit, term and (when given) the assigned rating; every change is kept with who and why. */
export async function setCreditTerms(rt: Credit, who: Identity, accountId: string, input: CreditTermsInput) {
  await assertAccountExists(rt, accountId);
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const before = await lockAccount(tx, accountId);
    await setTerms(tx, {
      accountId,
      limit: input.limit,
      termDays: input.termDays,
      rating: input.rating ?? null,
      reason: input.reason ?? (before.credit_limit === null ? 'Terms granted' : null),
      by: who.sub,
      byName: who.name ?? null,
      at: now,
    });
  });
}

/** A manual (or collection) hold: direct bill is refused until it is released. */
export async function placeHold(rt: Credit, accountId: string, reason: string, placedBy: string) {
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const row = await lockAccount(tx, accountId);
    if (row.on_hold) throw invalidState('The account is already on hold');
    await setHold(tx, accountId, reason, placedBy, now);
    await rt.bus.emit(tx, credit.holdPlaced, { accountId, reason, placedBy, placedAt: now.toISOString() });
    await note(rt, tx, [creditEntries.hold(accountId, true, now)]);
  });
}

export async function releaseHold(rt: Credit, accountId: string, reason: string, releasedBy: string) {
  const now = rt.clock.now();
  await rt.bus.transact(async (tx) => {
    const row = await lockAccount(tx, accountId);
    if (!row.on_hold) throw invalidState('The account is not on hold');
    await clearHold(tx, accountId, now);
    await rt.bus.emit(tx, credit.holdReleased, { accountId, reason, releasedBy, releasedAt: now.toISOString() });
    await note(rt, tx, [creditEntries.hold(accountId, false, now)]);
  });
}
