import {
  badInput,
  decodeCursor,
  encodeCursor,
  guardedField,
  isUuid,
  pageOf,
  pageSize,
  type RequestContext,
  requireRole,
  yearOf,
} from '@guest-graph/subgraph-kit';
import { enrol } from '../application/enrolment.js';
import type { App } from '../application/index.js';
import { ENROLLERS, IDENTIFYING_READERS } from '../domain/access.js';
import { expiresAt } from '../domain/expiry.js';
import { normaliseMemberNumber } from '../domain/member-number.js';
import { nextTierProgress, TIER_RULES } from '../domain/tiers.js';
import type { Membership } from '../persistence/membership.entity.js';
import { loaders } from './loaders.js';

export function membershipResolvers(l: App) {
  const thisYear = () => yearOf(l.clock.today());
  const nightsThisYear = (m: Membership, ctx: RequestContext) =>
    loaders(l.dataSource, ctx).nightsInYear(thisYear()).load(m.id);
  return {
    Query: {
      memberByNumber: async (_: unknown, { number }: { number: string }, ctx: RequestContext) => {
        requireRole(ctx, IDENTIFYING_READERS);
        const normalised = normaliseMemberNumber(number);
        if (!normalised) throw badInput('number', 'Not a member number: check the digits (the last is a check digit)');
        const load = loaders(l.dataSource, ctx);
        let m = await load.membershipByNumber.load(normalised);
        // An old card of a folded membership finds the membership its points went to.
        for (let hops = 0; m && m.status !== 'ACTIVE' && m.mergedInto && hops < 10; hops++) {
          m = await load.membershipById.load(m.mergedInto);
        }
        return m;
      },
    },
    Mutation: {
      enrollMember: (_: unknown, { guestId }: { guestId: string }, ctx: RequestContext) => {
        requireRole(ctx, ENROLLERS);
        return enrol(l, ctx, guestId);
      },
    },
    Guest: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      membership: (guest: { id: string }, _: unknown, ctx: RequestContext) =>
        loaders(l.dataSource, ctx).membershipOfGuest.load(guest.id),
    },
    Stay: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      pointsEarned: (stay: { id: string }, _: unknown, ctx: RequestContext) =>
        loaders(l.dataSource, ctx).pointsEarnedByStay.load(stay.id),
    },
    Membership: {
      __resolveReference: (ref: { number: string }, ctx: RequestContext) =>
        loaders(l.dataSource, ctx).membershipByNumber.load(ref.number),
      number: guardedField(IDENTIFYING_READERS, 'number'),
      guestId: guardedField(IDENTIFYING_READERS, 'guestId'),
      nightsThisYear: (m: Membership, _: unknown, ctx: RequestContext) => nightsThisYear(m, ctx),
      nextTier: async (m: Membership, _: unknown, ctx: RequestContext) =>
        nextTierProgress(m.tier, await nightsThisYear(m, ctx))?.tier ?? null,
      nightsToNextTier: async (m: Membership, _: unknown, ctx: RequestContext) =>
        nextTierProgress(m.tier, await nightsThisYear(m, ctx))?.nightsNeeded ?? null,
      benefits: (m: Membership) => ({ tier: m.tier, ...TIER_RULES[m.tier] }),
      pointsExpiry: (m: Membership) =>
        m.pointsBalance > 0
          ? { date: l.clock.dateOf(expiresAt(m.lastActivityAt, l.expiryMonths)), points: m.pointsBalance }
          : null,
      transactions: (m: Membership, { first }: { first?: number | null }, ctx: RequestContext) => {
        const n = first ?? 20;
        if (!Number.isInteger(n) || n < 0 || n > 200) throw badInput('first', 'first must be between 0 and 200');
        return n === 0 ? [] : loaders(l.dataSource, ctx).transactions(n).load(`${m.id}@${m.lastEntrySeq}`);
      },
      pointsTransactions: async (
        m: Membership,
        args: { first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        const n = pageSize(args.first, { max: 200, fallback: 20 });
        // The first page ends at the entry the balance was read at; a later one just before its cursor's entry.
        let upto = m.lastEntrySeq;
        if (args.after) {
          const [membershipId, seq] = decodeCursor(args.after);
          if (membershipId !== m.id || !Number.isSafeInteger(seq))
            throw badInput('after', 'after is not a cursor of this membership');
          upto = (seq as number) - 1;
        }
        const rows =
          n === 0
            ? []
            : await loaders(l.dataSource, ctx)
                .transactions(n + 1)
                .load(`${m.id}@${upto}`);
        return pageOf(rows, n, (e) => encodeCursor([m.id, e.seq]));
      },
      redemptions: async (
        m: Membership,
        args: { first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        const n = pageSize(args.first, { max: 200, fallback: 20 });
        let after: { createdAt: string; id: string } | null = null;
        if (args.after) {
          const [membershipId, createdAt, id] = decodeCursor(args.after);
          if (
            membershipId !== m.id ||
            typeof createdAt !== 'string' ||
            Number.isNaN(Date.parse(createdAt)) ||
            !isUuid(id)
          )
            throw badInput('after', 'after is not a cursor of this membership');
          after = { createdAt, id };
        }
        const rows =
          n === 0
            ? []
            : await loaders(l.dataSource, ctx)
                .redemptions(n + 1, after)
                .load(m.id);
        return pageOf(rows, n, (r) => encodeCursor([m.id, ...r.sortKey]));
      },
    },
  };
}
