import { guarded, type RequestContext } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';
import { CONTACT_READERS, PROFILE_STEWARDS } from '../domain/access.js';
import { loaders } from './loaders.js';

export function mergeResolvers(app: GuestsApp) {
  const L = (ctx: RequestContext) => loaders(ctx, app.rt.dataSource);
  // The merge changed both profiles: show them as they are now, not as this request first loaded them.
  const fresh = (ctx: RequestContext, ...ids: string[]) => {
    for (const id of ids) L(ctx).guest.clear(id);
    return ids.map((id) => L(ctx).guest.load(id));
  };
  return {
    Query: {
      likelyDuplicates: guarded(
        PROFILE_STEWARDS,
        async (_: unknown, args: { guestId: string; first?: number | null }, ctx: RequestContext) =>
          (await app.likelyDuplicates(args.guestId, args.first)).map((c) => ({
            ...c,
            guest: L(ctx).guest.load(c.guestId),
          })),
      ),
    },
    Mutation: {
      mergeGuests: guarded(
        PROFILE_STEWARDS,
        async (
          _: unknown,
          args: { survivorId: string; duplicateId: string; dryRun?: boolean | null },
          ctx: RequestContext,
        ) => {
          const dryRun = Boolean(args.dryRun);
          const result = await app.mergeGuests(ctx, args.survivorId, args.duplicateId, dryRun);
          const [survivor] = fresh(ctx, args.survivorId, args.duplicateId);
          return { ...result, survivor: dryRun ? null : survivor };
        },
      ),
      unmergeGuests: guarded(PROFILE_STEWARDS, async (_: unknown, args: { mergeId: string }, ctx: RequestContext) => {
        const r = await app.unmergeGuests(ctx, args.mergeId);
        const [survivor, duplicate] = fresh(ctx, r.survivorId, r.duplicateId);
        return { mergeId: r.mergeId, survivor, duplicate };
      }),
    },
    GuestMergePreview: {
      phones: guarded(CONTACT_READERS, (p: { phones: string[] }) => p.phones),
      emails: guarded(CONTACT_READERS, (p: { emails: string[] }) => p.emails),
      birthDate: guarded(CONTACT_READERS, (p: { birthDate: string | null }) => p.birthDate),
    },
  };
}
