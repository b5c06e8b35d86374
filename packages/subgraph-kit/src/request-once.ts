import { claimRequest, firstResultOf, MAX_REQUEST_ID_LENGTH, type RequestKey, settleRequest } from '@guest-graph/db';
import { z } from 'zod';
import { badInput } from './errors.js';

/** A client's name for one attempt at a change, kept the same across its retries. */
export const requestIdSchema = z
  .string()
  .trim()
  .min(1, 'A request id cannot be empty')
  .max(MAX_REQUEST_ID_LENGTH, `A request id is at most ${MAX_REQUEST_ID_LENGTH} characters`);

/**
 * The key of a retried mutation: the caller (their staff id), the operation and their `requestId`; null without one
 * (the request is done each time it is sent). `field` names the argument for a refusal.
 */
export function requestKey(
  caller: string,
  operation: string,
  requestId: string | null | undefined,
  field = 'input.requestId',
): RequestKey | null {
  if (requestId == null) return null;
  const r = requestIdSchema.safeParse(requestId);
  if (!r.success) throw badInput(field, `${field}: ${r.error.issues[0]!.message}`);
  return { caller, operation, requestId: r.data };
}

export { claimRequest, firstResultOf, type RequestKey, settleRequest };
