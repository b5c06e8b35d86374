import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import { type AdjustInput, adjustPoints, correctionResult } from '../application/adjustment.js';
import { reverseCompensation } from '../application/compensation.js';
import type { App } from '../application/index.js';
import { CORRECTORS } from '../domain/access.js';

export function ledgerResolvers(l: App) {
  return {
    Mutation: {
      adjustPoints: async (_: unknown, { input }: { input: AdjustInput }, ctx: RequestContext) => {
        requireRole(ctx, CORRECTORS);
        return correctionResult(l, await adjustPoints(l, ctx, input));
      },
      reverseCompensation: async (
        _: unknown,
        { caseId, reason }: { caseId: string; reason: string },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, CORRECTORS);
        return correctionResult(l, await reverseCompensation(l, ctx, caseId, reason));
      },
    },
  };
}
