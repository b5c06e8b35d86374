import { randomUUID } from 'node:crypto';
import { invalidState, isUuid, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import { guestWithDocument, latestReveals, recordReveal } from '../persistence/id-document.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * The one way to see a full document number: a named reason, an audit row written in the same transaction
 * as the decryption is released, and a list of those rows for managers. The number is never logged.
 */
export async function revealIdDocument(deps: GuestsDeps, ctx: RequestContext, guestId: string, reason: string) {
  const { rt, vault } = deps;
  if (!isUuid(guestId)) throw notFound('Guest', guestId);
  const now = rt.clock.now();
  const revealed = await rt.dataSource.transaction(async (tx) => {
    const guest = await guestWithDocument(tx, guestId);
    if (!guest) throw notFound('Guest', guestId);
    if (!guest.idDocCipher || !guest.idDocType) throw invalidState('This guest has no identity document on file');
    await recordReveal(tx, {
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
  ctx.logger.info({ guestId }, 'identity document revealed');
  return revealed;
}

/** The audit of reveals, latest first; at most `first` (1 to 200, 50 by default). */
export async function idDocumentReveals(
  deps: GuestsDeps,
  guestId: string | null | undefined,
  first: number | null | undefined,
) {
  const take = Math.min(200, Math.max(1, first ?? 50));
  if (guestId && !isUuid(guestId)) return [];
  return latestReveals(deps.rt.dataSource, guestId ?? null, take);
}
