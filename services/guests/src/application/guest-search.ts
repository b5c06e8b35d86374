import { randomUUID } from 'node:crypto';
import { DomainError, type RequestContext } from '@guest-graph/subgraph-kit';
import { identifiersSearched, planSearch, searchableBy } from '../domain/guest-search.js';
import { DOCUMENT_MATCH_SCORE, searchGuestIds } from '../persistence/guest-search.repository.js';
import { recordReveal } from '../persistence/id-document.repository.js';
import { identifierSearchesSince, recordIdentifierSearch } from '../persistence/identifier-search.repository.js';
import type { GuestsDeps } from './deps.js';

const HOUR_MS = 3_600_000;

/**
 * The ids of the guests a desk search finds, best first (a document number is searched by its blind index).
 * A search by a phone, an email or a document number is a way of reading that field: only the roles that may
 * read it search by it, each search is recorded (who, when, what kind, never the text), counts against the
 * caller's hourly quota, and a document number that finds a guest is audited as a reveal of that guest's.
 */
export async function searchGuests(
  deps: GuestsDeps,
  ctx: RequestContext,
  text: string,
  first: number | null | undefined,
) {
  const { rt, vault, settings } = deps;
  const plan = searchableBy(planSearch(text, first), ctx.identity.roles);
  const kinds = identifiersSearched(plan);
  if (!kinds.length) return (await searchGuestIds(rt.dataSource, plan, null)).map((h) => h.id);

  const now = rt.clock.now();
  const window = await identifierSearchesSince(rt.dataSource, ctx.identity.sub, new Date(now.getTime() - HOUR_MS));
  if (window.count >= settings.identifierSearchesPerHour) {
    const freesAt = (window.oldest?.getTime() ?? now.getTime()) + HOUR_MS;
    throw new DomainError('RATE_LIMITED', 'Too many searches by phone, email or document number; try a name', {
      retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)),
    });
  }
  const index = plan.documentNumber ? vault.blindIndex(plan.documentNumber) : null;
  const hits = await searchGuestIds(rt.dataSource, plan, index);
  const byDocument = index ? hits.filter((h) => h.score >= DOCUMENT_MATCH_SCORE).map((h) => h.id) : [];
  await rt.dataSource.transaction(async (tx) => {
    await recordIdentifierSearch(tx, {
      id: randomUUID(),
      searchedBy: ctx.identity.sub,
      searchedByName: ctx.identity.name,
      roles: ctx.identity.roles,
      kinds,
      foundGuestIds: hits.map((h) => h.id),
      requestId: ctx.requestId,
      searchedAt: now,
    });
    for (const guestId of byDocument)
      await recordReveal(tx, {
        id: randomUUID(),
        guestId,
        revealedBy: ctx.identity.sub,
        revealedByName: ctx.identity.name,
        roles: ctx.identity.roles,
        reason: 'Searched by document number',
        requestId: ctx.requestId,
        revealedAt: now,
      });
  });
  return hits.map((h) => h.id);
}
