import type { EventBus } from '@guest-graph/events';
import { loyalty } from '@guest-graph/events';
import { badInput, type Clock, isUuid, type Runtime } from '@guest-graph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { Tier } from '../domain/tiers.js';
import type { Membership } from '../persistence/membership.entity.js';
import { setTier } from '../persistence/membership.repository.js';
import { note, tierEntry } from './timeline.js';

/** Ids arrive as GraphQL `ID`s (any string); one that cannot be an id is bad input, not a database error. */
export function requireId(field: string, value: unknown, what = 'id'): string {
  if (!isUuid(value)) throw badInput(field, `${field} is not a valid ${what}`);
  return value;
}

/** A reason goes into the ledger for ever: required, and short enough to read on a screen. */
export function requireReason(field: string, value: string | null | undefined, what: string): string {
  const reason = value?.trim() ?? '';
  if (!reason) throw badInput(field, `A reason is required ${what}`);
  if (reason.length > 500) throw badInput(field, 'A reason may have at most 500 characters');
  return reason;
}

/** What the loyalty use cases need from the running service, and the programme's settings. */
export interface Loyalty {
  dataSource: DataSource;
  bus: EventBus;
  /** Tier years and "this year" follow its hotel calendar (`clock.dateOf`), never the UTC date. */
  clock: Clock;
  logger: Runtime['logger'];
  /** Months without activity after which points expire. */
  expiryMonths: number;
}

/** Moves a locked membership to `to` and tells the other services, in the same transaction. */
export async function changeTier(
  l: Loyalty,
  tx: EntityManager,
  m: Membership,
  to: Tier,
  reason: string,
  at: Date,
): Promise<void> {
  if (to === m.tier) return;
  await setTier(tx, m.id, to);
  await l.bus.emit(tx, loyalty.tierChanged, {
    membershipId: m.id,
    guestId: m.guestId,
    from: m.tier,
    to,
    reason,
    changedAt: at.toISOString(),
  });
  await note(l, tx, [tierEntry(m.guestId, m.tier, to, at)]);
  m.tier = to;
}

export { nightsIn } from '../persistence/membership.repository.js';
