import { guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import { recorderOf } from '../application/preferences.js';
import { STAFF_BUT_ANALYST } from '../domain/access.js';
import { PREFERENCE_CATEGORIES } from '../domain/preferences.js';
import { multiLine, singleLine } from '../domain/text.js';
import { liveGuest } from './guest.resolver.js';

const observationSchema = z.object({
  category: z.enum(PREFERENCE_CATEGORIES),
  value: singleLine(200, 'An observation'),
  note: multiLine(500, 'A note').nullish(),
  stayId: z.string().uuid('Not a valid id').nullish(),
});

export function observationResolvers(app: GuestsApp) {
  return {
    Mutation: {
      recordObservation: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(observationSchema, args.input, 'input');
          const by = recorderOf(ctx);
          const guest = await liveGuest(ctx, app, args.guestId);
          if (!guest) throw notFound('Guest', args.guestId);
          return app.recordObservation(ctx, guest.id, input, by);
        },
      ),
    },
  };
}
