import { accounts, EventBus, guests, type NatsCredentials } from '@guest-graph/events';
import { createLogger } from '@guest-graph/http';

// A service under test talks to its neighbours over NATS. Tests play those neighbours with a second bus on
// the same namespace, answering only for the guests and accounts the test made up: the other services are
// not the unit, and a real one would need its own database.

/** A bus speaking as `service` (say `guests`) on a test's namespace; close it to make the neighbour go quiet. */
export function neighbourBus(
  service: string,
  namespace: string,
  opts: { natsUrl?: string; credentials?: NatsCredentials } = {},
): Promise<EventBus> {
  return EventBus.connect({
    service,
    natsUrl: opts.natsUrl ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    namespace,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    logger: createLogger(`fake-${service}`, 'silent'),
  });
}

/** A guest as `guests.lookup` describes one; what is left out takes a plain default. */
export interface FakeGuest {
  fullName?: string;
  vip?: boolean;
  segment?: string | null;
  mergedInto?: string | null;
}

/**
 * Answers `guests.lookup` as the guest register would, for the guests the test knows: a map of guest id to
 * the guest it was merged into (null when not merged), or a function that finds one. `stays` (stay id to
 * its guest) answers the stays a lookup asks about.
 */
export function answerGuestLookups(
  bus: EventBus,
  known: Map<string, string | null> | ((id: string) => FakeGuest | undefined),
  stays?: Map<string, string>,
  /** Stays checked out: answered `inHouse: false` (every other known stay is in house). */
  departed?: Set<string>,
): void {
  const find: (id: string) => FakeGuest | undefined =
    typeof known === 'function' ? known : (id) => (known.has(id) ? { mergedInto: known.get(id) } : undefined);
  bus.respond(guests.lookupGuests, async ({ ids, stayIds }) => ({
    guests: ids.flatMap((id) => {
      const g = find(id);
      return g
        ? [
            {
              id,
              fullName: g.fullName ?? `Guest ${id.slice(0, 4)}`,
              vip: g.vip ?? false,
              segment: g.segment ?? null,
              mergedInto: g.mergedInto ?? null,
            },
          ]
        : [];
    }),
    ...(stayIds && stays
      ? {
          stays: stayIds
            .filter((id) => stays.has(id))
            .map((id) => ({ id, guestId: stays.get(id)!, inHouse: !departed?.has(id) })),
        }
      : {}),
  }));
}

/** An account as `accounts.lookup` describes one. */
export interface FakeAccount {
  name?: string;
  grade?: string | null;
  status?: string;
}

/** Answers `accounts.lookup` for the accounts the test knows (a set of ids, or a function that finds one). */
export function answerAccountLookups(
  bus: EventBus,
  known: Set<string> | ((id: string) => FakeAccount | undefined),
): void {
  const find: (id: string) => FakeAccount | undefined =
    typeof known === 'function' ? known : (id) => (known.has(id) ? {} : undefined);
  bus.respond(accounts.lookupAccounts, async ({ ids }) => ({
    accounts: ids.flatMap((id) => {
      const a = find(id);
      return a
        ? [
            {
              id,
              name: a.name ?? `Account ${id.slice(0, 4)}`,
              grade: a.grade === undefined ? 'A' : a.grade,
              status: a.status ?? 'ACTIVE',
            },
          ]
        : [];
    }),
  }));
}
