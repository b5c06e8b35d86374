import type { Role } from '@guest-graph/auth';

/** Who is acting: the member of staff from the gateway's identity, or `system` for consumers and jobs. */
export interface Actor {
  staffId: string;
  roles: readonly Role[];
}
export const SYSTEM: Actor = { staffId: 'system', roles: [] };
