import { fromCents, toCents } from '@guest-graph/subgraph-kit';

export interface OpenInvoice {
  id: string;
  balance: string;
}
export interface Allocation {
  invoiceId: string;
  amount: string;
}

/**
 * Spreads `amount` over `invoices` in the order given (the caller orders them: oldest first, or the ones the
 * payer named), never more than an invoice's balance. What is left is the payer's credit balance.
 */
export function allocate(
  amount: string,
  invoices: readonly OpenInvoice[],
): { allocations: Allocation[]; remainder: string } {
  let left = toCents(amount);
  const allocations: Allocation[] = [];
  for (const inv of invoices) {
    if (left <= 0n) break;
    const balance = toCents(inv.balance);
    if (balance <= 0n) continue;
    // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min refuses
    const take = balance < left ? balance : left;
    allocations.push({ invoiceId: inv.id, amount: fromCents(take) });
    left -= take;
  }
  return { allocations, remainder: fromCents(left) };
}
