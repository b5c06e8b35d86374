import { hasAnyRole, type Identity, type Role } from '@guest-graph/auth';
import type { Logger } from 'pino';
import { DomainError, forbidden } from './errors.js';
import type { LoaderScope } from './loaders.js';

/** What every resolver receives. */
export interface RequestContext {
  /** The member of staff calling, as the gateway verified them. */
  identity: Identity;
  requestId: string;
  logger: Logger;
  loaders: LoaderScope;
}

/** Refuses with FORBIDDEN unless the caller holds one of `roles`. */
export function requireRole(ctx: RequestContext, roles: readonly Role[]): void {
  if (!hasAnyRole(ctx.identity, roles)) throw forbidden(`Requires one of: ${roles.join(', ')}`);
}

export const canSee = (ctx: RequestContext, roles: readonly Role[]) => hasAnyRole(ctx.identity, roles);

/**
 * Wraps a field resolver so callers without the role get `null` and a FORBIDDEN error on that field's path
 * while the rest of the response is served (contract README). The field must be nullable in the SDL.
 */
// biome-ignore lint/suspicious/noExplicitAny: resolvers are typed by their SDL, not here
export function guarded<P = any, A = any, C extends RequestContext = RequestContext, R = unknown>(
  roles: readonly Role[],
  resolve: (parent: P, args: A, ctx: C, info: unknown) => R,
) {
  return (parent: P, args: A, ctx: C, info: unknown): R => {
    requireRole(ctx, roles);
    return resolve(parent, args, ctx, info);
  };
}

/** The default resolver for a parent property, behind a role check. */
export const guardedField = (roles: readonly Role[], property: string) =>
  guarded(roles, (parent: Record<string, unknown>) => parent[property] ?? null);

export { DomainError };
