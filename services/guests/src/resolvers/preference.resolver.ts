import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { forbidden, guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { type EntityManager, IsNull } from 'typeorm';
import { z } from 'zod';
import type { GuestsDeps } from '../application/deps.js';
import { STAFF_BUT_ANALYST } from '../domain/access.js';
import {
  type Department,
  departmentOf,
  isSensitive,
  isStale,
  normaliseValue,
  PREFERENCE_CATEGORIES,
} from '../domain/preferences.js';
import { multiLine, singleLine } from '../domain/text.js';
import { PreferenceEntity } from '../persistence/preference.entity.js';
import { liveGuest, preferenceVisible } from './guest.resolver.js';
import { loaders } from './loaders.js';

const preferenceSchema = z.object({
  category: z.enum(PREFERENCE_CATEGORIES),
  value: singleLine(200, 'A preference'),
  note: multiLine(500, 'A note').nullish(),
  sensitive: z.boolean().nullish(),
});

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

/**
 * Sets the current value of one category: the same value again is a confirmation, a new value supersedes
 * the old one (kept as history). The guest row lock serialises writers on one profile.
 */
export async function setPreference(
  tx: EntityManager,
  guestId: string,
  pref: { category: string; value: string; note?: string | null; sensitive?: boolean | null },
  by: Recorder,
  source: 'STAFF' | 'OBSERVATION',
  now: Date,
): Promise<PreferenceEntity> {
  await tx.query('SELECT id FROM guests.guest WHERE id = $1 FOR UPDATE', [guestId]);
  const valueKey = normaliseValue(pref.value);
  const live = await tx.findOne(PreferenceEntity, {
    where: { guestId, category: pref.category, supersededAt: IsNull() },
  });
  if (live && live.valueKey === valueKey) {
    live.confirmations += 1;
    live.lastConfirmedAt = now;
    if (pref.note) live.note = pref.note;
    live.sensitive = live.sensitive || isSensitive(pref.value, pref.note, pref.sensitive);
    await tx.update(
      PreferenceEntity,
      { id: live.id },
      { confirmations: live.confirmations, lastConfirmedAt: now, note: live.note, sensitive: live.sensitive },
    );
    return live;
  }
  if (live) await tx.update(PreferenceEntity, { id: live.id }, { supersededAt: now });
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
  await tx.insert(PreferenceEntity, created);
  return created;
}

export function preferenceResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  return {
    Mutation: {
      recordPreference: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(preferenceSchema, args.input, 'input');
          const by = recorderOf(ctx);
          const guest = await liveGuest(ctx, deps, args.guestId);
          if (!guest) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          return rt.bus.transact(async (tx) => {
            const pref = await setPreference(tx, guest.id, input, by, 'STAFF', now);
            await rt.bus.emit(
              tx,
              events.guestUpdated,
              { guestId: guest.id, changedFields: [`preferences.${pref.category}`], updatedAt: now.toISOString() },
              { requestId: ctx.requestId },
            );
            return pref;
          });
        },
      ),
    },
    Preference: {
      current: (p: PreferenceEntity) => p.supersededAt == null,
      stale: (p: PreferenceEntity) =>
        p.supersededAt == null && isStale(p.lastConfirmedAt, rt.clock.now(), deps.settings.preferenceStaleDays),
      recordedBy: (p: PreferenceEntity) => p.recordedByName,
    },
    Observation: {
      recordedBy: (o: { recordedByName: string }) => o.recordedByName,
      preference: async (o: { preferenceId: string | null }, _: unknown, ctx: RequestContext) => {
        if (!o.preferenceId) return null;
        const p = await loaders(ctx, rt.dataSource).preference.load(o.preferenceId);
        return p && preferenceVisible(ctx, p) ? p : null;
      },
    },
  };
}
