import { addDays, guarded, isUuid, notFound, parseInput, type Runtime } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { CreditStanding } from '../domain/credit-standing.js';
import { reasonInput } from '../domain/credit-terms.js';
import { scorecard } from '../domain/scorecard.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import { assertKnownAccount } from '../workflows/credit-terms.js';
import { readStanding } from './account-credit.resolver.js';
import { INFORMATION_COLUMNS } from './credit-detail.resolver.js';
import { CREDIT_OFFICERS } from './roles.js';

const informationInput = z.object({
  yearsTrading: z.number().int().min(0, 'must not be negative').max(500).nullish(),
  registeredCapital: z
    .string()
    .refine((v) => !v.startsWith('-'), 'must not be negative')
    .nullish(),
  paymentHistory: z.string().trim().max(2000).nullish(),
  references: z.array(z.string().trim().min(1, 'must not be empty').max(300)).max(20).nullish(),
  notes: z.string().trim().max(2000).nullish(),
});
const adjustmentInput = z.object({
  notches: z.number().int().min(-2, 'at most two notches down').max(2, 'at most two notches up'),
  reason: reasonInput,
});

type ScoreFacts = {
  accountId: string;
  adjustment: number;
  adjustmentReason: string | null;
  yearsTrading: number | null;
  invoices: { amount: string; dueOn: string; paidOn: string | null; balance: string }[];
};

/** What the scorecard needs beyond the standing, for many accounts in two statements. */
async function loadScoreFacts(rt: Runtime, ids: readonly string[], asOf: string): Promise<ScoreFacts[]> {
  const valid = ids.filter(isUuid);
  const accounts: {
    account_id: string;
    rating_adjustment: number | null;
    rating_adjustment_reason: string | null;
    years_trading: number | null;
  }[] = await rt.dataSource.query(
    `SELECT k.id AS account_id, a.rating_adjustment, a.rating_adjustment_reason, i.years_trading
       FROM unnest($1::uuid[]) AS k(id)
       LEFT JOIN credit.credit_account a ON a.account_id = k.id
       LEFT JOIN credit.credit_information i ON i.account_id = k.id`,
    [valid],
  );
  const invoices: { accountId: string; amount: string; dueOn: string; paidOn: string | null; balance: string }[] =
    await rt.dataSource.query(
      `SELECT account_id AS "accountId", amount::text AS amount, balance::text AS balance,
              to_char(due_on, 'YYYY-MM-DD') AS "dueOn", to_char(paid_on, 'YYYY-MM-DD') AS "paidOn"
         FROM credit.invoice WHERE account_id = ANY($1::uuid[]) AND issued_on > $2::date AND issued_on <= $3::date`,
      [valid, addDays(asOf, -365), asOf],
    );
  const byAccount = new Map(accounts.map((a) => [a.account_id, a]));
  return ids.map((id) => {
    const a = byAccount.get(id);
    return {
      accountId: id,
      adjustment: a?.rating_adjustment ?? 0,
      adjustmentReason: a?.rating_adjustment_reason ?? null,
      yearsTrading: a?.years_trading ?? null,
      invoices: invoices.filter((i) => i.accountId === id),
    };
  });
}

function scorecardOf(s: CreditStanding, facts: ScoreFacts, asOf: string) {
  return {
    ...scorecard({
      asOf,
      invoices: facts.invoices,
      limit: s.hasTerms ? s.limit : null,
      outstanding: s.outstanding,
      yearsTrading: facts.yearsTrading,
      adjustment: facts.adjustment,
    }),
    assignedRating: s.rating,
    adjustment: facts.adjustment,
    adjustmentReason: facts.adjustmentReason,
  };
}

export const scorecardResolvers = (rt: Runtime) => {
  const today = () => rt.clock.today();
  return {
    CreditStanding: {
      scorecard: guarded(CREDIT_OFFICERS, async (s: CreditStanding, _: unknown, ctx) => {
        const asOf = today();
        const facts = await ctx.loaders
          .for<string, ScoreFacts>(`score-facts:${asOf}`, (ids) => loadScoreFacts(rt, ids, asOf))
          .load(s.accountId);
        return scorecardOf(s, facts, asOf);
      }),
    },
    Mutation: {
      updateCreditInformation: guarded(
        CREDIT_OFFICERS,
        async (_: unknown, args: { accountId: string; input: unknown }, ctx) => {
          const input = parseInput(informationInput, args.input, 'input');
          await assertKnownAccount(rt, args.accountId);
          const [row] = await rt.bus.transact(async (tx) => {
            await lockAccount(tx, args.accountId);
            return tx.query(
              `INSERT INTO credit.credit_information AS c
                 (account_id, years_trading, registered_capital, payment_history, trade_references, notes, updated_by, updated_at)
               VALUES ($1, $2, $3, $4, COALESCE($5::text[], '{}'), $6, $7, $8)
               ON CONFLICT (account_id) DO UPDATE SET
                 years_trading = COALESCE(EXCLUDED.years_trading, c.years_trading),
                 registered_capital = COALESCE(EXCLUDED.registered_capital, c.registered_capital),
                 payment_history = COALESCE(EXCLUDED.payment_history, c.payment_history),
                 trade_references = CASE WHEN $5::text[] IS NULL THEN c.trade_references ELSE EXCLUDED.trade_references END,
                 notes = COALESCE(EXCLUDED.notes, c.notes),
                 updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
               RETURNING ${INFORMATION_COLUMNS}`,
              [
                args.accountId,
                input.yearsTrading ?? null,
                input.registeredCapital ?? null,
                input.paymentHistory ?? null,
                input.references ?? null,
                input.notes ?? null,
                ctx.identity.sub,
                rt.clock.now(),
              ],
            );
          });
          return row;
        },
      ),
      adjustCreditRating: guarded(
        CREDIT_OFFICERS,
        async (_: unknown, args: { accountId: string; notches: number; reason: string }) => {
          const { notches, reason } = parseInput(adjustmentInput, args, '');
          if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
          await assertKnownAccount(rt, args.accountId);
          await rt.bus.transact(async (tx) => {
            await lockAccount(tx, args.accountId);
            await tx.query(
              `UPDATE credit.credit_account SET rating_adjustment = $2, rating_adjustment_reason = $3, updated_at = $4
                WHERE account_id = $1`,
              [args.accountId, notches, reason, rt.clock.now()],
            );
          });
          const asOf = today();
          const [facts] = await loadScoreFacts(rt, [args.accountId], asOf);
          return scorecardOf(await readStanding(rt, args.accountId), facts!, asOf);
        },
      ),
    },
  };
};
