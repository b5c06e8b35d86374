import { requestOnce } from '@guest-graph/db';

/** Retried mutations of the guests service (registerGuest, checkIn): their first results by request id. */
export const guestsRequests = requestOnce('guests');
