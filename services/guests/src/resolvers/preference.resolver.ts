import { guarded, guardedField, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import { recorderOf } from '../application/preferences.js';
import { STAFF_BUT_ANALYST } from '../domain/access.js';
import { isStale, PREFERENCE_CATEGORIES } from '../domain/preferences.js';
import { multiLine, singleLine } from '../domain/text.js';
import type { PreferenceEntity } from '../persistence/preference.entity.js';
import { liveGuest, preferenceVisible } from './guest.resolver.js';
import { loaders } from './loaders.js';

const preferenceSchema = z.object({
  category: z.enum(PREFERENCE_CATEGORIES),
  value: singleLine(200, 'A preference'),
  note: multiLine(500, 'A note').nullish(),
  sensitive: z.boolean().nullish(),
});

export function preferenceResolvers(app: GuestsApp) {
  const { rt } = app;
  return {
    Mutation: {
      recordPreference: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(preferenceSchema, args.input, 'input');
          const by = recorderOf(ctx);
          const guest = await liveGuest(ctx, app, args.guestId);
          if (!guest) throw notFound('Guest', args.guestId);
          return app.recordPreference(ctx, guest.id, input, by);
        },
      ),
    },
    Preference: {
      current: (p: PreferenceEntity) => p.supersededAt == null,
      stale: (p: PreferenceEntity) =>
        p.supersededAt == null && isStale(p.lastConfirmedAt, rt.clock.now(), app.settings.preferenceStaleDays),
      recordedBy: (p: PreferenceEntity) => p.recordedByName,
      // Free text may name or describe the guest: ANALYST reads non-identifying fields only.
      note: guardedField(STAFF_BUT_ANALYST, 'note'),
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
