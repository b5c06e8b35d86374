import { canSee, type RequestContext } from '@guest-graph/subgraph-kit';
import type { Actor } from '../application/index.js';

/** The staff member behind a request, as the use cases need them. */
export const actorOf = (ctx: RequestContext): Actor => ({
  staffId: ctx.identity.sub,
  requestId: ctx.requestId,
  sells: canSee(ctx, ['SALES']),
});
