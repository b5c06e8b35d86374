import { byKey, groupByKey, isUuid, type RequestContext } from '@guest-graph/subgraph-kit';
import type { DataSource } from 'typeorm';
import { latestEntriesUpTo, pointsEarnedByStays } from '../persistence/ledger.repository.js';
import type { LedgerEntry } from '../persistence/ledger-entry.entity.js';
import type { Membership } from '../persistence/membership.entity.js';
import {
  activeMembershipsOfGuests,
  membershipsById,
  membershipsByNumber,
  nightsInYear,
} from '../persistence/membership.repository.js';
import type { Redemption, Reward } from '../persistence/programme.entity.js';
import { latestRedemptions, rewardsByCode } from '../persistence/programme.repository.js';

/**
 * Every read of a list of guests or members goes through these: one SQL statement per kind of thing per
 * request, whatever the number of guests (the gateway asks for 100 guests' memberships in one `_entities`).
 */
export function loaders(ds: DataSource, ctx: RequestContext) {
  return {
    membershipOfGuest: ctx.loaders.for<string, Membership | null>('membershipOfGuest', async (guestIds) =>
      // A representation whose id cannot be a guest's has no membership (and must not reach the uuid column).
      byKey(guestIds, await activeMembershipsOfGuests(ds, guestIds.filter(isUuid)), (m) => m.guestId),
    ),
    membershipByNumber: ctx.loaders.for<string, Membership | null>('membershipByNumber', async (numbers) =>
      byKey(numbers, await membershipsByNumber(ds, numbers), (m) => m.number),
    ),
    membershipById: ctx.loaders.for<string, Membership | null>('membershipById', async (ids) =>
      byKey(ids, await membershipsById(ds, ids), (m) => m.id),
    ),
    nightsInYear: (year: number) =>
      ctx.loaders.for<string, number>(`nightsInYear:${year}`, async (ids) =>
        byKey(ids, await nightsInYear(ds, ids, year), (r) => r.membership_id).map((r) => r?.nights ?? 0),
      ),
    /** The newest `first` entries of each membership, up to the entry its balance was read at. */
    transactions: (first: number) =>
      ctx.loaders.for<string, LedgerEntry[]>(`transactions:${first}`, async (keys) => {
        // A key is `<membership id>@<last entry seq>`: the same membership read at two points is two keys.
        const bounds = keys.map((k) => {
          const [membershipId, seq] = k.split('@') as [string, string];
          return { membershipId, seq };
        });
        return groupByKey(keys, await latestEntriesUpTo(ds, bounds, first), (r) => r.uptoKey);
      }),
    redemptions: (limit: number, after: { createdAt: string; id: string } | null) =>
      ctx.loaders.for<string, (Redemption & { sortKey: [string, string] })[]>(
        `redemptions:${limit}:${after ? `${after.createdAt}|${after.id}` : ''}`,
        async (ids) => groupByKey(ids, await latestRedemptions(ds, ids, limit, after), (r) => r.membershipId),
      ),
    pointsEarnedByStay: ctx.loaders.for<string, number>('pointsEarnedByStay', async (stayIds) =>
      byKey(stayIds, await pointsEarnedByStays(ds, stayIds.filter(isUuid)), (r) => r.stayId).map((r) => r?.points ?? 0),
    ),
    reward: ctx.loaders.for<string, Reward | null>('reward', async (codes) =>
      byKey(codes, await rewardsByCode(ds, codes), (r) => r.code),
    ),
  };
}
