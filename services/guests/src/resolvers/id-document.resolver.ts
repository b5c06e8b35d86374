import { randomUUID } from 'node:crypto';
import { guarded, invalidState, isUuid, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsDeps } from '../application/deps.js';
import { ID_DOCUMENT_READERS, MANAGERS } from '../domain/access.js';
import { singleLine } from '../domain/text.js';
import { GuestEntity, IdDocumentRevealEntity } from '../persistence/guest.entity.js';

/**
 * The one way to see a full document number: a named reason, an audit row written in the same transaction
 * as the decryption is released, and a list of those rows for managers. The number is never logged.
 */
const revealSchema = z.object({
  reason: singleLine(500, 'A reason', 5),
});

export function idDocumentResolvers(deps: GuestsDeps) {
  const { rt, vault } = deps;
  return {
    Query: {
      idDocumentReveals: guarded(
        MANAGERS,
        async (_: unknown, args: { guestId?: string | null; first?: number | null }) => {
          const take = Math.min(200, Math.max(1, args.first ?? 50));
          if (args.guestId && !isUuid(args.guestId)) return [];
          return rt.dataSource.getRepository(IdDocumentRevealEntity).find({
            where: args.guestId ? { guestId: args.guestId } : {},
            order: { revealedAt: 'DESC', id: 'ASC' },
            take,
          });
        },
      ),
    },
    Mutation: {
      revealIdDocument: guarded(
        ID_DOCUMENT_READERS,
        async (_: unknown, args: { guestId: string; reason: string }, ctx: RequestContext) => {
          const { reason } = parseInput(revealSchema, { reason: args.reason }, '');
          if (!isUuid(args.guestId)) throw notFound('Guest', args.guestId);
          const now = rt.clock.now();
          const revealed = await rt.dataSource.transaction(async (tx) => {
            const guest = await tx.findOneBy(GuestEntity, { id: args.guestId });
            if (!guest) throw notFound('Guest', args.guestId);
            if (!guest.idDocCipher || !guest.idDocType)
              throw invalidState('This guest has no identity document on file');
            await tx.insert(IdDocumentRevealEntity, {
              id: randomUUID(),
              guestId: guest.id,
              revealedBy: ctx.identity.sub,
              revealedByName: ctx.identity.name,
              roles: ctx.identity.roles,
              reason,
              requestId: ctx.requestId,
              revealedAt: now,
            });
            return { type: guest.idDocType, number: vault.decrypt(guest.idDocCipher, guest.id), revealedAt: now };
          });
          ctx.logger.info({ guestId: args.guestId }, 'identity document revealed');
          return revealed;
        },
      ),
    },
    IdDocumentReveal: {
      revealedBy: (r: IdDocumentRevealEntity) => r.revealedByName,
      staffId: (r: IdDocumentRevealEntity) => r.revealedBy,
    },
  };
}
