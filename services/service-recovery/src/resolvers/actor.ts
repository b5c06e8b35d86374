import type { RequestContext } from '@guest-graph/subgraph-kit';
import type { Actor } from '../application/actor.js';

/** Who acts, as the use cases see it: the signed-in staff member and their roles. */
export const actorOf = (ctx: RequestContext): Actor => ({ staffId: ctx.identity.sub, roles: ctx.identity.roles });
