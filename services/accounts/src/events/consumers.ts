import { changedRows } from '@guest-graph/db';
import { accounts as catalogue, guests } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { attributeStay } from '../domain/production.js';

/**
 * Production: a checked-out stay counts once for the account it carried at check-in, or else for the account its
 * guest is linked to when we learn of the check-out (seconds after it, by the contract's 5-second rule). The inbox
 * makes redelivery harmless; the stay id as primary key makes a replay under a new event id harmless too.
 * One check-out or a backlog costs a few statements for all: the guests' links read together, every production
 * row written in one statement, and the accounts that traded (a prospect become a client, a dormant account
 * woken) made active together. Returns how many stays counted.
 */
export async function recordCheckOuts(
  rt: Pick<Runtime, 'logger' | 'clock'>,
  tx: EntityManager,
  stays: import('@guest-graph/events').EventData<typeof guests.stayCheckedOut>[],
  recordedAt: Date,
): Promise<number> {
  const unlinked = [...new Set(stays.filter((s) => !s.accountId).map((s) => s.guestId))];
  const links = new Map<string, string>(
    unlinked.length
      ? (
          await tx.query('SELECT guest_id, account_id FROM accounts.guest_link WHERE guest_id = ANY($1::uuid[])', [
            unlinked,
          ])
        ).map((r: { guest_id: string; account_id: string }) => [r.guest_id, r.account_id])
      : [],
  );
  const counted = stays.flatMap((stay) => {
    const attribution = attributeStay(stay, stay.accountId ? null : (links.get(stay.guestId) ?? null));
    return attribution ? [{ stay, ...attribution }] : [];
  });
  if (!counted.length) return 0;
  const inserted: { stay_id: string; account_id: string }[] = await tx.query(
    `INSERT INTO accounts.stay_production (stay_id, account_id, guest_id, attributed_by, production_date, nights,
       revenue, checked_out_at, recorded_at)
     SELECT t.s, a.id, t.g, t.b, t.d, t.n, t.r, t.c, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::numeric[],
                   $9::date[]) AS t(s, a, g, b, c, n, r, d)
       JOIN accounts.account a ON a.id = t.a
     ON CONFLICT (stay_id) DO NOTHING
     RETURNING stay_id, account_id`,
    [
      counted.map((c) => c.stay.stayId),
      counted.map((c) => c.accountId),
      counted.map((c) => c.stay.guestId),
      counted.map((c) => c.by),
      counted.map((c) => c.stay.checkedOutAt),
      counted.map((c) => c.stay.nights),
      counted.map((c) => c.stay.totalSpend),
      recordedAt,
      // Production falls on the hotel's date of the check-out: 07:00 in Beijing is still the UTC day before.
      counted.map((c) => rt.clock.dateOf(c.stay.checkedOutAt)),
    ],
  );
  const traded = [...new Set(inserted.map((r) => r.account_id))];
  if (traded.length)
    await tx.query(
      `UPDATE accounts.account SET status = 'ACTIVE', updated_at = $2 WHERE id = ANY($1::uuid[]) AND status <> 'ACTIVE'`,
      [traded, recordedAt],
    );
  const done = new Set(inserted.map((r) => r.stay_id));
  const missed = [...new Set(counted.filter((c) => !done.has(c.stay.stayId)).map((c) => c.accountId))];
  if (missed.length) {
    // Already counted (a replay) is normal; an account we never opened is worth a look.
    const known = new Set(
      (await tx.query('SELECT id FROM accounts.account WHERE id = ANY($1::uuid[])', [missed])).map(
        (r: { id: string }) => r.id,
      ),
    );
    for (const c of counted)
      if (!done.has(c.stay.stayId) && !known.has(c.accountId))
        rt.logger.warn({ stayId: c.stay.stayId, accountId: c.accountId }, 'stay for an unknown account');
  }
  return inserted.length;
}

/** A merge moves the duplicate's account link to the survivor (unless the survivor has one), and records it. */
export async function applyGuestMerge(
  rt: Runtime,
  tx: EntityManager,
  m: { mergeId: string; survivorId: string; duplicateId: string },
  now: Date,
) {
  const [dup] = await tx.query('SELECT account_id, linked_at FROM accounts.guest_link WHERE guest_id = $1 FOR UPDATE', [
    m.duplicateId,
  ]);
  let survivorLinkAdded = false;
  if (dup) {
    await tx.query('DELETE FROM accounts.guest_link WHERE guest_id = $1', [m.duplicateId]);
    const added = await tx.query(
      `INSERT INTO accounts.guest_link (guest_id, account_id, linked_at, linked_by) VALUES ($1, $2, $3, 'guest-merge')
       ON CONFLICT (guest_id) DO NOTHING RETURNING guest_id`,
      [m.survivorId, dup.account_id, dup.linked_at],
    );
    survivorLinkAdded = added.length > 0;
    if (survivorLinkAdded)
      await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
        guestId: m.survivorId,
        accountId: dup.account_id,
        linkedAt: now.toISOString(),
      });
  }
  await tx.query(
    `INSERT INTO accounts.guest_merge (merge_id, survivor_id, duplicate_id, duplicate_account_id, duplicate_linked_at,
       survivor_link_added, merged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (merge_id) DO NOTHING`,
    [m.mergeId, m.survivorId, m.duplicateId, dup?.account_id ?? null, dup?.linked_at ?? null, survivorLinkAdded, now],
  );
}

/** An unmerge gives the duplicate its link back and takes from the survivor what the merge gave it. */
export async function undoGuestMerge(rt: Runtime, tx: EntityManager, mergeId: string, now: Date) {
  const [merge] = await tx.query(
    'SELECT * FROM accounts.guest_merge WHERE merge_id = $1 AND unmerged_at IS NULL FOR UPDATE',
    [mergeId],
  );
  if (!merge) return;
  if (merge.duplicate_account_id) {
    await tx.query(
      `INSERT INTO accounts.guest_link (guest_id, account_id, linked_at, linked_by) VALUES ($1, $2, $3, 'guest-unmerge')
       ON CONFLICT (guest_id) DO NOTHING`,
      [merge.duplicate_id, merge.duplicate_account_id, merge.duplicate_linked_at],
    );
    if (merge.survivor_link_added) {
      // Only if nobody re-linked the survivor since the merge.
      const removed = await changedRows(
        tx,
        `DELETE FROM accounts.guest_link WHERE guest_id = $1 AND account_id = $2 AND linked_by = 'guest-merge'
         RETURNING guest_id`,
        [merge.survivor_id, merge.duplicate_account_id],
      );
      if (removed.length)
        await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
          guestId: merge.survivor_id,
          accountId: null,
          linkedAt: now.toISOString(),
        });
    }
    await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
      guestId: merge.duplicate_id,
      accountId: merge.duplicate_account_id,
      linkedAt: now.toISOString(),
    });
  }
  await tx.query('UPDATE accounts.guest_merge SET unmerged_at = $2 WHERE merge_id = $1', [mergeId, now]);
}

export async function startConsumers(rt: Runtime) {
  await rt.bus.consume(guests.stayCheckedOut, {
    name: 'production',
    batch: 200,
    handleMany: async (tx, events) => {
      await recordCheckOuts(
        rt,
        tx,
        events.map((e) => e.data),
        rt.clock.now(),
      );
    },
  });
  await rt.bus.consume(guests.guestMerged, {
    name: 'guest-merged',
    handler: (tx, e) => applyGuestMerge(rt, tx, e.data, rt.clock.now()),
  });
  await rt.bus.consume(guests.guestUnmerged, {
    name: 'guest-unmerged',
    handler: (tx, e) => undoGuestMerge(rt, tx, e.data.mergeId, rt.clock.now()),
  });
}

/** "Do these accounts exist?" (credit before setting terms; guests for a check-in's account). */
export function startResponders(rt: Runtime) {
  rt.bus.respond(catalogue.lookupAccounts, async ({ ids }) => {
    const accounts = await rt.dataSource.query(
      'SELECT id, name, grade, status FROM accounts.account WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return { accounts };
  });
}
