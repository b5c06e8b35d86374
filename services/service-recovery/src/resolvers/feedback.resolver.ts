import { guarded, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { STAFF } from '../domain/access.js';
import { actorOf } from './actor.js';

/** Opinion forms and in-stay feedback: any guest-facing role logs what a guest said. */
export function feedbackResolvers(app: App) {
  return {
    Mutation: {
      logGuestFeedback: guarded(STAFF, (_: unknown, a: { input: unknown }, ctx: RequestContext) =>
        app.feedback.logGuestFeedback(a.input, actorOf(ctx)),
      ),
    },
  };
}
