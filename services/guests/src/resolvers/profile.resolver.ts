import { canSee, forbidden, guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import {
  CONSENT_RECORDERS,
  ID_DOCUMENT_READERS,
  MANAGERS,
  PROFILE_EDITORS,
  STAFF_BUT_ANALYST,
} from '../domain/access.js';
import { consentInputSchema } from '../domain/consent.js';
import {
  emailSchema,
  idDocumentSchema,
  MARKETING_CHANNELS,
  phoneSchema,
  RESTRICTION_TYPES,
  type UpdateGuest,
  updateGuestSchema,
} from '../domain/guest-profile.js';
import { multiLine, singleLine } from '../domain/text.js';
import { liveGuest } from './guest.resolver.js';

const contactsSchema = z.object({
  phones: z
    .array(z.object({ number: phoneSchema, primary: z.boolean().nullish() }))
    .max(10)
    .nullish(),
  emails: z
    .array(z.object({ address: emailSchema, primary: z.boolean().nullish() }))
    .max(10)
    .nullish(),
});

const restrictionSchema = z.object({
  type: z.enum(RESTRICTION_TYPES),
  reason: multiLine(500, 'A reason'),
});

const consentSchema = z.object({
  channel: z.enum(MARKETING_CHANNELS),
  granted: z.boolean(),
  source: singleLine(200, 'How consent was given or withdrawn'),
});

export function profileResolvers(app: GuestsApp) {
  /** A merged-away id still reaches its guest; the change is made on the live one. */
  const liveId = async (ctx: RequestContext, id: string) => {
    const live = await liveGuest(ctx, app, id);
    if (!live) throw notFound('Guest', id);
    return live.id;
  };
  return {
    Mutation: {
      updateGuest: guarded(
        PROFILE_EDITORS,
        async (_: unknown, args: { id: string; input: Record<string, unknown> }, ctx: RequestContext) => {
          const { phones, emails, idDocument, ...fields } = args.input as {
            phones?: unknown;
            emails?: unknown;
            idDocument?: unknown;
          } & Record<string, unknown>;
          const input: UpdateGuest = parseInput(updateGuestSchema(app.rt.clock.today()), fields, 'input');
          const contacts = parseInput(contactsSchema, { phones, emails }, 'input');
          const doc =
            idDocument === undefined
              ? undefined
              : parseInput(z.object({ idDocument: idDocumentSchema.nullable() }), { idDocument }, 'input').idDocument;
          if (doc !== undefined && !canSee(ctx, ID_DOCUMENT_READERS))
            throw forbidden('Only FRONT_OFFICE and MANAGER set documents');
          const id = await liveId(ctx, args.id);
          return app.updateGuest(ctx, id, { input, phones: contacts.phones, emails: contacts.emails, idDocument: doc });
        },
      ),
      addGuestRestriction: guarded(
        PROFILE_EDITORS,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(restrictionSchema, args.input, 'input');
          return app.addRestriction(ctx, await liveId(ctx, args.guestId), input);
        },
      ),
      // Lifting a block is a manager's decision; anyone who edits profiles may raise one.
      liftGuestRestriction: guarded(
        MANAGERS,
        async (_: unknown, args: { guestId: string; type: string }, ctx: RequestContext) =>
          app.liftRestriction(ctx, await liveId(ctx, args.guestId), args.type),
      ),
      recordConsent: guarded(
        CONSENT_RECORDERS,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(consentInputSchema, args.input, 'input');
          return app.recordConsent(ctx, await liveId(ctx, args.guestId), input);
        },
      ),
      setMarketingConsent: guarded(
        STAFF_BUT_ANALYST,
        async (_: unknown, args: { guestId: string; input: unknown }, ctx: RequestContext) => {
          const input = parseInput(consentSchema, args.input, 'input');
          return app.setMarketingConsent(ctx, await liveId(ctx, args.guestId), input);
        },
      ),
    },
  };
}
