/**
 * The contract's error codes (contract README, "Values"), plus SERVICE_UNAVAILABLE for a part that is down and
 * RATE_LIMITED (the gateway's flood limit, and a caller's quota of searches by an identifier).
 */
export const CONTRACT_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'DUPLICATE_GUEST',
  'CREDIT_LIMIT_EXCEEDED',
  'CREDIT_HOLD',
  'INVALID_STATE',
  'INSUFFICIENT_POINTS',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
] as const;
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];
const codes = new Set<string>(CONTRACT_ERROR_CODES);
export const isContractCode = (code: unknown): code is ContractErrorCode => typeof code === 'string' && codes.has(code);

// GraphQL's own coercion errors name the input path only in their message
// (`Variable "$input" got invalid value … at "input.email"`); clients need it in extensions.field.
const AT_PATH = /at "([^"]+)"/;
const VARIABLE = /Variable "\$([^"]+)"/;
export function fieldFromMessage(message: string): string | undefined {
  return message.match(AT_PATH)?.[1] ?? message.match(VARIABLE)?.[1];
}
