import { byKey, groupByKey, isUuid, type RequestContext } from '@guest-graph/subgraph-kit';
import { type DataSource, In } from 'typeorm';
import { type LedgerEntry, toLedgerEntry } from '../persistence/ledger-entry.entity.js';
import { Membership } from '../persistence/membership.entity.js';
import { Redemption, Reward } from '../persistence/programme.entity.js';

/**
 * Every read of a list of guests or members goes through these: one SQL statement per kind of thing per
 * request, whatever the number of guests (the gateway asks for 100 guests' memberships in one `_entities`).
 */
export function loaders(ds: DataSource, ctx: RequestContext) {
  const memberships = ds.getRepository(Membership);
  return {
    membershipOfGuest: ctx.loaders.for<string, Membership | null>('membershipOfGuest', async (guestIds) => {
      // A representation whose id cannot be a guest's has no membership (and must not reach the uuid column).
      const ids = guestIds.filter(isUuid);
      const found = ids.length ? await memberships.find({ where: { guestId: In(ids), status: 'ACTIVE' } }) : [];
      return byKey(guestIds, found, (m) => m.guestId);
    }),
    membershipByNumber: ctx.loaders.for<string, Membership | null>('membershipByNumber', async (numbers) =>
      byKey(numbers, await memberships.find({ where: { number: In([...numbers]) } }), (m) => m.number),
    ),
    membershipById: ctx.loaders.for<string, Membership | null>('membershipById', async (ids) =>
      byKey(ids, await memberships.find({ where: { id: In([...ids]) } }), (m) => m.id),
    ),
    nightsInYear: (year: number) =>
      ctx.loaders.for<string, number>(`nightsInYear:${year}`, async (ids) => {
        const rows: { membership_id: string; nights: number }[] = await ds.query(
          `SELECT membership_id, sum(nights)::int AS nights FROM loyalty.stay_credit
            WHERE membership_id = ANY($1::uuid[]) AND year = $2 GROUP BY membership_id`,
          [ids, year],
        );
        return byKey(ids, rows, (r) => r.membership_id).map((r) => r?.nights ?? 0);
      }),
    /**
     * The newest `first` entries of each membership, up to the entry its balance was read at, in one statement
     * (the index is (membership_id, seq DESC)): a balance and the history under it always agree.
     */
    transactions: (first: number) =>
      ctx.loaders.for<string, LedgerEntry[]>(`transactions:${first}`, async (keys) => {
        // A key is `<membership id>@<last entry seq>`: the same membership read at two points is two keys.
        const bounds = keys.map((k) => k.split('@') as [string, string]);
        const rows: (Record<string, unknown> & { upto_key: string })[] = await ds.query(
          `SELECT * FROM (
             SELECT e.*, upto.membership_id || '@' || upto.seq AS upto_key,
                    row_number() OVER (PARTITION BY upto.membership_id, upto.seq ORDER BY e.seq DESC) AS n
               FROM unnest($1::uuid[], $2::bigint[]) AS upto(membership_id, seq)
               JOIN loyalty.ledger_entry e ON e.membership_id = upto.membership_id AND e.seq <= upto.seq) ranked
            WHERE n <= $3 ORDER BY seq DESC`,
          [bounds.map((b) => b[0]), bounds.map((b) => b[1]), first],
        );
        return groupByKey(keys, rows, (r) => r.upto_key).map((list) => list.map(toLedgerEntry));
      }),
    redemptions: (first: number) =>
      ctx.loaders.for<string, Redemption[]>(`redemptions:${first}`, async (ids) => {
        const rows: { id: string }[] = await ds.query(
          `SELECT id FROM (
             SELECT id, row_number() OVER (PARTITION BY membership_id ORDER BY created_at DESC, id) AS n
               FROM loyalty.redemption WHERE membership_id = ANY($1::uuid[])) ranked
            WHERE n <= $2`,
          [ids, first],
        );
        if (!rows.length) return ids.map(() => []);
        const found = await ds.getRepository(Redemption).find({
          where: { id: In(rows.map((r) => r.id)) },
          order: { createdAt: 'DESC', id: 'ASC' },
        });
        return groupByKey(ids, found, (r) => r.membershipId);
      }),
    reward: ctx.loaders.for<string, Reward | null>('reward', async (codes) =>
      byKey(codes, await ds.getRepository(Reward).find({ where: { code: In([...codes]) } }), (r) => r.code),
    ),
  };
}
