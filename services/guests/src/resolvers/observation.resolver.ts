import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { badInput, guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsDeps } from '../application/deps.js';
import { STAFF_BUT_ANALYST } from '../domain/access.js';
import { normaliseValue, observationConfirmed, PREFERENCE_CATEGORIES } from '../domain/preferences.js';
import { multiLine, singleLine } from '../domain/text.js';
import { ObservationEntity, PreferenceEntity } from '../persistence/preference.entity.js';
import { liveGuest } from './guest.resolver.js';
import { recorderOf, setPreference } from './preference.resolver.js';

/**
 * Observations (seed 000: pillows used, tea left in the cup, the TV channel, the AC setting...): what staff
 * notice while serving. Once the same thing is seen on a second stay or by a second member of staff it
 * becomes (or confirms) the preference, unless a guest's own stated preference says otherwise.
 */
const observationSchema = z.object({
  category: z.enum(PREFERENCE_CATEGORIES),
  value: singleLine(200, 'An observation'),
  note: multiLine(500, 'A note').nullish(),
  stayId: z.string().uuid('Not a valid id').nullish(),
});

export function observationResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  return {
    Mutation: {
      recordObservation: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(observationSchema, args.input, 'input');
          const by = recorderOf(ctx);
          const guest = await liveGuest(ctx, deps, args.guestId);
          if (!guest) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          const valueKey = normaliseValue(input.value);
          return rt.bus.transact(async (tx) => {
            await tx.query('SELECT id FROM guests.guest WHERE id = $1 FOR UPDATE', [guest.id]);
            if (input.stayId) {
              const stay = await tx.query('SELECT 1 FROM guests.stay WHERE id = $1 AND guest_id = $2', [
                input.stayId,
                guest.id,
              ]);
              if (!stay.length) throw badInput('input.stayId', 'input.stayId: not a stay of this guest');
            }
            const observation = Object.assign(new ObservationEntity(), {
              id: randomUUID(),
              guestId: guest.id,
              originGuestId: guest.id,
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
            await tx.insert(ObservationEntity, observation);
            const sightings = await tx.find(ObservationEntity, {
              where: { guestId: guest.id, category: input.category, valueKey },
            });
            if (!observationConfirmed(sightings)) return observation;
            const current = await tx
              .createQueryBuilder(PreferenceEntity, 'p')
              .where('p.guest_id = :g AND p.category = :c AND p.superseded_at IS NULL', {
                g: guest.id,
                c: input.category,
              })
              .getOne();
            // What the guest told us outranks what we inferred.
            if (current && current.source === 'STAFF' && current.valueKey !== valueKey) return observation;
            const pref = await setPreference(tx, guest.id, input, by, 'OBSERVATION', now);
            await tx.query(
              'UPDATE guests.observation SET preference_id = $1 WHERE guest_id = $2 AND category = $3 AND value_key = $4',
              [pref.id, guest.id, input.category, valueKey],
            );
            await rt.bus.emit(
              tx,
              events.guestUpdated,
              { guestId: guest.id, changedFields: [`preferences.${pref.category}`], updatedAt: now.toISOString() },
              { requestId: ctx.requestId },
            );
            return Object.assign(observation, { preferenceId: pref.id });
          });
        },
      ),
    },
  };
}
