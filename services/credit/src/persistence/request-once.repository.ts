import { requestOnce } from '@guest-graph/db';

/** Retried mutations of credit (recordPayment): their first results by request id. */
export const creditRequests = requestOnce('credit');
