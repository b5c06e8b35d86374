import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { badInput, forbidden, invalidState, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { mayServe } from '../domain/consent.js';
import {
  type Department,
  departmentOf,
  isSensitive,
  normaliseValue,
  observationConfirmed,
} from '../domain/preferences.js';
import { guestLine } from '../domain/timeline.js';
import { latestConsent } from '../persistence/guest.repository.js';
import { ObservationEntity, PreferenceEntity } from '../persistence/preference.entity.js';
import {
  confirmPreference,
  currentPreference,
  insertObservation,
  insertPreference,
  isStayOf,
  linkSightings,
  lockGuestRow,
  sightingsOf,
  supersedePreference,
} from '../persistence/preference.repository.js';
import type { GuestsDeps } from './deps.js';
import { recordTimelineEntry } from './timeline.js';

/**
 * Preferences and observations (seed 000: pillows used, tea left in the cup, the TV channel, the AC
 * setting...). Staff state a preference, or notice something while serving; once the same thing is seen on
 * a second stay or by a second member of staff it becomes (or confirms) the preference, unless a guest's own
 * stated preference says otherwise.
 */

export interface Recorder {
  sub: string;
  name: string;
  department: Department;
}

export const recorderOf = (ctx: RequestContext): Recorder => {
  const department = departmentOf(ctx.identity.roles);
  if (!department) throw forbidden('Only serving staff record preferences');
  return { sub: ctx.identity.sub, name: ctx.identity.name, department };
};

interface PreferenceInput {
  category: string;
  value: string;
  note?: string | null;
  sensitive?: boolean | null;
}

/**
 * Sets the current value of one category: the same value again is a confirmation, a new value supersedes
 * the old one (kept as history). The guest row lock serialises writers on one profile.
 */
export async function setPreference(
  tx: EntityManager,
  guestId: string,
  pref: PreferenceInput,
  by: Recorder,
  source: 'STAFF' | 'OBSERVATION',
  now: Date,
): Promise<PreferenceEntity> {
  await lockGuestRow(tx, guestId);
  const valueKey = normaliseValue(pref.value);
  const live = await currentPreference(tx, guestId, pref.category);
  if (live && live.valueKey === valueKey) {
    live.confirmations += 1;
    live.lastConfirmedAt = now;
    if (pref.note) live.note = pref.note;
    live.sensitive = live.sensitive || isSensitive(pref.value, pref.note, pref.sensitive);
    await confirmPreference(tx, live.id, {
      confirmations: live.confirmations,
      lastConfirmedAt: now,
      note: live.note,
      sensitive: live.sensitive,
    });
    return live;
  }
  if (live) await supersedePreference(tx, live.id, now);
  const created = Object.assign(new PreferenceEntity(), {
    id: randomUUID(),
    guestId,
    originGuestId: guestId,
    category: pref.category,
    value: pref.value,
    valueKey,
    note: pref.note ?? null,
    sensitive: isSensitive(pref.value, pref.note, pref.sensitive),
    source,
    recordedBy: by.sub,
    recordedByName: by.name,
    department: by.department,
    recordedAt: now,
    confirmations: 0,
    lastConfirmedAt: now,
    supersededAt: null,
  } satisfies PreferenceEntity);
  await insertPreference(tx, created);
  return created;
}

const emitPreferenceChanged = (
  deps: GuestsDeps,
  tx: EntityManager,
  ctx: RequestContext,
  guestId: string,
  category: string,
  now: Date,
) =>
  deps.rt.bus.emit(
    tx,
    events.guestUpdated,
    { guestId, changedFields: [`preferences.${category}`], updatedAt: now.toISOString() },
    { requestId: ctx.requestId },
  );

/** A preference staff record for a (live) guest. */
export async function recordPreference(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  input: PreferenceInput,
  by: Recorder,
) {
  const now = deps.rt.clock.now();
  return deps.rt.bus.transact(async (tx) => {
    const pref = await setPreference(tx, guestId, input, by, 'STAFF', now);
    await emitPreferenceChanged(deps, tx, ctx, guestId, pref.category, now);
    await recordTimelineEntry(tx, {
      guestId,
      at: now,
      key: `guests:preference:${pref.id}`,
      ...guestLine.preference(pref.category),
    });
    return pref;
  });
}

/** Something staff noticed; it becomes the preference once confirmed by a second stay or a second person. */
export async function recordObservation(
  deps: GuestsDeps,
  ctx: RequestContext,
  guestId: string,
  input: { category: string; value: string; note?: string | null; stayId?: string | null },
  by: Recorder,
) {
  const now = deps.rt.clock.now();
  const valueKey = normaliseValue(input.value);
  return deps.rt.bus.transact(async (tx) => {
    await lockGuestRow(tx, guestId);
    // Watching what a guest does to serve them better is personalisation: a withdrawal stops it (PIPL Art. 15).
    if (!mayServe('PERSONALISATION', await latestConsent(tx, guestId, 'PERSONALISATION', null)))
      throw invalidState('The guest has withdrawn consent to personalisation', { guestId });
    if (input.stayId && !(await isStayOf(tx, input.stayId, guestId)))
      throw badInput('input.stayId', 'input.stayId: not a stay of this guest');
    const observation = Object.assign(new ObservationEntity(), {
      id: randomUUID(),
      guestId,
      originGuestId: guestId,
      stayId: input.stayId ?? null,
      category: input.category,
      value: input.value,
      valueKey,
      note: input.note ?? null,
      recordedBy: by.sub,
      recordedByName: by.name,
      department: by.department,
      observedAt: now,
      preferenceId: null,
    } satisfies ObservationEntity);
    await insertObservation(tx, observation);
    await recordTimelineEntry(tx, {
      guestId,
      at: now,
      key: `guests:observation:${observation.id}`,
      ...guestLine.observation(input.category),
    });
    const sightings = await sightingsOf(tx, guestId, input.category, valueKey);
    if (!observationConfirmed(sightings)) return observation;
    const current = await currentPreference(tx, guestId, input.category);
    // What the guest told us outranks what we inferred.
    if (current && current.source === 'STAFF' && current.valueKey !== valueKey) return observation;
    const pref = await setPreference(tx, guestId, input, by, 'OBSERVATION', now);
    await linkSightings(tx, pref.id, { guestId, category: input.category, valueKey });
    await emitPreferenceChanged(deps, tx, ctx, guestId, pref.category, now);
    return Object.assign(observation, { preferenceId: pref.id });
  });
}
