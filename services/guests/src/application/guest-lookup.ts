import { guestsForLookup } from '../persistence/guest.repository.js';
import { stayOwners } from '../persistence/stay.repository.js';
import type { GuestsDeps } from './deps.js';

/** Answers another service asking which guests (and whose stays) exist; unknown ids are simply absent. */
export async function lookUpGuests(deps: GuestsDeps, ids: string[], stayIds?: string[] | null) {
  const db = deps.rt.dataSource;
  const stays = stayIds?.length ? await stayOwners(db, stayIds) : [];
  const guests = await guestsForLookup(db, ids);
  return { guests, ...(stayIds ? { stays } : {}) };
}
