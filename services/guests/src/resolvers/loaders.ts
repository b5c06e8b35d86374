import { byKey, groupByKey, isUuid, type RequestContext } from '@guest-graph/subgraph-kit';
import type { DataSource } from 'typeorm';
import { PREPARATION_CATEGORIES } from '../domain/reservation.js';
import type { GuestEmailEntity, GuestEntity, GuestPhoneEntity } from '../persistence/guest.entity.js';
import * as reads from '../persistence/guest-read.repository.js';
import { stayPagesOf } from '../persistence/page.repository.js';
import {
  preparationOf,
  type ReservationRow,
  reservationsByIds,
  upcomingReservationsOf,
} from '../persistence/reservation.repository.js';

/**
 * Per-request DataLoaders for everything a Guest or a Stay shows: 100 guests through `_entities` cost the
 * same handful of statements as one. Ids that are not uuids never reach SQL (they cannot exist).
 */

function batch<R>(
  fetch: (ids: string[]) => Promise<R[]>,
  shape: (keys: readonly string[], rows: R[]) => unknown[],
): (keys: readonly string[]) => Promise<unknown[]> {
  return async (keys) => {
    const valid = [...new Set(keys.filter(isUuid))];
    const rows = valid.length ? await fetch(valid) : [];
    return shape(keys, rows);
  };
}

export function loaders(ctx: RequestContext, ds: DataSource) {
  const one = <R extends { id: string }>(name: string, fetch: (ids: string[]) => Promise<R[]>) =>
    ctx.loaders.for<string, R | null>(name, batch(fetch, (keys, rows) => byKey(keys, rows, (r) => r.id)) as never);
  const many = <R>(name: string, fetch: (ids: string[]) => Promise<R[]>, key: (r: R) => string) =>
    ctx.loaders.for<string, R[]>(name, batch(fetch, (keys, rows) => groupByKey(keys, rows, key)) as never);
  const contacts = () =>
    ctx.loaders.for<string, { phones: GuestPhoneEntity[]; emails: GuestEmailEntity[] }>(
      'contacts',
      batch(
        async (ids) => [await reads.contactsOf(ds, ids)],
        (keys, [all]) => {
          const phones = groupByKey(keys, all?.phones ?? [], (p) => p.guestId);
          const emails = groupByKey(keys, all?.emails ?? [], (e) => e.guestId);
          return keys.map((_, i) => ({ phones: phones[i], emails: emails[i] }));
        },
      ) as never,
    );
  return {
    guest: one<GuestEntity>('guest', (ids) => reads.guestsByIds(ds, ids)),
    stay: one('stay', (ids) => reads.staysByIds(ds, ids)),
    reservation: one<ReservationRow>('reservation', (ids) => reservationsByIds(ds, ids)),
    preparation: many(
      'preparation',
      (ids) => preparationOf(ds, ids, [...PREPARATION_CATEGORIES.ROOM, ...PREPARATION_CATEGORIES.TABLE]),
      (r) => r.reservationId,
    ),
    upcomingReservations: (from: string) =>
      many(
        `upcomingReservations:${from}`,
        (ids) => upcomingReservationsOf(ds, ids, from),
        (r) => r.guestId,
      ),
    preference: one('preference', (ids) => reads.preferencesByIds(ds, ids)),
    // Both lists from one statement: whoever shows a guest's phones usually shows the emails too.
    phones: {
      load: (id: string) =>
        contacts()
          .load(id)
          .then((c) => c.phones),
    },
    emails: {
      load: (id: string) =>
        contacts()
          .load(id)
          .then((c) => c.emails),
    },
    consents: many(
      'consents',
      (ids) => reads.consentsOf(ds, ids),
      (r) => r.guestId,
    ),
    consentHistory: many(
      'consentHistory',
      (ids) => reads.consentHistoryOf(ds, ids),
      (r) => r.guestId,
    ),
    preferences: many(
      'preferences',
      (ids) => reads.currentPreferencesOf(ds, ids),
      (r) => r.guestId,
    ),
    preferenceHistory: many(
      'preferenceHistory',
      (ids) => reads.preferenceHistoryOf(ds, ids),
      (r) => r.guestId,
    ),
    observations: many(
      'observations',
      (ids) => reads.observationsOf(ds, ids),
      (r) => r.guestId,
    ),
    stays: (last: number) =>
      many(
        `stays:${last}`,
        (ids) => reads.lastStaysOf(ds, ids, last),
        (r) => r.guestId,
      ),
    /** One page of stays per guest (`limit` rows after `after`), every guest of the request in one statement. */
    stayPages: (after: { arrivalDate: string; checkedInKey: string; id: string } | null, limit: number) =>
      many(
        `stayPages:${after?.arrivalDate}:${after?.checkedInKey}:${after?.id}:${limit}`,
        (ids) => stayPagesOf(ds, ids, after, limit),
        (r) => r.guestId,
      ),
    charges: many(
      'charges',
      (ids) => reads.chargesOf(ds, ids),
      (r) => r.stayId,
    ),
    statistics: ctx.loaders.for<string, reads.StayStatisticsRow | null>(
      'statistics',
      batch(
        (ids) => reads.stayStatisticsOf(ds, ids),
        (keys, rows) => byKey(keys, rows, (r) => r.guestId),
      ) as never,
    ),
  };
}
