import { randomUUID } from 'node:crypto';
import { PG, pgCode } from '@guest-graph/db';
import { guests as events } from '@guest-graph/events';
import { canSee, forbidden, guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { GuestsDeps } from '../application/deps.js';
import { ID_DOCUMENT_READERS, MANAGERS, PROFILE_EDITORS, STAFF_BUT_ANALYST } from '../domain/access.js';
import {
  contactList,
  emailSchema,
  idDocumentSchema,
  MARKETING_CHANNELS,
  phoneDigits,
  phoneSchema,
  RESTRICTION_TYPES,
  searchName,
  type UpdateGuest,
  updateGuestSchema,
} from '../domain/guest-profile.js';
import { multiLine, singleLine } from '../domain/text.js';
import {
  GuestEmailEntity,
  GuestEntity,
  GuestPhoneEntity,
  MarketingConsentEntity,
} from '../persistence/guest.entity.js';
import { duplicateGuest, findDocumentOwner, liveGuest } from './guest.resolver.js';

/**
 * Keeping a profile current: the fields, the contact lists with one primary each, restriction flags with a
 * reason, and marketing consent per channel with how it was given or withdrawn. Each change publishes
 * `guest.updated` naming the fields, so other services refresh what they copy.
 */
const contactsSchema = z.object({
  phones: z
    .array(z.object({ number: phoneSchema, primary: z.boolean().nullish() }))
    .max(10)
    .nullish(),
  emails: z
    .array(z.object({ address: emailSchema, primary: z.boolean().nullish() }))
    .max(10)
    .nullish(),
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

async function lockGuest(tx: EntityManager, id: string): Promise<GuestEntity> {
  const rows: { id: string }[] = await tx.query(
    'SELECT id FROM guests.guest WHERE id = $1 AND merged_into IS NULL FOR UPDATE',
    [id],
  );
  if (!rows.length) throw notFound('Guest', id);
  return tx.findOneByOrFail(GuestEntity, { id });
}

/** Primary first: the one flagged, else the first given. */
const ordered = <T extends { primary?: boolean | null }>(list: T[]) => {
  const i = list.findIndex((c) => c.primary);
  return i > 0 ? [list[i]!, ...list.slice(0, i), ...list.slice(i + 1)] : list;
};

async function updateGuest(deps: GuestsDeps, ctx: RequestContext, guestId: string, raw: Record<string, unknown>) {
  const { rt, vault } = deps;
  const { phones, emails, idDocument, ...fields } = raw as {
    phones?: unknown;
    emails?: unknown;
    idDocument?: unknown;
  } & Record<string, unknown>;
  const input: UpdateGuest = parseInput(updateGuestSchema(rt.clock.today()), fields, 'input');
  const contacts = parseInput(contactsSchema, { phones, emails }, 'input');
  const doc =
    idDocument === undefined
      ? undefined
      : parseInput(z.object({ idDocument: idDocumentSchema.nullable() }), { idDocument }, 'input').idDocument;
  if (doc !== undefined && !canSee(ctx, ID_DOCUMENT_READERS))
    throw forbidden('Only FRONT_OFFICE and MANAGER set documents');
  const live = await liveGuest(ctx, deps, guestId);
  if (!live) throw notFound('Guest', guestId);
  const now = rt.clock.now();
  try {
    return await rt.bus.transact(async (tx) => {
      const guest = await lockGuest(tx, live.id);
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
      if (contacts.phones) {
        await tx.delete(GuestPhoneEntity, { guestId: guest.id });
        const list = contactList(
          null,
          ordered(contacts.phones).map((p) => p.number),
          phoneDigits,
        );
        if (list.length)
          await tx.insert(
            GuestPhoneEntity,
            list.map((p) => ({
              id: randomUUID(),
              guestId: guest.id,
              number: p.value,
              digits: p.key,
              isPrimary: p.primary,
              addedAt: now,
            })),
          );
        changed.push('phones');
      }
      if (contacts.emails) {
        await tx.delete(GuestEmailEntity, { guestId: guest.id });
        const list = contactList(
          null,
          ordered(contacts.emails).map((e) => e.address),
          (e) => e.toLowerCase(),
        );
        if (list.length)
          await tx.insert(
            GuestEmailEntity,
            list.map((e) => ({
              id: randomUUID(),
              guestId: guest.id,
              address: e.value,
              addressLower: e.key,
              isPrimary: e.primary,
              addedAt: now,
            })),
          );
        changed.push('emails');
      }
      if (!changed.length) return guest;
      await tx.update(GuestEntity, { id: guest.id }, { ...patch, updatedAt: now });
      await rt.bus.emit(
        tx,
        events.guestUpdated,
        { guestId: guest.id, changedFields: changed, updatedAt: now.toISOString() },
        { requestId: ctx.requestId },
      );
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

const restrictionSchema = z.object({
  type: z.enum(RESTRICTION_TYPES),
  reason: multiLine(500, 'A reason'),
});

const consentSchema = z.object({
  channel: z.enum(MARKETING_CHANNELS),
  granted: z.boolean(),
  source: singleLine(200, 'How consent was given or withdrawn'),
});

export function profileResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  const emitUpdated = (tx: EntityManager, ctx: RequestContext, guestId: string, fields: string[], now: Date) =>
    rt.bus.emit(
      tx,
      events.guestUpdated,
      { guestId, changedFields: fields, updatedAt: now.toISOString() },
      { requestId: ctx.requestId },
    );

  return {
    Mutation: {
      updateGuest: guarded(PROFILE_EDITORS, (_: unknown, args: { id: string; input: Record<string, unknown> }, ctx) =>
        updateGuest(deps, ctx, args.id, args.input),
      ),
      addGuestRestriction: guarded(
        PROFILE_EDITORS,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(restrictionSchema, args.input, 'input');
          const live = await liveGuest(ctx, deps, args.guestId);
          if (!live) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          return rt.bus.transact(async (tx) => {
            const guest = await lockGuest(tx, live.id);
            const restrictions = [
              ...guest.restrictions.filter((r) => r.type !== input.type),
              { type: input.type, reason: input.reason, since: now.toISOString(), by: ctx.identity.name },
            ];
            await tx.update(GuestEntity, { id: guest.id }, { restrictions, updatedAt: now });
            await emitUpdated(tx, ctx, guest.id, ['restrictions'], now);
            return Object.assign(guest, { restrictions });
          });
        },
      ),
      // Lifting a block is a manager's decision; anyone who edits profiles may raise one.
      liftGuestRestriction: guarded(
        MANAGERS,
        async (_: unknown, args: { guestId: string; type: string }, ctx: RequestContext) => {
          const live = await liveGuest(ctx, deps, args.guestId);
          if (!live) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          return rt.bus.transact(async (tx) => {
            const guest = await lockGuest(tx, live.id);
            const restrictions = guest.restrictions.filter((r) => r.type !== args.type);
            if (restrictions.length === guest.restrictions.length) return guest;
            await tx.update(GuestEntity, { id: guest.id }, { restrictions, updatedAt: now });
            await emitUpdated(tx, ctx, guest.id, ['restrictions'], now);
            return Object.assign(guest, { restrictions });
          });
        },
      ),
      setMarketingConsent: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(consentSchema, args.input, 'input');
          const live = await liveGuest(ctx, deps, args.guestId);
          if (!live) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          return rt.bus.transact(async (tx) => {
            const guest = await lockGuest(tx, live.id);
            await tx.insert(MarketingConsentEntity, {
              id: randomUUID(),
              guestId: guest.id,
              channel: input.channel,
              granted: input.granted,
              source: input.source,
              recordedBy: ctx.identity.sub,
              recordedAt: now,
            });
            await emitUpdated(tx, ctx, guest.id, [`marketingConsent.${input.channel}`], now);
            return guest;
          });
        },
      ),
    },
  };
}
