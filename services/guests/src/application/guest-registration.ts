import { randomUUID } from 'node:crypto';
import { PG, pgCode } from '@guest-graph/db';
import { guests as events } from '@guest-graph/events';
import { type RequestContext, requestKey } from '@guest-graph/subgraph-kit';
import { UNVERSIONED_NOTICE } from '../domain/consent.js';
import {
  contactList,
  isVip,
  MARKETING_CHANNELS,
  phoneDigits,
  type RegisterGuest,
  searchName,
} from '../domain/guest-profile.js';
import { guestLine } from '../domain/timeline.js';
import { GuestEntity } from '../persistence/guest.entity.js';
import {
  addEmails,
  addPhones,
  findDocumentOwner,
  guestById,
  insertGuest,
  recordConsents,
} from '../persistence/guest.repository.js';
import { guestsRequests } from '../persistence/request-once.repository.js';
import type { GuestsDeps } from './deps.js';
import { duplicateGuest } from './guest-profile.js';
import { recordTimelineEntry } from './timeline.js';

/**
 * Registers a guest at the desk: the profile, its contacts and consent, and `guest.registered`, together. The
 * same `requestId` again from the same caller answers with the guest the first one registered.
 */
export async function registerGuest(deps: GuestsDeps, ctx: RequestContext, input: RegisterGuest): Promise<GuestEntity> {
  const { rt, vault } = deps;
  const once = requestKey(ctx.identity.sub, 'registerGuest', input.requestId);
  const now = rt.clock.now();
  const id = randomUUID();
  const doc = input.idDocument
    ? { type: input.idDocument.type, index: vault.blindIndex(input.idDocument.number), number: input.idDocument.number }
    : null;

  const guest = Object.assign(new GuestEntity(), {
    id,
    fullName: input.fullName,
    latinName: input.latinName ?? null,
    searchName: searchName(input.fullName, input.latinName),
    gender: input.gender ?? null,
    birthDate: input.birthDate ?? null,
    anniversaryDate: input.anniversaryDate ?? null,
    nationality: input.nationality ?? null,
    segment: input.segment ?? null,
    vip: isVip(input.vip, input.vipLevel),
    vipLevel: input.vipLevel ?? null,
    idDocType: doc?.type ?? null,
    idDocCipher: doc ? vault.encrypt(doc.number, id) : null,
    idDocIndex: doc?.index ?? null,
    idDocLast4: doc ? doc.number.slice(-4) : null,
    idDocLength: doc ? doc.number.length : null,
    address: input.address ?? null,
    employer: input.employer ?? null,
    restrictions: [],
    tags: [...new Set(input.tags ?? [])],
    notes: input.notes ?? null,
    mergedInto: null,
    registeredBy: ctx.identity.sub,
    registeredAt: now,
    updatedAt: now,
    erasedAt: null,
  } satisfies GuestEntity);

  let earlier: string | null = null;
  try {
    earlier = await rt.bus.transact(async (tx) => {
      const first = once ? await guestsRequests.claim(tx, once) : null;
      if (first) return first;
      if (doc) {
        const existing = await findDocumentOwner(tx, doc.type, doc.index);
        if (existing) throw duplicateGuest(existing);
      }
      await insertGuest(tx, guest);
      const phones = contactList(input.phone, input.otherPhones, phoneDigits);
      await addPhones(
        tx,
        id,
        phones.map((p) => ({ number: p.value, digits: p.key, isPrimary: p.primary })),
        now,
      );
      const emails = contactList(input.email, input.otherEmails, (e) => e.toLowerCase());
      await addEmails(
        tx,
        id,
        emails.map((e) => ({ address: e.value, addressLower: e.key, isPrimary: e.primary })),
        now,
      );
      const consents = new Map<string, boolean>();
      if (input.marketingConsent != null) for (const c of MARKETING_CHANNELS) consents.set(c, input.marketingConsent);
      for (const c of input.consents ?? []) consents.set(c.channel, c.granted);
      await recordConsents(
        tx,
        id,
        [...consents].map(([channel, granted]) => ({
          purpose: 'MARKETING',
          channel,
          granted,
          noticeVersion: UNVERSIONED_NOTICE,
          source: 'REGISTRATION',
        })),
        ctx.identity.sub,
        now,
      );
      await recordTimelineEntry(tx, {
        guestId: id,
        at: now,
        key: `guests:registered:${id}`,
        ...guestLine.registered(),
      });
      await rt.bus.emit(
        tx,
        events.guestRegistered,
        {
          guestId: id,
          segment: guest.segment,
          vip: guest.vip,
          registeredAt: now.toISOString(),
        },
        { requestId: ctx.requestId },
      );
      if (once) await guestsRequests.settle(tx, once, id);
      return null;
    });
  } catch (e) {
    // Two desks registering the same document at once: the index refuses the second, as a duplicate.
    if (doc && pgCode(e) === PG.UNIQUE_VIOLATION) {
      const existing = await findDocumentOwner(rt.dataSource.manager, doc.type, doc.index);
      if (existing) throw duplicateGuest(existing);
    }
    throw e;
  }
  if (earlier) return guestById(rt.dataSource.manager, earlier);
  ctx.logger.info({ guestId: id }, 'guest registered');
  return guest;
}
