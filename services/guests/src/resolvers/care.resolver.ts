import { guarded, isValidDate, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import { CONTACT_READERS, FOLLOW_UP_ROLES, GREETING_ROLES } from '../domain/access.js';
import { CARE_CHANNELS, themedInvitationInput } from '../domain/care.js';
import { MARKETING_CHANNELS } from '../domain/guest-profile.js';
import { normaliseValue } from '../domain/preferences.js';
import { multiLine, singleLine } from '../domain/text.js';
import type { FollowUpRow } from '../persistence/care.repository.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

/** Care is done by whoever hands it over: the desk and housekeeping too, besides those who plan greetings. */
const GREETING_ROLES_AND_DESK = [...GREETING_ROLES, 'FRONT_OFFICE', 'HOUSEKEEPING', 'FOOD_AND_BEVERAGE'] as const;

const careGivenInput = z.object({
  guestId: z.string().uuid('Not a valid id'),
  occasion: singleLine(40, 'An occasion'),
  occasionDate: z.string().refine(isValidDate, 'Not a date'),
  channel: z.enum(CARE_CHANNELS),
  given: singleLine(500, 'What was given'),
});

export function careResolvers(app: GuestsApp) {
  const L = (ctx: RequestContext) => loaders(ctx, app.rt.dataSource);

  return {
    Query: {
      themedEventInvitations: guarded(
        GREETING_ROLES,
        async (
          _: unknown,
          args: {
            preferences: unknown;
            segments?: unknown;
            channel: unknown;
            first?: number | null;
            after?: string | null;
          },
          ctx: RequestContext,
        ) => {
          const input = parseInput(
            themedInvitationInput,
            { preferences: args.preferences, segments: args.segments, channel: args.channel },
            '',
          );
          const page = await app.themedEventInvitationsPage(
            {
              channel: input.channel,
              matches: input.preferences.map((p) => ({
                category: p.category,
                contains: p.contains ? normaliseValue(p.contains) : null,
              })),
              segments: input.segments?.length ? input.segments : null,
            },
            args.first,
            args.after,
          );
          return {
            pageInfo: page.pageInfo,
            edges: page.edges.map((e) => ({ cursor: e.cursor, node: L(ctx).guest.load(e.node) })),
          };
        },
      ),
      careList: guarded(
        CONTACT_READERS,
        async (_: unknown, args: { from: string; to: string; first?: number | null }, ctx: RequestContext) =>
          (await app.care.careList(args.from, args.to, args.first)).map(({ guestId, ...e }) => ({
            ...e,
            guest: L(ctx).guest.load(guestId),
          })),
      ),
      careListConnection: guarded(
        CONTACT_READERS,
        async (
          _: unknown,
          args: { from: string; to: string; first?: number | null; after?: string | null },
          ctx: RequestContext,
        ) => {
          const page = await app.careListPage(args, args.first, args.after);
          return {
            pageInfo: page.pageInfo,
            edges: page.edges.map(({ cursor, node: { guestId, ...entry } }) => ({
              cursor,
              node: { ...entry, guest: L(ctx).guest.load(guestId) },
            })),
          };
        },
      ),
      festivalGreetings: guarded(
        GREETING_ROLES,
        async (_: unknown, args: { festival: string; channel: string; first?: number | null }, ctx: RequestContext) => {
          const { channel } = parseInput(z.object({ channel: z.enum(MARKETING_CHANNELS) }), args, '');
          const { recipientIds, ...greeting } = await app.care.festivalGreetings(args.festival, channel, args.first);
          return { ...greeting, recipients: L(ctx).guest.loadMany(recipientIds) };
        },
      ),
      followUps: guarded(
        FOLLOW_UP_ROLES,
        (
          _: unknown,
          args: { status?: string | null; dueBy?: string | null; owner?: string | null; first?: number | null },
        ) => app.care.followUps(args),
      ),
      followUpsConnection: guarded(
        FOLLOW_UP_ROLES,
        (
          _: unknown,
          args: {
            status?: string | null;
            dueBy?: string | null;
            owner?: string | null;
            first?: number | null;
            after?: string | null;
          },
        ) => app.followUpsPage(args, args.first, args.after),
      ),
    },
    Mutation: {
      recordCareGiven: guarded(
        GREETING_ROLES_AND_DESK,
        async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
          const input = parseInput(careGivenInput, args.input);
          const guest = await liveGuest(ctx, app, input.guestId);
          if (!guest) throw notFound('Guest', input.guestId);
          return app.care.recordCareGiven({ ...input, guestId: guest.id }, ctx.identity.sub);
        },
      ),
      assignFollowUp: guarded(
        FOLLOW_UP_ROLES,
        (_: unknown, args: { id: string; owner: string }, ctx: RequestContext) => {
          const { owner } = parseInput(z.object({ owner: singleLine(100, 'An owner') }), { owner: args.owner }, '');
          return app.care.assignFollowUp(args.id, owner, ctx.identity.sub);
        },
      ),
      completeFollowUp: guarded(
        FOLLOW_UP_ROLES,
        (_: unknown, args: { id: string; outcome: string }, ctx: RequestContext) => {
          const { outcome } = parseInput(
            z.object({
              outcome: multiLine(1000, 'An outcome'),
            }),
            { outcome: args.outcome },
            '',
          );
          return app.care.completeFollowUp(args.id, outcome, ctx.identity.name);
        },
      ),
    },
    FestivalGreetingList: {
      recipientsConnection: async (
        list: { channel: string },
        args: { first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        const page = await app.greetingRecipientsPage(list.channel, args.first, args.after);
        return {
          pageInfo: page.pageInfo,
          edges: page.edges.map((e) => ({ cursor: e.cursor, node: L(ctx).guest.load(e.node) })),
        };
      },
    },
    FollowUp: {
      guest: (f: FollowUpRow, _: unknown, ctx: RequestContext) => L(ctx).guest.load(f.guestId),
    },
  };
}
