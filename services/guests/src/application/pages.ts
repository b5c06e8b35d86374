import {
  badInput,
  daysBetween,
  decodeCursor,
  encodeCursor,
  isUuid,
  isValidDate,
  pageOf,
  pageSize,
} from '@guest-graph/subgraph-kit';
import { greetingRecipientPage, type InvitationMatch, invitationPage } from '../persistence/care.repository.js';
import { type GuestValueFilter, guestIdsByValue } from '../persistence/guest-value.repository.js';
import { identifierSearchPage } from '../persistence/identifier-search.repository.js';
import {
  arrivalPage,
  changedGuestPage,
  checkedOutStayCount,
  checkedOutStayPage,
  followUpPage,
  revealPage,
} from '../persistence/page.repository.js';
import { type ReservationStatus, reservationsArrivingPage } from '../persistence/reservation.repository.js';
import { stayExportPage } from '../persistence/stay-report.repository.js';
import { type CarePlace, careEntry, type careLists, careOrder } from './care-lists.js';
import type { GuestsDeps } from './deps.js';

/**
 * The guests service's connections: documented page sizes, keyset cursors (see the kit's `connection.ts`),
 * one statement per page.
 */
export const PAGE_SIZES = {
  followUps: { max: 200, fallback: 50 },
  guestsByValue: { max: 500, fallback: 100 },
  idDocumentReveals: { max: 200, fallback: 50 },
  identifierSearches: { max: 200, fallback: 50 },
  stayHistory: { max: 100, fallback: 20 },
  greetingRecipients: { max: 1000, fallback: 200 },
  invitations: { max: 1000, fallback: 200 },
  careList: { max: 500, fallback: 100 },
  staysCheckedOut: { max: 500, fallback: 100 },
  // Flat rows from one statement: a bigger page saves round trips through the gateway; 800 rows of all 23
  // fields is what the gateway's cost limit (20,000, a point per field per row) lets through.
  staysForExport: { max: 800, fallback: 500 },
  guestsChanged: { max: 500, fallback: 100 },
  arrivals: { max: 500, fallback: 100 },
  reservationsByArrival: { max: 500, fallback: 100 },
} as const;

/** The widest arrival-date range `reservationsByArrival` lists: a quarter, what a forecast looks at. */
export const RESERVATION_RANGE_MAX_DAYS = 92;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const notOurs = () => badInput('after', 'after: not a cursor of this list');

/** Decodes a cursor whose values must match `shape` (one pattern or check per value), else BAD_USER_INPUT. */
export function keyOf(after: string | null | undefined, shape: ((v: unknown) => boolean)[]): unknown[] | null {
  if (after == null) return null;
  const values = decodeCursor(after, 'after');
  if (values.length !== shape.length || !shape.every((ok, i) => ok(values[i]))) throw notOurs();
  return values;
}
const matches = (re: RegExp) => (v: unknown) => typeof v === 'string' && re.test(v);
const uuid = (v: unknown) => isUuid(v);

export async function followUpsPage(
  deps: GuestsDeps,
  filter: { status?: string | null; dueBy?: string | null; owner?: string | null },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.followUps);
  const key = keyOf(after, [matches(DATE), matches(INSTANT), uuid]);
  const rows = await followUpPage(
    deps.rt.dataSource,
    { status: filter.status ?? 'OPEN', dueBy: filter.dueBy ?? null, owner: filter.owner ?? null },
    key && { dueDate: String(key[0]), createdKey: String(key[1]), id: String(key[2]) },
    size + 1,
  );
  return pageOf(rows, size, (r) => encodeCursor([r.dueDate, r.createdKey, r.id]));
}

export async function guestsByValuePage(
  deps: GuestsDeps,
  filter: GuestValueFilter,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.guestsByValue);
  const key = keyOf(after, [uuid]);
  const ids = await guestIdsByValue(deps.rt.dataSource, filter, key ? String(key[0]) : null, size + 1);
  return pageOf(ids, size, (id) => encodeCursor([id]));
}

export async function idDocumentRevealsPage(
  deps: GuestsDeps,
  guestId: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.idDocumentReveals);
  const key = keyOf(after, [matches(INSTANT), uuid]);
  // Not a guest id (the empty string included): no such guest, so nothing was revealed.
  if (guestId != null && !isUuid(guestId)) return pageOf([], size, () => '');
  const rows = await revealPage(
    deps.rt.dataSource,
    guestId ?? null,
    key && { revealedKey: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  return pageOf(rows, size, (r) => encodeCursor([r.revealedKey, r.id]));
}

/**
 * The audit of searches by phone, email or document number, newest first: who searched, what kind of
 * identifier, whom it found (never the text). A probe that finds nobody is here too.
 */
export async function identifierSearchesPage(
  deps: GuestsDeps,
  staffId: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.identifierSearches);
  const key = keyOf(after, [matches(INSTANT), uuid]);
  const rows = await identifierSearchPage(
    deps.rt.dataSource,
    staffId || null,
    key && { searchedKey: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  return pageOf(rows, size, (r) => encodeCursor([r.searchedKey, r.id]));
}

/** The page request of a guest's stay history, checked once per request (the loader batches the guests). */
export function stayHistoryRequest(first: number | null | undefined, after: string | null | undefined) {
  const size = pageSize(first, PAGE_SIZES.stayHistory);
  const key = keyOf(after, [matches(DATE), matches(INSTANT), uuid]);
  return {
    size,
    after: key && { arrivalDate: String(key[0]), checkedInKey: String(key[1]), id: String(key[2]) },
  };
}

export const stayCursor = (s: { arrivalDate: string; checkedInKey: string; id: string }) =>
  encodeCursor([s.arrivalDate, s.checkedInKey, s.id]);

/** A page of a festival greeting's recipients on `channel`: their ids, VIPs first then by name. */
export async function greetingRecipientsPage(
  deps: GuestsDeps,
  channel: string,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.greetingRecipients);
  const key = keyOf(after, [(v) => typeof v === 'boolean', (v) => typeof v === 'string', uuid]) as
    | [boolean, string, string]
    | null;
  const rows = await greetingRecipientPage(
    deps.rt.dataSource,
    channel,
    key && { vip: key[0], fullName: key[1], id: key[2] },
    size + 1,
  );
  const page = pageOf(rows, size, (r) => encodeCursor([r.vip, r.fullName, r.id]));
  return { pageInfo: page.pageInfo, edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.id })) };
}

/** A page of the invitation list for a themed event, in the greeting list's order (VIPs first, then by name). */
export async function themedEventInvitationsPage(
  deps: GuestsDeps,
  filter: { channel: string; matches: InvitationMatch[]; segments: string[] | null },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.invitations);
  const key = keyOf(after, [(v) => typeof v === 'boolean', (v) => typeof v === 'string', uuid]) as
    | [boolean, string, string]
    | null;
  const rows = await invitationPage(
    deps.rt.dataSource,
    filter,
    key && { vip: key[0], fullName: key[1], id: key[2] },
    size + 1,
  );
  const page = pageOf(rows, size, (r) => encodeCursor([r.vip, r.fullName, r.id]));
  return { pageInfo: page.pageInfo, edges: page.edges.map((e) => ({ cursor: e.cursor, node: e.node.id })) };
}

/**
 * A page of the care list. Its order is computed from the rows (in house, arriving), so the window is ranked
 * whole (at most 62 days of birthdays and anniversaries) and the page starts right after the cursor's place:
 * an entry added before that place is not repeated, none after it is skipped.
 */
export async function careListPage(
  care: ReturnType<typeof careLists>,
  window: { from: string; to: string },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.careList);
  const str = (v: unknown) => typeof v === 'string';
  const key = keyOf(after, [(v) => v === 0 || v === 1 || v === 2, matches(DATE), str, uuid, str]);
  const place: CarePlace | null = key && {
    rank: Number(key[0]),
    date: String(key[1]),
    fullName: String(key[2]),
    guestId: String(key[3]),
    occasion: String(key[4]),
  };
  const entries = await care.careWindow(window.from, window.to);
  const rest = place ? entries.filter((e) => careOrder(e, place) > 0) : entries;
  const page = pageOf(rest.slice(0, size + 1), size, (e) =>
    encodeCursor([e.rank, e.date, e.fullName, e.guestId, e.occasion]),
  );
  return { pageInfo: page.pageInfo, edges: page.edges.map((e) => ({ cursor: e.cursor, node: careEntry(e.node) })) };
}

/**
 * A page of checked-out stays departing in [from, to] (contract README, "Reporting"), oldest departure first;
 * the cursor holds (departure date, id). `totalCount` counts the whole range, and only when it is asked for:
 * an export paging through a year asks once, not once per page.
 */
export async function staysCheckedOutPage(
  deps: GuestsDeps,
  range: { from: string; to: string },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.staysCheckedOut);
  if (range.to < range.from) throw badInput('to', 'to must not be before from');
  const key = keyOf(after, [matches(DATE), uuid]);
  const rows = await checkedOutStayPage(
    deps.rt.dataSource,
    range,
    key && { departureDate: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  const page = pageOf(rows, size, (s) => encodeCursor([s.departureDate, s.id]));
  let count: Promise<number> | null = null;
  return { ...page, totalCount: () => (count ??= checkedOutStayCount(deps.rt.dataSource, range)) };
}

/**
 * A page of BI's export of stays (issue 17): the stays of staysCheckedOut in the same keyset order, as flat rows
 * from the reporting copy, one statement a page; the count only when asked.
 */
export async function staysForExportPage(
  deps: GuestsDeps,
  range: { from: string; to: string },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.staysForExport);
  if (range.to < range.from) throw badInput('to', 'to must not be before from');
  const key = keyOf(after, [matches(DATE), uuid]);
  const rows = await stayExportPage(
    deps.rt.dataSource,
    range,
    key && { departureDate: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  const nodes = rows.slice(0, size);
  const last = nodes.at(-1);
  let count: Promise<number> | null = null;
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > size,
      endCursor: last ? encodeCursor([last.departureDate, last.stayId]) : null,
    },
    totalCount: () => (count ??= checkedOutStayCount(deps.rt.dataSource, range)),
  };
}

/**
 * A page of guests as BI copies them (issue 17), oldest change first: every guest changed at or after
 * `changedSince` (all when omitted); a merged or erased profile comes as a tombstone. The cursor holds (changed at, id).
 */
export async function guestsChangedPage(
  deps: GuestsDeps,
  changedSince: string | null,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.guestsChanged);
  const key = keyOf(after, [matches(INSTANT), uuid]);
  const rows = await changedGuestPage(
    deps.rt.dataSource,
    changedSince,
    key && { changedKey: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  const page = pageOf(rows, size, (r) => encodeCursor([r.changedKey, r.id]));
  return {
    pageInfo: page.pageInfo,
    edges: page.edges.map((e) => ({
      cursor: e.cursor,
      node: {
        guestId: e.node.id,
        tombstone: e.node.mergedInto != null || e.node.erased,
        mergedInto: e.node.mergedInto,
        changedAt: e.node.changedAt,
      },
    })),
  };
}

/**
 * A page of the arrivals list of `day` (the hotel's today when omitted): each stay that began that day
 * (ARRIVED), began before it and is still in house (IN_HOUSE), and each reservation still booked for the day
 * (EXPECTED, without a stay until check-in).
 */
export async function arrivalsPage(
  deps: GuestsDeps,
  day: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.arrivals);
  const key = keyOf(after, [(v) => typeof v === 'string', uuid]);
  const date = day ?? deps.rt.clock.today();
  const rows = await arrivalPage(
    deps.rt.dataSource,
    date,
    key && { roomKey: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  const page = pageOf(rows, size, (r) => encodeCursor([r.roomKey, r.id]));
  return {
    date,
    pageInfo: page.pageInfo,
    edges: page.edges.map(({ cursor, node: { stay, reservationId } }) => ({
      cursor,
      node: stay
        ? {
            status: stay.arrivalDate === date ? 'ARRIVED' : 'IN_HOUSE',
            stay,
            reservationId: stay.reservationId ?? null,
          }
        : { status: 'EXPECTED', stay: null, reservationId },
    })),
  };
}

/**
 * A page of the reservations arriving between two hotel dates (both included), earliest first, of one status or
 * all: the desk's and the departments' look ahead. The range runs forwards and spans at most
 * RESERVATION_RANGE_MAX_DAYS days, else BAD_USER_INPUT on `to`. The cursor holds (arrival date, id), so
 * reservations booked between two pages are neither repeated nor skip another.
 */
export async function reservationsByArrivalPage(
  deps: GuestsDeps,
  range: { from: string; to: string; status?: ReservationStatus | null },
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, PAGE_SIZES.reservationsByArrival);
  if (range.to < range.from) throw badInput('to', 'to must not be before from');
  if (daysBetween(range.from, range.to) >= RESERVATION_RANGE_MAX_DAYS)
    throw badInput('to', `to: at most ${RESERVATION_RANGE_MAX_DAYS} days from from`);
  // A real calendar date, not only its shape: the cursor's date is cast to a Postgres date.
  const key = keyOf(after, [isValidDate, uuid]);
  const rows = await reservationsArrivingPage(
    deps.rt.dataSource,
    { from: range.from, to: range.to, status: range.status ?? null },
    key && { arrivalDate: String(key[0]), id: String(key[1]) },
    size + 1,
  );
  return pageOf(rows, size, (r) => encodeCursor([r.arrivalDate, r.id]));
}
