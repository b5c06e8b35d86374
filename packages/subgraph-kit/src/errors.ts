import { unwrapResolverError } from '@apollo/server/errors';
import { type ContractErrorCode, fieldFromMessage, isContractCode } from '@guest-graph/http';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { z } from 'zod';

/** The contract's error codes (contract README, "Values"). */
export type ErrorCode = ContractErrorCode;

/**
 * A refusal in the hotel's terms. Domain code throws these without knowing about GraphQL; the kit turns them
 * into GraphQL errors with `extensions.code` (and `extensions.field` for bad input).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });
export const notFound = (what: string, id?: string) =>
  new DomainError('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`, id ? { id } : {});
export const invalidState = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError('INVALID_STATE', message, extra);
export const forbidden = (message = 'Your role may not see or do this') => new DomainError('FORBIDDEN', message);

/**
 * Validates `value` with a zod schema; the first issue becomes BAD_USER_INPUT naming the input path
 * (`input.email`), which is what the desk needs to highlight the right box.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = 'input'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw badInput(field, `${field}: ${issue.message}`);
}

/**
 * Shapes every error a client sees: contract codes pass with their extensions; anything else is logged with
 * its stack and reaches the client as a bare "Internal error", so no stack trace or SQL leaks.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...original.extensions },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') {
      const field = (formatted.extensions?.field as string | undefined) ?? fieldFromMessage(formatted.message);
      return {
        message: formatted.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: {
          code: 'BAD_USER_INPUT',
          ...(field ? { field } : {}),
          ...(code !== 'BAD_USER_INPUT' ? { reason: code } : {}),
        },
      };
    }
    if (isContractCode(code)) {
      const { stacktrace: _s, exception: _e, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions: rest };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
