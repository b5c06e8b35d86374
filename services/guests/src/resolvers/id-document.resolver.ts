import { guarded, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsApp } from '../application/index.js';
import { ID_DOCUMENT_READERS, MANAGERS } from '../domain/access.js';
import { singleLine } from '../domain/text.js';
import type { IdDocumentRevealEntity } from '../persistence/guest.entity.js';
import type { IdentifierSearchRow } from '../persistence/identifier-search.repository.js';

const revealSchema = z.object({
  reason: singleLine(500, 'A reason', 5),
});

export function idDocumentResolvers(app: GuestsApp) {
  return {
    Query: {
      idDocumentReveals: guarded(MANAGERS, (_: unknown, args: { guestId?: string | null; first?: number | null }) =>
        app.idDocumentReveals(args.guestId, args.first),
      ),
      idDocumentRevealsConnection: guarded(
        MANAGERS,
        (_: unknown, args: { guestId?: string | null; first?: number | null; after?: string | null }) =>
          app.idDocumentRevealsPage(args.guestId, args.first, args.after),
      ),
      identifierSearches: guarded(
        MANAGERS,
        (_: unknown, args: { staffId?: string | null; first?: number | null; after?: string | null }) =>
          app.identifierSearchesPage(args.staffId, args.first, args.after),
      ),
    },
    Mutation: {
      revealIdDocument: guarded(
        ID_DOCUMENT_READERS,
        (_: unknown, args: { guestId: string; reason: string }, ctx: RequestContext) => {
          const { reason } = parseInput(revealSchema, { reason: args.reason }, '');
          return app.revealIdDocument(ctx, args.guestId, reason);
        },
      ),
    },
    IdDocumentReveal: {
      revealedBy: (r: IdDocumentRevealEntity) => r.revealedByName,
      staffId: (r: IdDocumentRevealEntity) => r.revealedBy,
    },
    IdentifierSearch: {
      searchedBy: (r: IdentifierSearchRow) => r.searchedByName,
      staffId: (r: IdentifierSearchRow) => r.searchedBy,
      guestsFound: (r: IdentifierSearchRow) => r.foundGuestIds.length,
    },
  };
}
