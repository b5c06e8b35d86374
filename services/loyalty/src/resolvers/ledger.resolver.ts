import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import { type AdjustInput, adjustPoints } from '../operations/adjustment.js';
import { reverseCompensation } from '../operations/compensation.js';
import type { Loyalty } from '../operations/loyalty.js';
import { LedgerEntry } from '../persistence/ledger-entry.entity.js';
import type { Membership } from '../persistence/membership.entity.js';

const CORRECTORS = ['LOYALTY', 'MANAGER'] as const;

export function ledgerResolvers(l: Loyalty) {
  const adjustment = async ({ membership, entryId }: { membership: Membership; entryId: string }) => ({
    membership,
    transaction: await l.dataSource.getRepository(LedgerEntry).findOneByOrFail({ id: entryId }),
  });
  return {
    Mutation: {
      adjustPoints: async (_: unknown, { input }: { input: AdjustInput }, ctx: RequestContext) => {
        requireRole(ctx, CORRECTORS);
        return adjustment(await adjustPoints(l, ctx, input));
      },
      reverseCompensation: async (
        _: unknown,
        { caseId, reason }: { caseId: string; reason: string },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, CORRECTORS);
        return adjustment(await reverseCompensation(l, ctx, caseId, reason));
      },
    },
  };
}
