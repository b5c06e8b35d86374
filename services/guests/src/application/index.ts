import type { Producer, timeline } from '@guest-graph/events';
import type { RequestContext, Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { Charges, CheckIn } from '../domain/check-in.js';
import type { ConsentInput } from '../domain/consent.js';
import type { RegisterGuest } from '../domain/guest-profile.js';
import type { PreparationArea, ReservationCheckIn, Reserve } from '../domain/reservation.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import type { GuestValueFilter } from '../persistence/guest-value.repository.js';
import { careLists } from './care-lists.js';
import { checkIn } from './check-in.js';
import { checkOut, type RestPaidBy } from './check-out.js';
import { followUpComplaint } from './complaint-follow-up.js';
import {
  guestDataRequest,
  guestsPart,
  reaskDataRequests,
  recordDataRequestAnswer,
  requestGuestData,
} from './data-requests.js';
import { depsFor, type GuestsDeps } from './deps.js';
import { recordEventNotes } from './event-notes.js';
import { lookUpGuests } from './guest-lookup.js';
import { likelyDuplicates, mergeGuests, purgeMergeSnapshots, unmergeGuests } from './guest-merge.js';
import {
  addRestriction,
  liftRestriction,
  type ProfileChange,
  recordConsent,
  setMarketingConsent,
  updateGuest,
} from './guest-profile.js';
import { registerGuest } from './guest-registration.js';
import { searchGuests } from './guest-search.js';
import { guestsByValue, refreshAllValues } from './guest-value.js';
import { idDocumentReveals, revealIdDocument } from './id-document-reveal.js';
import { pruneNameDictionary } from './name-dictionary.js';
import {
  arrivalsPage,
  careListPage,
  followUpsPage,
  greetingRecipientsPage,
  guestsByValuePage,
  guestsChangedPage,
  idDocumentRevealsPage,
  identifierSearchesPage,
  reservationsByArrivalPage,
  staysCheckedOutPage,
  staysForExportPage,
  themedEventInvitationsPage,
} from './pages.js';
import { type Recorder, recordObservation, recordPreference } from './preferences.js';
import {
  noteAccountReport,
  noteMemberTier,
  noteStayCase,
  noteStayPoints,
  revenueByValueAndMemberTier,
} from './reporting.js';
import { checkInReservation, closeBooking, markPreparationDone, preparationList, reserveRoom } from './reservations.js';
import { backfillStayReport } from './stay-report-backfill.js';
import {
  accountHistory,
  backfillGuestTimelines,
  fileNotedLines,
  forgetGuest,
  type GuestLine,
  guestTimelinePage,
  recordTimelineEntry,
} from './timeline.js';

export type { GuestsDeps, GuestsSettings } from './deps.js';

/**
 * The guests service's use cases, bound once to a running service. Resolvers and consumers translate a
 * request or a message into one of these calls; the calls own transactions, rules and events.
 */
function build(deps: GuestsDeps) {
  const care = careLists(deps);
  return {
    ...deps,
    care,
    checkIn: (ctx: RequestContext, input: CheckIn, guest: GuestEntity) => checkIn(deps, ctx, input, guest),
    checkOut: (ctx: RequestContext, stayId: string, charges: Charges, restPaidBy: RestPaidBy = null) =>
      checkOut(deps, ctx, stayId, charges, restPaidBy),
    reserveRoom: (ctx: RequestContext, input: Reserve, guest: GuestEntity) => reserveRoom(deps, ctx, input, guest),
    cancelReservation: (ctx: RequestContext, id: string, reason: string | null) =>
      closeBooking(deps, ctx, id, 'CANCELLED', reason),
    markReservationNoShow: (ctx: RequestContext, id: string) => closeBooking(deps, ctx, id, 'NO_SHOW', null),
    checkInReservation: (
      ctx: RequestContext,
      id: string,
      given: ReservationCheckIn,
      guestOf: (guestId: string) => Promise<GuestEntity | null>,
    ) => checkInReservation(deps, ctx, id, given, guestOf),
    preparationList: (day?: string | null, area?: PreparationArea | null) => preparationList(deps, day, area),
    markPreparationDone: (ctx: RequestContext, itemId: string) => markPreparationDone(deps, ctx, itemId),
    followUpComplaint: (tx: EntityManager, complaint: Parameters<typeof followUpComplaint>[2]) =>
      followUpComplaint(deps, tx, complaint),
    recordEventNotes: (tx: EntityManager, shared: Parameters<typeof recordEventNotes>[2], requestId?: string) =>
      recordEventNotes(deps, tx, shared, requestId),
    lookUpGuests: (ids: string[], stayIds?: string[] | null) => lookUpGuests(deps, ids, stayIds),
    likelyDuplicates: (guestId: string, first?: number | null) => likelyDuplicates(deps, guestId, first),
    mergeGuests: (ctx: RequestContext, survivorId: string, duplicateId: string, dryRun: boolean) =>
      mergeGuests(deps, ctx, survivorId, duplicateId, dryRun),
    unmergeGuests: (ctx: RequestContext, mergeId: string) => unmergeGuests(deps, ctx, mergeId),
    registerGuest: (ctx: RequestContext, input: RegisterGuest) => registerGuest(deps, ctx, input),
    searchGuests: (ctx: RequestContext, text: string, first?: number | null) => searchGuests(deps, ctx, text, first),
    updateGuest: (ctx: RequestContext, guestId: string, change: ProfileChange) =>
      updateGuest(deps, ctx, guestId, change),
    addRestriction: (ctx: RequestContext, guestId: string, input: { type: string; reason: string }) =>
      addRestriction(deps, ctx, guestId, input),
    liftRestriction: (ctx: RequestContext, guestId: string, type: string) => liftRestriction(deps, ctx, guestId, type),
    setMarketingConsent: (
      ctx: RequestContext,
      guestId: string,
      input: { channel: string; granted: boolean; source: string },
    ) => setMarketingConsent(deps, ctx, guestId, input),
    recordConsent: (ctx: RequestContext, guestId: string, input: ConsentInput) =>
      recordConsent(deps, ctx, guestId, input),
    recordPreference: (
      ctx: RequestContext,
      guestId: string,
      input: Parameters<typeof recordPreference>[3],
      by: Recorder,
    ) => recordPreference(deps, ctx, guestId, input, by),
    recordObservation: (
      ctx: RequestContext,
      guestId: string,
      input: Parameters<typeof recordObservation>[3],
      by: Recorder,
    ) => recordObservation(deps, ctx, guestId, input, by),
    revealIdDocument: (ctx: RequestContext, guestId: string, reason: string) =>
      revealIdDocument(deps, ctx, guestId, reason),
    idDocumentReveals: (guestId?: string | null, first?: number | null) => idDocumentReveals(deps, guestId, first),
    refreshAllValues: () => refreshAllValues(deps),
    followUpsPage: (filter: Parameters<typeof followUpsPage>[1], first?: number | null, after?: string | null) =>
      followUpsPage(deps, filter, first, after),
    guestsByValuePage: (filter: GuestValueFilter, first?: number | null, after?: string | null) =>
      guestsByValuePage(deps, filter, first, after),
    careListPage: (window: { from: string; to: string }, first?: number | null, after?: string | null) =>
      careListPage(care, window, first, after),
    staysCheckedOutPage: (range: { from: string; to: string }, first?: number | null, after?: string | null) =>
      staysCheckedOutPage(deps, range, first, after),
    staysForExportPage: (range: { from: string; to: string }, first?: number | null, after?: string | null) =>
      staysForExportPage(deps, range, first, after),
    guestsChangedPage: (changedSince: string | null, first?: number | null, after?: string | null) =>
      guestsChangedPage(deps, changedSince, first, after),
    arrivalsPage: (day?: string | null, first?: number | null, after?: string | null) =>
      arrivalsPage(deps, day, first, after),
    reservationsByArrivalPage: (
      range: Parameters<typeof reservationsByArrivalPage>[1],
      first?: number | null,
      after?: string | null,
    ) => reservationsByArrivalPage(deps, range, first, after),
    greetingRecipientsPage: (channel: string, first?: number | null, after?: string | null) =>
      greetingRecipientsPage(deps, channel, first, after),
    themedEventInvitationsPage: (
      filter: Parameters<typeof themedEventInvitationsPage>[1],
      first?: number | null,
      after?: string | null,
    ) => themedEventInvitationsPage(deps, filter, first, after),
    idDocumentRevealsPage: (guestId?: string | null, first?: number | null, after?: string | null) =>
      idDocumentRevealsPage(deps, guestId, first, after),
    identifierSearchesPage: (staffId?: string | null, first?: number | null, after?: string | null) =>
      identifierSearchesPage(deps, staffId, first, after),
    guestsByValue: (filter: GuestValueFilter, after: string | null, limit: number) =>
      guestsByValue(deps, filter, after, limit),
    pruneNameDictionary: () => pruneNameDictionary(deps),
    requestGuestData: (ctx: RequestContext, guestId: string, kind: 'EXPORT' | 'ERASURE', reason: string) =>
      requestGuestData(deps, ctx, guestId, kind, reason),
    guestDataRequest: (id: string) => guestDataRequest(deps, id),
    recordDataRequestAnswer: (tx: EntityManager, answer: Parameters<typeof recordDataRequestAnswer>[2]) =>
      recordDataRequestAnswer(deps, tx, answer),
    reaskDataRequests: () => reaskDataRequests(deps),
    purgeMergeSnapshots: () => purgeMergeSnapshots(deps),
    guestsPart: guestsPart(deps),
    recordTimelineEntry: (tx: EntityManager, line: GuestLine) => recordTimelineEntry(tx, line),
    fileNotedLines: (tx: EntityManager, source: Producer, entries: timeline.TimelineEntry[]) =>
      fileNotedLines(tx, source, entries),
    guestTimelinePage: (ctx: RequestContext, guestId: string, first?: number | null, after?: string | null) =>
      guestTimelinePage(deps, ctx, guestId, first, after),
    /** For erasure: blanks what is guest-specific on the guest's timeline lines. */
    forgetGuest: (guestId: string, tx?: EntityManager) => forgetGuest(deps, guestId, tx),
    backfillTimelines: () => backfillGuestTimelines(deps),
    accountTimelineHistory: (after: string | null, limit: number) => accountHistory(deps, after, limit),
    noteMemberTier,
    noteStayPoints,
    noteStayCase,
    noteAccountReport,
    backfillStayReport: (pageSize?: number) => backfillStayReport(deps, pageSize),
    revenueByValueAndMemberTier: (from: string, to: string) => revenueByValueAndMemberTier(deps, from, to),
  };
}

export type GuestsApp = ReturnType<typeof build>;

const apps = new WeakMap<Runtime, GuestsApp>();

/** The application of one running service, built on first use (one vault, one set of settings). */
export function appFor(rt: Runtime): GuestsApp {
  let app = apps.get(rt);
  if (!app) {
    app = build(depsFor(rt));
    apps.set(rt, app);
  }
  return app;
}
