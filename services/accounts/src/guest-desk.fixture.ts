import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { EventBus, type EventData, envelope, guests } from '@guest-graph/events';
import { addDays, type Clock } from '@guest-graph/subgraph-kit';
import { answerGuestLookups, neighbourBus, startTestService, type TestService } from '@guest-graph/testing';
import { accountsService } from './index.js';

/** A GraphQL answer or an event payload, read by shape in tests; the assertions check it. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

/**
 * The accounts service on a fresh database and namespace, with the front desk played beside it: a bus speaking
 * as the guests service answers `guests.lookup` for the guests a test registers and publishes check-outs.
 */
export interface AccountsDesk {
  service: TestService;
  guestsBus: EventBus;
  /** Guests the fake register knows (guests.lookup answers for these); value = merged into. */
  register: Map<string, string | null>;
  registerGuest(mergedInto?: string | null): string;
  gql<D = Json>(query: string, variables?: Record<string, unknown>, roles?: Role[]): Promise<D>;
  raw: TestService['query'];
  checkOut(stay: Partial<EventData<typeof guests.stayCheckedOut>>, eventId?: string): Promise<string>;
  publish<E extends import('@guest-graph/events').EventDefinition>(
    def: E,
    data: EventData<E>,
    eventId?: string,
  ): Promise<void>;
  createAccount(
    input: Record<string, unknown>,
    roles?: Role[],
  ): Promise<{ id: string; name: string; grade: string | null }>;
  /**
   * SQL statements sent while `work` runs, leaving out the outbox relay's polling and the inbox: those run on
   * their own timer and would make a count of a request's statements depend on the moment it was taken.
   */
  statementsOf(work: () => Promise<unknown>): Promise<number>;
  dispose(): Promise<void>;
}

export async function startAccountsDesk(
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<AccountsDesk> {
  const service = await startTestService(accountsService, opts);
  // A stay checks out by the clock the service reads, so a pinned clock pins the desk too.
  const clock = service.runtime.clock;
  const guestsBus = await neighbourBus('guests', service.namespace);
  const register = new Map<string, string | null>();
  answerGuestLookups(guestsBus, (id) =>
    register.has(id) ? { segment: 'BUSINESS', mergedInto: register.get(id) } : undefined,
  );
  await guestsBus.nc.flush();

  const gql = async (query: string, variables: Record<string, unknown> = {}, roles: Role[] = ['MANAGER']) => {
    const res = await service.query(query, variables, roles);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as Json;
  };
  const publish: AccountsDesk['publish'] = async (def, data, eventId) => {
    const env = envelope(def, def.schema.parse(data), { id: eventId });
    await guestsBus.publishDirect(def, env, env.id);
  };
  return {
    service,
    guestsBus,
    register,
    registerGuest(mergedInto = null) {
      const id = randomUUID();
      register.set(id, mergedInto);
      return id;
    },
    gql,
    raw: service.query,
    async checkOut(stay, eventId) {
      const checkedOutAt = clock.now();
      const day = (d: number) => addDays(clock.dateOf(checkedOutAt), -d);
      const data = {
        stayId: randomUUID(),
        guestId: randomUUID(),
        propertyCode: 'SHA01',
        roomType: 'DELUXE_KING',
        arrivalDate: day(2),
        departureDate: day(0),
        nights: 2,
        nightlyRate: '688.00',
        paymentMethod: 'CARD' as const,
        accountId: null,
        charges: [{ outlet: 'ROOM' as const, amount: '1376.00' }],
        totalSpend: '1376.00',
        checkedOutAt: checkedOutAt.toISOString(),
        ...stay,
      };
      await publish(guests.stayCheckedOut, data, eventId);
      return data.stayId;
    },
    publish,
    async createAccount(input, roles = ['SALES']) {
      const data = await gql(
        'mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name grade } }',
        { input: { type: 'CORPORATE', ...input } },
        roles,
      );
      return data.createAccount;
    },
    async statementsOf(work) {
      const counter = service.runtime.queries;
      const original = counter.logQuery;
      let n = 0;
      counter.logQuery = function (this: typeof counter, query: string) {
        if (!/\b(outbox|inbox)\b/.test(query)) n++;
        return original.call(this, query);
      };
      try {
        await work();
      } finally {
        counter.logQuery = original;
      }
      return n;
    },
    async dispose() {
      await guestsBus.close();
      await service.dispose();
    },
  };
}
