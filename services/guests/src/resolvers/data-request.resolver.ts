import { guarded, isUuid, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import { DATA_REQUEST_ROLES } from '../domain/access.js';
import { multiLine } from '../domain/text.js';
import { liveGuest } from './guest.resolver.js';

const requestSchema = z.object({
  kind: z.enum(['EXPORT', 'ERASURE']),
  reason: multiLine(1000, 'A reason'),
});

export function dataRequestResolvers(app: GuestsApp) {
  return {
    Query: {
      guestDataRequest: guarded(DATA_REQUEST_ROLES, (_: unknown, args: { id: string }) =>
        app.guestDataRequest(args.id),
      ),
    },
    Mutation: {
      requestGuestData: guarded(
        DATA_REQUEST_ROLES,
        async (_: unknown, args: { guestId: string; kind: string; reason: string }, ctx: RequestContext) => {
          const { kind, reason } = parseInput(requestSchema, { kind: args.kind, reason: args.reason }, '');
          // A merged-away id is the same person: the request is made on the live profile.
          const guest = isUuid(args.guestId) ? await liveGuest(ctx, app, args.guestId) : null;
          if (!guest) throw notFound('Guest', args.guestId);
          return app.requestGuestData(ctx, guest.id, kind, reason);
        },
      ),
    },
  };
}
