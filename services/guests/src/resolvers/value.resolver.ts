import { byKey, guarded, isUuid, type RequestContext } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';
import { MARKETERS } from '../domain/access.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { computeGuestValues, type GuestValueRow, guestValuesOf } from '../persistence/guest-value.repository.js';
import { loaders } from './loaders.js';

/** RFM, value tier, consumption level and lifecycle on the profile, and the filtered lists marketing works from. */
interface ValueFilter {
  valueTiers?: string[] | null;
  lifecycleStages?: string[] | null;
  consumptionLevels?: string[] | null;
  segment?: string | null;
  vip?: boolean | null;
}

const valueFilter = (filter: ValueFilter | null | undefined, channel: string | null | undefined) => {
  const f = filter ?? {};
  return {
    valueTiers: f.valueTiers?.length ? f.valueTiers : null,
    lifecycleStages: f.lifecycleStages?.length ? f.lifecycleStages : null,
    consumptionLevels: f.consumptionLevels?.length ? f.consumptionLevels : null,
    segment: f.segment ?? null,
    vip: f.vip ?? null,
    channel: channel ?? null,
  };
};

export function valueResolvers(app: GuestsApp) {
  const ds = app.rt.dataSource;
  const values = (ctx: RequestContext) =>
    ctx.loaders.for<string, GuestValueRow | null>('values', async (ids) => {
      const valid = ids.filter(isUuid);
      const stored = valid.length ? await guestValuesOf(ds, valid) : [];
      // Guests the refresh has not reached yet (a bulk import) are computed now, in one more statement.
      const missing = valid.filter((id) => !stored.some((r) => r.guestId === id));
      const computed = await computeGuestValues(ds, app.rt.clock.today(), missing);
      return byKey(ids, [...stored, ...computed], (r) => r.guestId);
    });
  return {
    Query: {
      guestsByValue: guarded(
        MARKETERS,
        async (
          _: unknown,
          args: {
            filter?: ValueFilter | null;
            channel?: string | null;
            first?: number | null;
            after?: string | null;
          },
          ctx: RequestContext,
        ) => {
          const ids = await app.guestsByValue(
            valueFilter(args.filter, args.channel),
            args.after && isUuid(args.after) ? args.after : null,
            Math.min(500, Math.max(1, args.first ?? 100)),
          );
          return loaders(ctx, ds).guest.loadMany(ids);
        },
      ),
      guestsByValueConnection: guarded(
        MARKETERS,
        async (
          _: unknown,
          args: {
            filter?: ValueFilter | null;
            channel?: string | null;
            first?: number | null;
            after?: string | null;
          },
          ctx: RequestContext,
        ) => {
          const page = await app.guestsByValuePage(valueFilter(args.filter, args.channel), args.first, args.after);
          return {
            pageInfo: page.pageInfo,
            edges: page.edges.map((e) => ({ cursor: e.cursor, node: loaders(ctx, ds).guest.load(e.node) })),
          };
        },
      ),
    },
    Guest: {
      value: async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        (await values(ctx).load(g.id)) ?? {
          computedOn: null,
          recencyDays: null,
          frequency: 0,
          monetary: '0.00',
          recencyScore: null,
          frequencyScore: null,
          monetaryScore: null,
          valueTier: null,
          consumptionLevel: null,
          lifecycleStage: 'PROSPECT',
        },
    },
  };
}
