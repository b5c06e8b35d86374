import { randomUUID } from 'node:crypto';
import { changedRows } from '@guest-graph/db';
import {
  badInput,
  guarded,
  isUuid,
  isValidDate,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { AccountRow } from '../persistence/account.repository.js';
import { type ActivityRow, activityById, followUpsDue } from '../persistence/sales-work.repository.js';
import { accountLoader } from './loaders.js';
import { SALES_ROLES } from './roles.js';
import { activitiesLoader } from './sales-work-loaders.js';

const note = z.string().trim().max(2000, 'must be at most 2000 characters').nullish();
const salesActivityInput = z.object({
  accountId: z.string().refine(isUuid, 'must be an account id'),
  kind: z.enum(['VISIT', 'CALL', 'EMAIL', 'MEETING', 'ENTERTAINMENT']),
  occurredAt: z.string().nullish(),
  contactId: z.string().refine(isUuid, 'must be a contact id').nullish(),
  purpose: note,
  outcome: note,
  nextStep: note,
  nextStepOn: z.string().refine(isValidDate, 'must be a date').nullish(),
});

/** A contact logged a little ahead of the server's clock is fine; one days ahead is a typing mistake. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export function salesActivityResolvers(rt: Runtime) {
  return {
    Account: {
      activities: guarded(SALES_ROLES, (a: AccountRow, args: { first?: number | null }, ctx: RequestContext) => {
        const first = args.first ?? 20;
        if (first < 1 || first > 200) throw badInput('first', 'first must be 1 to 200');
        return activitiesLoader(rt, ctx, first).load(a.id);
      }),
    },
    SalesActivity: {
      account: (s: ActivityRow, _: unknown, ctx: RequestContext) => accountLoader(rt, ctx).load(s.accountId),
    },
    Query: {
      salesFollowUpsDue: (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return followUpsDue(rt.dataSource, rt.clock.today(), args.ownerId ?? null);
      },
    },
    Mutation: {
      recordSalesActivity: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(salesActivityInput, args.input);
        const now = rt.clock.now();
        const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
        if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
          throw badInput('input.occurredAt', 'input.occurredAt: an activity cannot be recorded before it happens');
        const id = randomUUID();
        await rt.dataSource.transaction(async (tx) => {
          // The activity is the contact the cadence asks for: the account's last contact moves forward, never back.
          const touched = await changedRows(
            tx,
            `UPDATE accounts.account SET last_contact_at = greatest(last_contact_at, $2::timestamptz), updated_at = $3
              WHERE id = $1 RETURNING id`,
            [input.accountId, occurredAt, now],
          );
          if (!touched.length) throw notFound('Account', input.accountId);
          if (input.contactId) {
            const [contact] = await tx.query(
              'SELECT 1 FROM accounts.account_contact WHERE id = $1 AND account_id = $2',
              [input.contactId, input.accountId],
            );
            if (!contact) throw badInput('input.contactId', 'input.contactId: no contact of this account');
          }
          await tx.query(
            `INSERT INTO accounts.sales_activity (id, account_id, kind, occurred_at, staff_id, contact_id, purpose,
               outcome, next_step, next_step_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              id,
              input.accountId,
              input.kind,
              occurredAt,
              ctx.identity.sub,
              input.contactId ?? null,
              input.purpose ?? null,
              input.outcome ?? null,
              input.nextStep ?? null,
              input.nextStepOn ?? null,
              now,
            ],
          );
        });
        return activityById(rt.dataSource, id);
      },
    },
  };
}
