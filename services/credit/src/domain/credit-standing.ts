import { fromCents, toCents } from '@guest-graph/subgraph-kit';

export const CREDIT_RATINGS = ['AAA', 'AA', 'A', 'B', 'C'] as const;
export type CreditRating = (typeof CREDIT_RATINGS)[number];
export type CreditStatus = 'GOOD' | 'OVERDUE' | 'HOLD';

/** What the ledger holds for one account, as read in one statement. */
export interface CreditLedgerRow {
  accountId: string;
  /** null: the account has no credit terms (never set). */
  limit: string | null;
  termDays: number | null;
  assignedRating: CreditRating | null;
  onHold: boolean;
  holdReason: string | null;
  holdPlacedBy: string | null;
  holdPlacedAt: Date | null;
  invoiced: string;
  paid: string;
  credited: string;
  /** Payments and credit notes not yet allocated to an invoice. */
  unapplied: string;
  /** Held for in-house direct-billed stays. */
  held: string;
  /** Some open, undisputed invoice is past its due date. */
  overdue: boolean;
}

export interface CreditStanding {
  accountId: string;
  hasTerms: boolean;
  limit: string;
  termDays: number | null;
  rating: CreditRating | null;
  outstanding: string;
  available: string;
  held: string;
  headroom: string;
  creditBalance: string;
  status: CreditStatus;
  hold: { reason: string; placedBy: string; placedAt: Date } | null;
}

/**
 * The contract's numbers. `outstanding` is what the account owes: invoices less payments less credit notes
 * (negative when it has paid ahead). `available` = limit - outstanding, exactly as the contract says; what a
 * new direct-bill stay may still use (`headroom`) also takes off what is held for stays in house.
 * An account without terms has a limit of 0: no credit, so direct bill is refused.
 */
export function creditStanding(row: CreditLedgerRow): CreditStanding {
  const limit = row.limit === null ? 0n : toCents(row.limit);
  const outstanding = toCents(row.invoiced) - toCents(row.paid) - toCents(row.credited);
  const available = limit - outstanding;
  const held = toCents(row.held);
  return {
    accountId: row.accountId,
    hasTerms: row.limit !== null,
    limit: fromCents(limit),
    termDays: row.termDays,
    rating: row.assignedRating,
    outstanding: fromCents(outstanding),
    available: fromCents(available),
    held: fromCents(held),
    headroom: fromCents(available - held),
    creditBalance: row.unapplied,
    status: creditStatus(row),
    hold:
      row.onHold && row.holdPlacedAt
        ? { reason: row.holdReason ?? '', placedBy: row.holdPlacedBy ?? '', placedAt: row.holdPlacedAt }
        : null,
  };
}

/** HOLD wins over OVERDUE: a held account is refused whatever it owes. */
export function creditStatus(s: { onHold: boolean; overdue: boolean }): CreditStatus {
  if (s.onHold) return 'HOLD';
  return s.overdue ? 'OVERDUE' : 'GOOD';
}
