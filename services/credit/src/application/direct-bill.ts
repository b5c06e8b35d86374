import { type Asked, AskerGaveUp, type credit } from '@guest-graph/events';
import type { z } from 'zod';
import { creditStanding } from '../domain/credit-standing.js';
import { decideDirectBill } from '../domain/direct-bill.js';
import { authorizationOfStay, holdForStay } from '../persistence/authorization.repository.js';
import { loadLedgerRows, lockExistingAccount } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';

type Question = z.output<typeof credit.authorizeDirectBill.request>;
type Answer = z.input<typeof credit.authorizeDirectBill.reply>;

/**
 * The front desk's question at a direct-bill check-in. Under the account's row lock: the headroom is read,
 * the decision taken and the hold written before the next question for the same account is looked at, so
 * two check-ins cannot both spend the same headroom. Asking again for the same stay returns the same hold. A
 * hold whose asker stopped waiting meanwhile (the desk has already told the guest "no answer from credit") is
 * rolled back rather than left to eat the headroom for a stay that will not be.
 */
export async function authorizeDirectBill(
  rt: Credit,
  q: Question,
  asked: Asked = { deadline: null, stillWaiting: () => true },
): Promise<Answer> {
  return rt.dataSource.transaction(async (tx) => {
    const account = await lockExistingAccount(tx, q.accountId);
    if (!account || account.credit_limit === null)
      return { approved: false, code: 'NO_CREDIT_TERMS', message: 'The account has no credit terms', available: null };
    const existing = await authorizationOfStay(tx, q.stayId);
    const [row] = await loadLedgerRows(tx, [q.accountId], rt.clock.today());
    const standing = creditStanding(row!);
    // The same question again (a retry): the same hold. A stay already checked out needs no hold.
    if (
      existing &&
      existing.account_id === q.accountId &&
      (existing.status === 'HELD' || existing.release_reason === 'CHECKED_OUT')
    )
      return { approved: true, authorizationId: existing.id, available: standing.headroom };
    const decision = decideDirectBill({
      hasTerms: standing.hasTerms,
      onHold: standing.status === 'HOLD',
      headroom: standing.headroom,
      amount: q.amount,
    });
    if (!decision.approved) return decision;
    // A stay re-authorised against another account moves its hold there.
    const held = await holdForStay(tx, {
      accountId: q.accountId,
      stayId: q.stayId,
      guestId: q.guestId,
      amount: q.amount,
      at: rt.clock.now(),
    });
    if (!asked.stillWaiting()) throw new AskerGaveUp();
    return { approved: true, authorizationId: held, available: decision.headroomAfter };
  });
}
