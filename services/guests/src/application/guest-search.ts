import { planSearch } from '../domain/guest-search.js';
import { searchGuestIds } from '../persistence/guest-search.repository.js';
import type { GuestsDeps } from './deps.js';

/** The ids of the guests a desk search finds, best first (a document number is searched by its blind index). */
export async function searchGuests(deps: GuestsDeps, text: string, first: number | null | undefined) {
  const plan = planSearch(text, first);
  const index = plan.documentNumber ? deps.vault.blindIndex(plan.documentNumber) : null;
  const hits = await searchGuestIds(deps.rt.dataSource, plan, index);
  return hits.map((h) => h.id);
}
