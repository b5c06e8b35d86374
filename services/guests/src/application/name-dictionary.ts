import { pruneGuestNames } from '../persistence/guest-search.repository.js';
import type { GuestsDeps } from './deps.js';

/** Names no live guest carries any more leave the search dictionary. */
export const pruneNameDictionary = (deps: GuestsDeps) => pruneGuestNames(deps.rt.dataSource);
