import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { badInput, guarded, invalidState, isUuid, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { GuestsDeps } from '../application/deps.js';
import { CONTACT_READERS, PROFILE_STEWARDS } from '../domain/access.js';
import { DUPLICATE_THRESHOLD, scoreDuplicate } from '../domain/duplicates.js';
import { searchName } from '../domain/guest-profile.js';
import { canUnmerge, MERGED_FIELDS, mergedContacts, mergedProfile } from '../domain/merge.js';
import { GuestEmailEntity, GuestEntity, GuestPhoneEntity } from '../persistence/guest.entity.js';
import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import { loaders } from './loaders.js';

/**
 * Duplicates and merge. A merge moves the duplicate's stays, preferences, observations, consent and
 * follow-ups to the survivor, fills the survivor's blanks, and keeps a snapshot so `unmergeGuests` can put
 * both profiles back within the window. Other services re-point their records on `guest.merged`.
 */
interface Snapshot {
  survivor: GuestEntity;
  survivorPhones: GuestPhoneEntity[];
  survivorEmails: GuestEmailEntity[];
  stays: string[];
  preferences: { id: string; supersededAt: string | null }[];
  observations: string[];
  consents: string[];
  followUps: string[];
  /**
   * What the merge itself wrote on the survivor, so an unmerge takes back only that and keeps what staff
   * changed since. Absent in snapshots taken before it was kept (those unmerge to the snapshot whole).
   */
  after?: {
    profile: Partial<Record<(typeof MERGED_FIELDS)[number], unknown>>;
    addedPhones: string[];
    addedEmails: string[];
    documentIndex: string | null;
  };
}

/** Equal as stored values (key order of JSON objects aside). */
function sameValue(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object' && !(v instanceof Date)
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v instanceof Date
          ? v.toISOString()
          : (v ?? null);
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

interface Candidate {
  id: string;
  samePhone: boolean;
  sameEmail: boolean;
  nameSimilarity: number;
  birthDate: 'SAME' | 'DIFFERENT' | 'UNKNOWN';
  sameDocument: boolean;
}

async function candidatesFor(tx: EntityManager, guestId: string): Promise<Candidate[]> {
  return tx.query(
    `WITH me AS (SELECT * FROM guests.guest WHERE id = $1),
     phone AS (SELECT DISTINCT o.guest_id FROM guests.guest_phone m JOIN guests.guest_phone o ON o.digits = m.digits
                WHERE m.guest_id = $1 AND o.guest_id <> $1),
     email AS (SELECT DISTINCT o.guest_id FROM guests.guest_email m
                 JOIN guests.guest_email o ON o.address_lower = m.address_lower WHERE m.guest_id = $1 AND o.guest_id <> $1),
     name AS (SELECT g.id AS guest_id FROM guests.guest_name n, me, guests.guest g
               WHERE (n.search_name % me.search_name OR me.search_name <% n.search_name OR n.search_name <% me.search_name)
                 AND g.search_name = n.search_name AND g.id <> me.id),
     doc AS (SELECT g.id AS guest_id FROM guests.guest g, me
              WHERE me.id_doc_index IS NOT NULL AND g.id_doc_index = me.id_doc_index AND g.id <> me.id),
     ids AS (SELECT guest_id FROM phone UNION SELECT guest_id FROM email UNION SELECT guest_id FROM name
             UNION SELECT guest_id FROM doc)
     SELECT g.id,
            g.id IN (SELECT guest_id FROM phone) AS "samePhone",
            g.id IN (SELECT guest_id FROM email) AS "sameEmail",
            greatest(similarity(g.search_name, me.search_name), word_similarity(me.search_name, g.search_name),
                     word_similarity(g.search_name, me.search_name))::float8 AS "nameSimilarity",
            CASE WHEN g.birth_date IS NULL OR me.birth_date IS NULL THEN 'UNKNOWN'
                 WHEN g.birth_date = me.birth_date THEN 'SAME' ELSE 'DIFFERENT' END AS "birthDate",
            g.id IN (SELECT guest_id FROM doc) AS "sameDocument"
       FROM ids JOIN guests.guest g ON g.id = ids.guest_id, me
      WHERE g.merged_into IS NULL
      LIMIT 200`,
    [guestId],
  );
}

async function lockPair(tx: EntityManager, a: string, b: string) {
  // Both rows, in id order, so two merges of the same pair never deadlock.
  const rows: { id: string; merged_into: string | null }[] = await tx.query(
    'SELECT id, merged_into FROM guests.guest WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [[a, b]],
  );
  for (const id of [a, b]) {
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound('Guest', id);
    if (row.merged_into) throw invalidState('This profile is already merged into another', { guestId: id });
  }
  // One transaction is one connection: its statements go one after another.
  const survivor = await tx.findOneByOrFail(GuestEntity, { id: a });
  const duplicate = await tx.findOneByOrFail(GuestEntity, { id: b });
  return { survivor, duplicate };
}

async function planAndApply(
  deps: GuestsDeps,
  ctx: RequestContext,
  tx: EntityManager,
  survivorId: string,
  duplicateId: string,
  dryRun: boolean,
) {
  const { rt, vault } = deps;
  const now = rt.clock.now();
  const { survivor, duplicate } = await lockPair(tx, survivorId, duplicateId);
  const order = { isPrimary: 'DESC', addedAt: 'ASC' } as const;
  const sPhones = await tx.find(GuestPhoneEntity, { where: { guestId: survivorId }, order });
  const dPhones = await tx.find(GuestPhoneEntity, { where: { guestId: duplicateId }, order });
  const sEmails = await tx.find(GuestEmailEntity, { where: { guestId: survivorId }, order });
  const dEmails = await tx.find(GuestEmailEntity, { where: { guestId: duplicateId }, order });
  const profile = mergedProfile(survivor, duplicate);
  const phones = mergedContacts(
    sPhones.map((p) => ({ ...p, key: p.digits, primary: p.isPrimary })),
    dPhones.map((p) => ({ ...p, key: p.digits, primary: p.isPrimary })),
  );
  const emails = mergedContacts(
    sEmails.map((e) => ({ ...e, key: e.addressLower, primary: e.isPrimary })),
    dEmails.map((e) => ({ ...e, key: e.addressLower, primary: e.isPrimary })),
  );
  const takesDocument = !survivor.idDocCipher && !!duplicate.idDocCipher;
  const stays: { id: string }[] = await tx.query('SELECT id FROM guests.stay WHERE guest_id = $1', [duplicateId]);
  const prefs: { id: string; supersededAt: Date | null; yields: boolean }[] = await tx.query(
    `SELECT d.id, d.superseded_at AS "supersededAt", d.superseded_at IS NULL AND EXISTS (
        SELECT 1 FROM guests.preference s WHERE s.guest_id = $2 AND s.category = d.category AND s.superseded_at IS NULL
      ) AS "yields"
       FROM guests.preference d WHERE d.guest_id = $1`,
    [duplicateId, survivorId],
  );
  const idsOf = async (table: string): Promise<string[]> =>
    (await tx.query(`SELECT id FROM guests.${table} WHERE guest_id = $1`, [duplicateId])).map(
      (r: { id: string }) => r.id,
    );
  const observations = await idsOf('observation');
  const consents = await idsOf('marketing_consent');
  const followUps = await idsOf('follow_up');
  const yielding = prefs.filter((p) => p.yields);
  const preview = {
    fullName: profile.fullName,
    latinName: profile.latinName,
    birthDate: profile.birthDate,
    segment: profile.segment,
    vip: profile.vip,
    vipLevel: profile.vipLevel,
    tags: profile.tags,
    phones: phones.map((p) => p.number),
    emails: emails.map((e) => e.address),
    idDocumentType: profile.idDocType ?? (takesDocument ? duplicate.idDocType : null),
  };
  const result = {
    mergeId: null as string | null,
    dryRun,
    survivorId,
    duplicateId,
    profile: preview,
    staysMoved: stays.length,
    preferencesMoved: prefs.length - yielding.length,
    preferencesKeptAsHistory: yielding.length,
    observationsMoved: observations.length,
  };
  if (dryRun) return result;

  const snapshot: Snapshot = {
    survivor,
    survivorPhones: sPhones,
    survivorEmails: sEmails,
    stays: stays.map((s) => s.id),
    preferences: prefs.map((p) => ({
      id: p.id,
      supersededAt: p.supersededAt ? new Date(p.supersededAt).toISOString() : null,
    })),
    observations,
    consents,
    followUps,
  };
  const mergeId = randomUUID();
  // The duplicate leaves the live set first, so its document may move to the survivor.
  await tx.update(GuestEntity, { id: duplicateId }, { mergedInto: survivorId, updatedAt: now });
  const patch: Partial<GuestEntity> = {
    latinName: profile.latinName,
    gender: profile.gender,
    birthDate: profile.birthDate,
    anniversaryDate: profile.anniversaryDate,
    nationality: profile.nationality,
    segment: profile.segment,
    vip: profile.vip,
    vipLevel: profile.vipLevel,
    address: profile.address,
    employer: profile.employer,
    tags: profile.tags,
    notes: profile.notes,
    restrictions: profile.restrictions,
    searchName: survivor.searchName,
    updatedAt: now,
  };
  if (profile.latinName !== survivor.latinName) patch.searchName = searchName(survivor.fullName, profile.latinName);
  if (takesDocument)
    Object.assign(patch, {
      idDocType: duplicate.idDocType,
      idDocIndex: duplicate.idDocIndex,
      idDocCipher: vault.encrypt(vault.decrypt(duplicate.idDocCipher!, duplicate.id), survivorId),
      idDocLast4: duplicate.idDocLast4,
      idDocLength: duplicate.idDocLength,
    });
  await tx.update(GuestEntity, { id: survivorId }, patch);
  const newPhones = phones.filter((p) => p.guestId === duplicateId);
  const newEmails = emails.filter((e) => e.guestId === duplicateId);
  snapshot.after = {
    profile: Object.fromEntries(MERGED_FIELDS.map((k) => [k, patch[k]])),
    addedPhones: newPhones.map((p) => p.digits),
    addedEmails: newEmails.map((e) => e.addressLower),
    documentIndex: takesDocument ? duplicate.idDocIndex : survivor.idDocIndex,
  };
  if (newPhones.length)
    await tx.insert(
      GuestPhoneEntity,
      newPhones.map((p) => ({
        id: randomUUID(),
        guestId: survivorId,
        number: p.number,
        digits: p.digits,
        isPrimary: p.primary,
        addedAt: now,
      })),
    );
  if (newEmails.length)
    await tx.insert(
      GuestEmailEntity,
      newEmails.map((e) => ({
        id: randomUUID(),
        guestId: survivorId,
        address: e.address,
        addressLower: e.addressLower,
        isPrimary: e.primary,
        addedAt: now,
      })),
    );
  await tx.query('UPDATE guests.stay SET guest_id = $2 WHERE guest_id = $1', [duplicateId, survivorId]);
  if (yielding.length)
    await tx.query('UPDATE guests.preference SET superseded_at = $2 WHERE id = ANY($1::uuid[])', [
      yielding.map((p) => p.id),
      now,
    ]);
  for (const table of ['preference', 'observation', 'marketing_consent', 'follow_up'])
    await tx.query(`UPDATE guests.${table} SET guest_id = $2 WHERE guest_id = $1`, [duplicateId, survivorId]);
  await tx.query(
    `INSERT INTO guests.guest_merge (id, survivor_id, duplicate_id, snapshot, merged_by, merged_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [mergeId, survivorId, duplicateId, JSON.stringify(snapshot), ctx.identity.sub, now],
  );
  await refreshGuestValues(tx, rt.clock.dateOf(now), [survivorId]);
  await rt.bus.emit(
    tx,
    events.guestMerged,
    { mergeId, survivorId, duplicateId, mergedAt: now.toISOString() },
    { requestId: ctx.requestId },
  );
  return { ...result, mergeId };
}

/**
 * The survivor after an unmerge: each field the merge changed and nobody has touched since goes back to what
 * it was; a field staff edited after the merge keeps the edit (their latest word on the guest). Likewise the
 * phones and emails the merge copied from the duplicate leave the survivor, and contacts added since stay;
 * the duplicate's document leaves unless it was replaced since.
 */
async function takeBackWhatTheMergeWrote(
  tx: EntityManager,
  survivorId: string,
  snapshot: Snapshot,
  after: NonNullable<Snapshot['after']>,
  now: Date,
) {
  const before = snapshot.survivor as unknown as Record<string, unknown>;
  const current = (await tx.findOneByOrFail(GuestEntity, { id: survivorId })) as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = { updatedAt: now };
  for (const k of MERGED_FIELDS) if (sameValue(current[k], after.profile[k])) patch[k] = before[k];
  if ((current.idDocIndex ?? null) === after.documentIndex)
    for (const k of ['idDocType', 'idDocIndex', 'idDocCipher', 'idDocLast4', 'idDocLength']) patch[k] = before[k];
  const latinName = (k: string) => (k in patch ? patch[k] : current[k]) as string | null;
  patch.searchName = searchName(current.fullName as string, latinName('latinName'));
  await tx.update(GuestEntity, { id: survivorId }, patch);
  if (after.addedPhones.length)
    await tx.query('DELETE FROM guests.guest_phone WHERE guest_id = $1 AND digits = ANY($2::text[])', [
      survivorId,
      after.addedPhones,
    ]);
  if (after.addedEmails.length)
    await tx.query('DELETE FROM guests.guest_email WHERE guest_id = $1 AND address_lower = ANY($2::text[])', [
      survivorId,
      after.addedEmails,
    ]);
}

/** Snapshots from before `after` was kept: the survivor exactly as it was at the merge. */
async function restoreSurvivorWhole(tx: EntityManager, survivorId: string, snapshot: Snapshot, now: Date) {
  const s = snapshot.survivor;
  await tx.update(
    GuestEntity,
    { id: survivorId },
    {
      latinName: s.latinName,
      searchName: s.searchName,
      gender: s.gender,
      birthDate: s.birthDate,
      anniversaryDate: s.anniversaryDate,
      nationality: s.nationality,
      segment: s.segment,
      vip: s.vip,
      vipLevel: s.vipLevel,
      address: s.address,
      employer: s.employer,
      tags: s.tags,
      notes: s.notes,
      restrictions: s.restrictions,
      idDocType: s.idDocType,
      idDocIndex: s.idDocIndex,
      idDocCipher: s.idDocCipher,
      idDocLast4: s.idDocLast4,
      idDocLength: s.idDocLength,
      updatedAt: now,
    },
  );
  await tx.delete(GuestPhoneEntity, { guestId: survivorId });
  if (snapshot.survivorPhones.length)
    await tx.insert(
      GuestPhoneEntity,
      snapshot.survivorPhones.map((p) => ({ ...p, addedAt: new Date(p.addedAt) })),
    );
  await tx.delete(GuestEmailEntity, { guestId: survivorId });
  if (snapshot.survivorEmails.length)
    await tx.insert(
      GuestEmailEntity,
      snapshot.survivorEmails.map((e) => ({ ...e, addedAt: new Date(e.addedAt) })),
    );
}

async function unmerge(deps: GuestsDeps, ctx: RequestContext, tx: EntityManager, mergeId: string) {
  const { rt } = deps;
  const now = rt.clock.now();
  const rows: {
    survivor_id: string;
    duplicate_id: string;
    snapshot: Snapshot;
    merged_at: Date;
    unmerged_at: Date | null;
  }[] = await tx.query('SELECT * FROM guests.guest_merge WHERE id = $1 FOR UPDATE', [mergeId]);
  const merge = rows[0];
  if (!merge) throw notFound('Merge', mergeId);
  if (merge.unmerged_at) throw invalidState('This merge has already been undone', { mergeId });
  if (!canUnmerge(new Date(merge.merged_at), now, deps.settings.unmergeWindowDays))
    throw invalidState(`A merge can be undone within ${deps.settings.unmergeWindowDays} days only`, { mergeId });
  const { survivor_id: survivorId, duplicate_id: duplicateId, snapshot } = merge;
  const locked: { id: string; merged_into: string | null }[] = await tx.query(
    'SELECT id, merged_into FROM guests.guest WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [[survivorId, duplicateId]],
  );
  if (locked.find((r) => r.id === survivorId)?.merged_into)
    throw invalidState('The survivor was merged again since; undo that merge first', { mergeId });
  if (snapshot.after) await takeBackWhatTheMergeWrote(tx, survivorId, snapshot, snapshot.after, now);
  else await restoreSurvivorWhole(tx, survivorId, snapshot, now);
  await tx.update(GuestEntity, { id: duplicateId }, { mergedInto: null, updatedAt: now });
  const back = async (table: string, ids: string[]) => {
    if (ids.length)
      await tx.query(`UPDATE guests.${table} SET guest_id = $2 WHERE id = ANY($1::uuid[]) AND guest_id = $3`, [
        ids,
        duplicateId,
        survivorId,
      ]);
  };
  await back('stay', snapshot.stays);
  await back('observation', snapshot.observations);
  await back('marketing_consent', snapshot.consents);
  await back('follow_up', snapshot.followUps);
  for (const p of snapshot.preferences)
    await tx.query('UPDATE guests.preference SET guest_id = $2, superseded_at = $3 WHERE id = $1 AND guest_id = $4', [
      p.id,
      duplicateId,
      p.supersededAt,
      survivorId,
    ]);
  await tx.query('UPDATE guests.guest_merge SET unmerged_at = $2, unmerged_by = $3 WHERE id = $1', [
    mergeId,
    now,
    ctx.identity.sub,
  ]);
  await refreshGuestValues(tx, rt.clock.dateOf(now), [survivorId, duplicateId]);
  await rt.bus.emit(
    tx,
    events.guestUnmerged,
    { mergeId, survivorId, duplicateId, unmergedAt: now.toISOString() },
    { requestId: ctx.requestId },
  );
  return { mergeId, survivorId, duplicateId };
}

export function mergeResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  const L = (ctx: RequestContext) => loaders(ctx, rt.dataSource);
  const fresh = (ctx: RequestContext, ...ids: string[]) => {
    for (const id of ids) L(ctx).guest.clear(id);
    return ids.map((id) => L(ctx).guest.load(id));
  };
  return {
    Query: {
      likelyDuplicates: guarded(
        PROFILE_STEWARDS,
        async (_: unknown, args: { guestId: string; first?: number | null }, ctx: RequestContext) => {
          if (!isUuid(args.guestId)) return [];
          const candidates = await candidatesFor(rt.dataSource.manager, args.guestId);
          const scored = candidates
            .map((c) => ({ guestId: c.id, ...scoreDuplicate(c) }))
            .filter((c) => c.score >= DUPLICATE_THRESHOLD)
            .sort((a, b) => b.score - a.score || a.guestId.localeCompare(b.guestId))
            .slice(0, Math.min(50, Math.max(1, args.first ?? 10)));
          return scored.map((c) => ({ ...c, guest: L(ctx).guest.load(c.guestId) }));
        },
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
          if (!isUuid(args.survivorId)) throw notFound('Guest', args.survivorId);
          if (!isUuid(args.duplicateId)) throw notFound('Guest', args.duplicateId);
          if (args.survivorId === args.duplicateId)
            throw badInput('duplicateId', 'duplicateId: a guest cannot be merged into itself');
          const dryRun = Boolean(args.dryRun);
          const run = (tx: EntityManager) => planAndApply(deps, ctx, tx, args.survivorId, args.duplicateId, dryRun);
          const result = dryRun ? await rt.dataSource.transaction(run) : await rt.bus.transact(run);
          const [survivor] = fresh(ctx, args.survivorId, args.duplicateId);
          return { ...result, survivor: dryRun ? null : survivor };
        },
      ),
      unmergeGuests: guarded(PROFILE_STEWARDS, async (_: unknown, args: { mergeId: string }, ctx: RequestContext) => {
        if (!isUuid(args.mergeId)) throw notFound('Merge', args.mergeId);
        const r = await rt.bus.transact((tx) => unmerge(deps, ctx, tx, args.mergeId));
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
