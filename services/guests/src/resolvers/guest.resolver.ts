import { randomUUID } from 'node:crypto';
import { PG, pgCode } from '@guest-graph/db';
import { guests as events } from '@guest-graph/events';
import {
  canSee,
  DomainError,
  daysBetween,
  fromCents,
  guarded,
  guardedField,
  parseInput,
  type RequestContext,
  toCents,
} from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { GuestsDeps } from '../application/deps.js';
import { CONTACT_READERS, FRONT_DESK, ID_DOCUMENT_READERS, STAFF_BUT_ANALYST } from '../domain/access.js';
import {
  contactList,
  isVip,
  MARKETING_CHANNELS,
  phoneDigits,
  type RegisterGuest,
  registerGuestSchema,
  searchName,
} from '../domain/guest-profile.js';
import { planSearch } from '../domain/guest-search.js';
import { maskDocumentNumber } from '../domain/id-document.js';
import { isSensitive, isStale, SENSITIVE_READERS } from '../domain/preferences.js';
import {
  GuestEmailEntity,
  GuestEntity,
  GuestPhoneEntity,
  MarketingConsentEntity,
} from '../persistence/guest.entity.js';
import type { PreferenceEntity } from '../persistence/preference.entity.js';
import { searchGuestIds } from '../persistence/search.js';
import { loaders } from './loaders.js';

/** Follows merges to the live profile (a merged-away id still finds its guest at the desk). */
export async function liveGuest(ctx: RequestContext, deps: GuestsDeps, id: string): Promise<GuestEntity | null> {
  const load = loaders(ctx, deps.rt.dataSource).guest;
  let guest = await load.load(id);
  for (let hops = 0; guest?.mergedInto && hops < 5; hops++) guest = await load.load(guest.mergedInto);
  return guest;
}

export async function findDocumentOwner(tx: EntityManager, type: string, index: string): Promise<string | null> {
  const rows: { id: string }[] = await tx.query(
    'SELECT id FROM guests.guest WHERE id_doc_type = $1 AND id_doc_index = $2 AND merged_into IS NULL',
    [type, index],
  );
  return rows[0]?.id ?? null;
}

export const duplicateGuest = (existingGuestId: string) =>
  new DomainError('DUPLICATE_GUEST', 'A guest with this identity document is already registered', {
    existingGuestId,
  });

async function registerGuest(deps: GuestsDeps, ctx: RequestContext, raw: unknown): Promise<GuestEntity> {
  const { rt, vault } = deps;
  const input: RegisterGuest = parseInput(registerGuestSchema(rt.clock.today()), raw, 'input');
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
  } satisfies GuestEntity);

  try {
    await rt.bus.transact(async (tx) => {
      if (doc) {
        const existing = await findDocumentOwner(tx, doc.type, doc.index);
        if (existing) throw duplicateGuest(existing);
      }
      await tx.insert(GuestEntity, guest);
      const phones = contactList(input.phone, input.otherPhones, phoneDigits);
      if (phones.length)
        await tx.insert(
          GuestPhoneEntity,
          phones.map((p) => ({
            id: randomUUID(),
            guestId: id,
            number: p.value,
            digits: p.key,
            isPrimary: p.primary,
            addedAt: now,
          })),
        );
      const emails = contactList(input.email, input.otherEmails, (e) => e.toLowerCase());
      if (emails.length)
        await tx.insert(
          GuestEmailEntity,
          emails.map((e) => ({
            id: randomUUID(),
            guestId: id,
            address: e.value,
            addressLower: e.key,
            isPrimary: e.primary,
            addedAt: now,
          })),
        );
      const consents = new Map<string, boolean>();
      if (input.marketingConsent != null) for (const c of MARKETING_CHANNELS) consents.set(c, input.marketingConsent);
      for (const c of input.consents ?? []) consents.set(c.channel, c.granted);
      if (consents.size)
        await tx.insert(
          MarketingConsentEntity,
          [...consents].map(([channel, granted]) => ({
            id: randomUUID(),
            guestId: id,
            channel,
            granted,
            source: 'REGISTRATION',
            recordedBy: ctx.identity.sub,
            recordedAt: now,
          })),
        );
      await rt.bus.emit(
        tx,
        events.guestRegistered,
        {
          guestId: id,
          fullName: guest.fullName,
          segment: guest.segment,
          vip: guest.vip,
          employer: guest.employer,
          registeredAt: now.toISOString(),
        },
        { requestId: ctx.requestId },
      );
    });
  } catch (e) {
    // Two desks registering the same document at once: the index refuses the second, as a duplicate.
    if (doc && pgCode(e) === PG.UNIQUE_VIOLATION) {
      const existing = await findDocumentOwner(rt.dataSource.manager, doc.type, doc.index);
      if (existing) throw duplicateGuest(existing);
    }
    throw e;
  }
  ctx.logger.info({ guestId: id }, 'guest registered');
  return guest;
}

export const preferenceVisible = (ctx: RequestContext, p: PreferenceEntity) =>
  !p.sensitive || canSee(ctx, SENSITIVE_READERS);

export function guestResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  const ds = rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);

  return {
    Query: {
      guest: (_: unknown, { id }: { id: string }, ctx: RequestContext) => liveGuest(ctx, deps, id),
      searchGuests: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { text: string; first?: number | null }, ctx) => {
          const plan = planSearch(args.text, args.first);
          const index = plan.documentNumber ? deps.vault.blindIndex(plan.documentNumber) : null;
          const hits = await searchGuestIds(ds, plan, index);
          const guests = await L(ctx).guest.loadMany(hits.map((h) => h.id));
          return guests.filter((g): g is GuestEntity => g instanceof GuestEntity);
        },
      ),
    },
    Mutation: {
      registerGuest: guarded(FRONT_DESK, (_: unknown, { input }: { input: unknown }, ctx) =>
        registerGuest(deps, ctx, input),
      ),
    },
    Guest: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => L(ctx).guest.load(ref.id),
      fullName: guardedField(STAFF_BUT_ANALYST, 'fullName'),
      latinName: guardedField(STAFF_BUT_ANALYST, 'latinName'),
      birthDate: guardedField(CONTACT_READERS, 'birthDate'),
      anniversaryDate: guardedField(CONTACT_READERS, 'anniversaryDate'),
      address: guardedField(CONTACT_READERS, 'address'),
      employer: guardedField(STAFF_BUT_ANALYST, 'employer'),
      notes: guardedField(STAFF_BUT_ANALYST, 'notes'),
      restrictions: guardedField(STAFF_BUT_ANALYST, 'restrictions'),
      phone: guarded(CONTACT_READERS, async (g: GuestEntity, _: unknown, ctx: RequestContext) => {
        const phones = await L(ctx).phones.load(g.id);
        return phones.find((p) => p.isPrimary)?.number ?? null;
      }),
      email: guarded(CONTACT_READERS, async (g: GuestEntity, _: unknown, ctx: RequestContext) => {
        const emails = await L(ctx).emails.load(g.id);
        return emails.find((e) => e.isPrimary)?.address ?? null;
      }),
      phones: guarded(CONTACT_READERS, async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).phones.load(g.id)).map((p) => ({ number: p.number, primary: p.isPrimary })),
      ),
      emails: guarded(CONTACT_READERS, async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).emails.load(g.id)).map((e) => ({ address: e.address, primary: e.isPrimary })),
      ),
      idDocument: guarded(ID_DOCUMENT_READERS, (g: GuestEntity) =>
        g.idDocType && g.idDocLast4
          ? { type: g.idDocType, maskedNumber: maskDocumentNumber(g.idDocLast4, g.idDocLength ?? 18) }
          : null,
      ),
      marketingConsent: async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).consents.load(g.id)).map((c) => ({
          channel: c.channel,
          granted: c.granted,
          source: c.source,
          recordedAt: c.recordedAt,
        })),
      marketingConsentHistory: async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        L(ctx).consentHistory.load(g.id),
      preferences: async (g: GuestEntity, args: { includeStale?: boolean }, ctx: RequestContext) => {
        const prefs = (await L(ctx).preferences.load(g.id)).filter((p) => preferenceVisible(ctx, p));
        if (args.includeStale !== false) return prefs;
        return prefs.filter((p) => !isStale(p.lastConfirmedAt, rt.clock.now(), deps.settings.preferenceStaleDays));
      },
      preferenceHistory: async (g: GuestEntity, args: { category?: string | null }, ctx: RequestContext) =>
        (await L(ctx).preferenceHistory.load(g.id)).filter(
          (p) => preferenceVisible(ctx, p) && (!args.category || p.category === args.category),
        ),
      observations: guarded(STAFF_BUT_ANALYST, async (g: GuestEntity, _: unknown, ctx: RequestContext) => {
        const all = await L(ctx).observations.load(g.id);
        return canSee(ctx, SENSITIVE_READERS) ? all : all.filter((o) => !isSensitive(o.value, o.note));
      }),
      stays: async (g: GuestEntity, args: { last?: number | null }, ctx: RequestContext) => {
        const last = Math.min(100, Math.max(0, args.last ?? 5));
        return last ? L(ctx).stays(last).load(g.id) : [];
      },
      stayStatistics: async (g: GuestEntity, _: unknown, ctx: RequestContext) => {
        const s = await L(ctx).statistics.load(g.id);
        const nights = s?.nights ?? 0;
        const today = rt.clock.today();
        return {
          stays: s?.stays ?? 0,
          nights,
          totalSpend: s?.totalSpend ?? '0.00',
          averageDailyRate: s && nights ? adr(s.roomRevenue, nights) : null,
          firstStayDate: s?.firstStayDate ?? null,
          lastStayDate: s?.lastStayDate ?? null,
          daysSinceLastStay: s?.lastStayDate ? Math.max(0, daysBetween(s.lastStayDate, today)) : null,
        };
      },
      registeredAt: (g: GuestEntity) => g.registeredAt,
    },
  };
}

/** Room revenue per night, rounded half up to the cent, in integer arithmetic. */
function adr(roomRevenue: string, nights: number): string {
  const n = BigInt(nights);
  return fromCents((toCents(roomRevenue) * 2n + n) / (2n * n));
}
