import {
  canSee,
  daysBetween,
  fromCents,
  guarded,
  guardedField,
  pageOf,
  parseInput,
  type RequestContext,
  toCents,
} from '@guest-graph/subgraph-kit';
import type { GuestsDeps } from '../application/deps.js';
import type { GuestsApp } from '../application/index.js';
import { stayCursor, stayHistoryRequest } from '../application/pages.js';
import {
  CONTACT_READERS,
  FRONT_DESK,
  ID_DOCUMENT_READERS,
  SENSITIVE_READERS,
  STAFF_BUT_ANALYST,
  TIMELINE_READERS,
} from '../domain/access.js';
import { MARKETING_CHANNELS, registerGuestSchema } from '../domain/guest-profile.js';
import { maskDocumentNumber } from '../domain/id-document.js';
import { isSensitive, isStale } from '../domain/preferences.js';
import { GuestEntity } from '../persistence/guest.entity.js';
import type { PreferenceEntity } from '../persistence/preference.entity.js';
import { loaders } from './loaders.js';

/** Follows merges to the live profile (a merged-away id still finds its guest at the desk). */
export async function liveGuest(ctx: RequestContext, deps: GuestsDeps, id: string): Promise<GuestEntity | null> {
  const load = loaders(ctx, deps.rt.dataSource).guest;
  let guest = await load.load(id);
  for (let hops = 0; guest?.mergedInto && hops < 5; hops++) guest = await load.load(guest.mergedInto);
  return guest;
}

// The older marketing fields speak of the channels they always had (WECHAT came with the ledger).
const isMarketingAnswer = (c: { purpose: string; channel: string | null }) =>
  c.purpose === 'MARKETING' && (MARKETING_CHANNELS as readonly (string | null)[]).includes(c.channel);

export const preferenceVisible = (ctx: RequestContext, p: PreferenceEntity) =>
  !p.sensitive || canSee(ctx, SENSITIVE_READERS);

export function guestResolvers(app: GuestsApp) {
  const { rt } = app;
  const ds = rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);

  return {
    Query: {
      guest: (_: unknown, { id }: { id: string }, ctx: RequestContext) => liveGuest(ctx, app, id),
      searchGuests: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { text: string; first?: number | null }, ctx) => {
          const ids = await app.searchGuests(ctx, args.text, args.first);
          const guests = await L(ctx).guest.loadMany(ids);
          return guests.filter((g): g is GuestEntity => g instanceof GuestEntity);
        },
      ),
    },
    Mutation: {
      registerGuest: guarded(FRONT_DESK, (_: unknown, { input }: { input: unknown }, ctx) =>
        app.registerGuest(ctx, parseInput(registerGuestSchema(rt.clock.today()), input, 'input')),
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
      // Free text, but a non-null list: ANALYST gets it empty rather than a null that would blank the guest.
      tags: (g: GuestEntity, _: unknown, ctx: RequestContext) => (canSee(ctx, STAFF_BUT_ANALYST) ? g.tags : []),
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
        (await L(ctx).consents.load(g.id)).filter(isMarketingAnswer),
      marketingConsentHistory: async (g: GuestEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).consentHistory.load(g.id)).filter(isMarketingAnswer),
      consents: (g: GuestEntity, _: unknown, ctx: RequestContext) => L(ctx).consents.load(g.id),
      consentHistory: (g: GuestEntity, _: unknown, ctx: RequestContext) => L(ctx).consentHistory.load(g.id),
      preferences: async (g: GuestEntity, args: { includeStale?: boolean }, ctx: RequestContext) => {
        const prefs = (await L(ctx).preferences.load(g.id)).filter((p) => preferenceVisible(ctx, p));
        if (args.includeStale !== false) return prefs;
        return prefs.filter((p) => !isStale(p.lastConfirmedAt, rt.clock.now(), app.settings.preferenceStaleDays));
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
      timeline: guarded(
        TIMELINE_READERS,
        (g: GuestEntity, args: { first?: number | null; after?: string | null }, ctx: RequestContext) =>
          app.guestTimelinePage(ctx, g.id, args.first, args.after),
      ),
      stayHistory: guarded(
        STAFF_BUT_ANALYST,
        async (g: GuestEntity, args: { first?: number | null; after?: string | null }, ctx: RequestContext) => {
          const req = stayHistoryRequest(args.first, args.after);
          const rows = await L(ctx)
            .stayPages(req.after, req.size + 1)
            .load(g.id);
          return pageOf(rows, req.size, stayCursor);
        },
      ),
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
