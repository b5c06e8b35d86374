import { pruneGuestNames } from '../persistence/search.js';
import type { GuestsDeps } from './deps.js';

/** Names no live guest carries any more leave the search dictionary. */
export const pruneNameDictionary = (deps: GuestsDeps) => pruneGuestNames(deps.rt.dataSource);
