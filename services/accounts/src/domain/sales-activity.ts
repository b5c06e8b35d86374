import { isUuid, isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

const note = z.string().trim().max(2000, 'must be at most 2000 characters').nullish();

/** What a sales person records after a visit, call or meeting (客户拜访, seed 004). */
export const salesActivityInput = z.object({
  accountId: z.string().refine(isUuid, 'must be an account id'),
  kind: z.enum(['VISIT', 'CALL', 'EMAIL', 'MEETING', 'ENTERTAINMENT']),
  occurredAt: z.string().nullish(),
  contactId: z.string().refine(isUuid, 'must be a contact id').nullish(),
  purpose: note,
  outcome: note,
  nextStep: note,
  nextStepOn: z.string().refine(isValidDate, 'must be a date').nullish(),
});
export type SalesActivityInput = z.output<typeof salesActivityInput>;

/** A contact logged a little ahead of the server's clock is fine; one days ahead is a typing mistake. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export const isInTheFuture = (occurredAt: Date, now: Date) =>
  occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
