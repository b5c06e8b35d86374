import { requestOnce } from '@guest-graph/db';

/** Retried mutations of service recovery (openCase): their first results by request id. */
export const recoveryRequests = requestOnce('service_recovery');
