import { guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { RestPaidBy } from '../application/check-out.js';
import type { GuestsApp } from '../application/index.js';
import { FRONT_DESK } from '../domain/access.js';
import { chargesSchema, checkInSchema, restPaidBySchema } from '../domain/check-in.js';
import type { StayEntity } from '../persistence/stay.entity.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

export function stayResolvers(app: GuestsApp) {
  const ds = app.rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);
  return {
    Query: {
      stay: (_: unknown, { id }: { id: string }, ctx: RequestContext) => L(ctx).stay.load(id),
    },
    Mutation: {
      checkIn: guarded(FRONT_DESK, async (_: unknown, { input }: { input: unknown }, ctx) => {
        const parsed = parseInput(checkInSchema, input, 'input');
        const guest = await liveGuest(ctx, app, parsed.guestId);
        if (!guest) throw notFound('Guest', parsed.guestId);
        return app.checkIn(ctx, parsed, guest);
      }),
      checkOut: guarded(
        FRONT_DESK,
        (_: unknown, args: { stayId: string; charges: unknown; restPaidBy?: unknown }, ctx) =>
          app.checkOut(
            ctx,
            args.stayId,
            parseInput(chargesSchema, args.charges, 'charges'),
            (parseInput(restPaidBySchema, args.restPaidBy, 'restPaidBy') ?? null) as RestPaidBy,
          ),
      ),
    },
    Stay: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => L(ctx).stay.load(ref.id),
      guest: (s: StayEntity, _: unknown, ctx: RequestContext) => L(ctx).guest.load(s.guestId),
      account: (s: StayEntity) => (s.accountId ? { id: s.accountId } : null),
      charges: async (s: StayEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).charges.load(s.id)).map((c) => ({ outlet: c.outlet, amount: c.amount })),
      arrivalDate: (s: StayEntity) => s.arrivalDate,
      directBilled: (s: StayEntity) => s.directBilled ?? null,
      restPaidBy: (s: StayEntity) => s.restPaidBy ?? null,
      restPaid: (s: StayEntity) => s.restPaid ?? null,
    },
  };
}
