import { PG, pgCode } from '@guest-graph/db';
import { guests as events } from '@guest-graph/events';
import { DomainError, invalidState, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { type ConsentInput, UNVERSIONED_NOTICE } from '../domain/consent.js';
import { contactList, phoneDigits, searchName, type UpdateGuest } from '../domain/guest-profile.js';
import { guestLine } from '../domain/timeline.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import {
  findDocumentOwner,
  lockLiveGuest,
  recordConsents,
  replaceEmails,
  replacePhones,
  updateGuest as writeGuest,
} from '../persistence/guest.repository.js';
import type { GuestsDeps } from './deps.js';
import { recordTimelineEntry } from './timeline.js';

/**
 * Keeping a profile current: the fields, the contact lists with one primary each, restriction flags with a
 * reason, and marketing consent per channel with how it was given or withdrawn. Each change publishes
 * `guest.updated` naming the fields, so other services refresh what they copy.
 */

export const duplicateGuest = (existingGuestId: string) =>
  new DomainError('DUPLICATE_GUEST', 'A guest with this identity document is already registered', {
    existingGuestId,
  });

const COLUMNS: Record<string, keyof GuestEntity> = {
  fullName: 'fullName',
  latinName: 'latinName',
  gender: 'gender',
  birthDate: 'birthDate',
  anniversaryDate: 'anniversaryDate',
  nationality: 'nationality',
  segment: 'segment',
  address: 'address',
  employer: 'employer',
  vip: 'vip',
  vipLevel: 'vipLevel',
  tags: 'tags',
  notes: 'notes',
};

/** Primary first: the one flagged, else the first given. */
const ordered = <T extends { primary?: boolean | null }>(list: T[]) => {
  const i = list.findIndex((c) => c.primary);
  return i > 0 ? [list[i]!, ...list.slice(0, i), ...list.slice(i + 1)] : list;
};

async function lockOrNotFound(tx: EntityManager, id: string): Promise<GuestEntity> {
  const guest = await lockLiveGuest(tx, id);
  if (!guest) throw notFound('Guest', id);
  return guest;
}

async function emitUpdated(
  deps: GuestsDeps,
  tx: EntityManager,
  ctx: RequestContext,
  guestId: string,
  fields: string[],
  now: Date,
) {
  await deps.rt.bus.emit(
    tx,
    events.guestUpdated,
    { guestId, changedFields: fields, updatedAt: now.toISOString() },
    { requestId: ctx.requestId },
  );
  // A consent answer is its own line (setMarketingConsent files it).
  if (fields.some((f) => !f.startsWith('marketingConsent.')))
    await recordTimelineEntry(tx, { guestId, at: now, ...guestLine.profileUpdated(fields) });
}

export interface ProfileChange {
  input: UpdateGuest;
  phones?: { number: string; primary?: boolean | null }[] | null;
  emails?: { address: string; primary?: boolean | null }[] | null;
  /** undefined: unchanged; null: removed. */
  idDocument?: { type: string; number: string } | null;
}

export async function updateGuest(deps: GuestsDeps, ctx: RequestContext, guestId: string, change: ProfileChange) {
  const { rt, vault } = deps;
  const { input, phones, emails, idDocument: doc } = change;
  const now = rt.clock.now();
  try {
    return await rt.bus.transact(async (tx) => {
      const guest = await lockOrNotFound(tx, guestId);
      const patch: Partial<GuestEntity> = {};
      const changed: string[] = [];
      for (const [key, column] of Object.entries(COLUMNS)) {
        const value = (input as Record<string, unknown>)[key];
        if (value === undefined) continue;
        if (JSON.stringify(value) === JSON.stringify(guest[column])) continue;
        (patch as Record<string, unknown>)[column] = value;
        changed.push(key);
      }
      if (patch.vipLevel != null) patch.vip = true;
      if (patch.vip === false) patch.vipLevel = null;
      if ('fullName' in patch || 'latinName' in patch)
        patch.searchName = searchName(
          patch.fullName ?? guest.fullName,
          'latinName' in patch ? patch.latinName : guest.latinName,
        );
      if (doc !== undefined) {
        if (doc) {
          const index = vault.blindIndex(doc.number);
          const owner = await findDocumentOwner(tx, doc.type, index);
          if (owner && owner !== guest.id) throw duplicateGuest(owner);
          Object.assign(patch, {
            idDocType: doc.type,
            idDocIndex: index,
            idDocCipher: vault.encrypt(doc.number, guest.id),
            idDocLast4: doc.number.slice(-4),
            idDocLength: doc.number.length,
          });
        } else
          Object.assign(patch, {
            idDocType: null,
            idDocIndex: null,
            idDocCipher: null,
            idDocLast4: null,
            idDocLength: null,
          });
        changed.push('idDocument');
      }
      if (phones) {
        const list = contactList(
          null,
          ordered(phones).map((p) => p.number),
          phoneDigits,
        );
        await replacePhones(
          tx,
          guest.id,
          list.map((p) => ({ number: p.value, digits: p.key, isPrimary: p.primary })),
          now,
        );
        changed.push('phones');
      }
      if (emails) {
        const list = contactList(
          null,
          ordered(emails).map((e) => e.address),
          (e) => e.toLowerCase(),
        );
        await replaceEmails(
          tx,
          guest.id,
          list.map((e) => ({ address: e.value, addressLower: e.key, isPrimary: e.primary })),
          now,
        );
        changed.push('emails');
      }
      if (!changed.length) return guest;
      await writeGuest(tx, guest.id, { ...patch, updatedAt: now });
      await emitUpdated(deps, tx, ctx, guest.id, changed, now);
      return Object.assign(guest, patch, { updatedAt: now });
    });
  } catch (e) {
    if (pgCode(e) === PG.UNIQUE_VIOLATION && doc) {
      const owner = await findDocumentOwner(rt.dataSource.manager, doc.type, vault.blindIndex(doc.number));
      if (owner) throw duplicateGuest(owner);
    }
    throw e;
  }
}

/** Raises (or restates) a restriction flag with its reason; one flag per type. */
export async function addRestriction(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  input: { type: string; reason: string },
) {
  const now = deps.rt.clock.now();
  return deps.rt.bus.transact(async (tx) => {
    const guest = await lockOrNotFound(tx, guestId);
    const restrictions = [
      ...guest.restrictions.filter((r) => r.type !== input.type),
      { type: input.type, reason: input.reason, since: now.toISOString(), by: ctx.identity.name },
    ];
    await writeGuest(tx, guest.id, { restrictions, updatedAt: now });
    await emitUpdated(deps, tx, ctx, guest.id, ['restrictions'], now);
    return Object.assign(guest, { restrictions });
  });
}

export async function liftRestriction(deps: GuestsDeps, ctx: RequestContext, guestId: string, type: string) {
  const now = deps.rt.clock.now();
  return deps.rt.bus.transact(async (tx) => {
    const guest = await lockOrNotFound(tx, guestId);
    const restrictions = guest.restrictions.filter((r) => r.type !== type);
    if (restrictions.length === guest.restrictions.length) return guest;
    await writeGuest(tx, guest.id, { restrictions, updatedAt: now });
    await emitUpdated(deps, tx, ctx, guest.id, ['restrictions'], now);
    return Object.assign(guest, { restrictions });
  });
}

export async function setMarketingConsent(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  input: { channel: string; granted: boolean; source: string },
) {
  const now = deps.rt.clock.now();
  return deps.rt.bus.transact(async (tx) => {
    const guest = await lockOrNotFound(tx, guestId);
    await recordConsents(
      tx,
      guest.id,
      [{ ...input, purpose: 'MARKETING', noticeVersion: UNVERSIONED_NOTICE }],
      ctx.identity.sub,
      now,
    );
    await recordTimelineEntry(tx, {
      guestId: guest.id,
      at: now,
      key: `guests:consent:${guest.id}:${input.channel}:${now.toISOString()}`,
      ...guestLine.consent(input.channel, input.granted),
    });
    await emitUpdated(deps, tx, ctx, guest.id, [`marketingConsent.${input.channel}`], now);
    return guest;
  });
}

/** One answer into the consent ledger, under any purpose. */
export async function recordConsent(deps: GuestsDeps, ctx: RequestContext, guestId: string, input: ConsentInput) {
  const now = deps.rt.clock.now();
  return deps.rt.bus.transact(async (tx) => {
    const guest = await lockOrNotFound(tx, guestId);
    // An erased guest is no one: an answer recorded now would belong to nobody who could have given it.
    if (guest.erasedAt) throw invalidState('This guest has been erased', { guestId });
    const [row] = await recordConsents(tx, guest.id, [input], ctx.identity.sub, now);
    await emitUpdated(
      deps,
      tx,
      ctx,
      guest.id,
      [`consent.${input.purpose}${input.channel ? `.${input.channel}` : ''}`],
      now,
    );
    return row!;
  });
}
