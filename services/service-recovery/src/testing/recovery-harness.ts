import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { type EventDefinition, envelope } from '@guest-graph/events';
import type { ManualClock } from '@guest-graph/subgraph-kit';
import { answerGuestLookups, neighbourBus, sql, startTestService, type TestService } from '@guest-graph/testing';
import { serviceRecoveryService } from '../index.js';

/**
 * Service-recovery on a fresh database and namespace, with the guests service played by a second bus: it
 * answers `guests.lookup` for the guests a test registers and publishes guests' events.
 */
export async function startRecovery(clock: ManualClock, env: Record<string, string> = {}) {
  const service = await startTestService(serviceRecoveryService, {
    clock,
    // The scheduled SLA check would race the tests' own runs; they call markSlaBreaches themselves.
    env: { SERVICE_RECOVERY_SLA_CHECK_MS: '86400000', ...env },
  });
  // The outbox relay polls on its own timer through the same DataSource; its statements are not the
  // request's, and counting them would make "a constant number of queries" depend on timing.
  const counter = service.runtime.queries;
  const count = counter.logQuery.bind(counter);
  counter.logQuery = (query: string) => {
    if (!/"?service_recovery"?\."?(outbox|inbox)"?/.test(query)) count(query);
  };
  const guestsBus = await neighbourBus('guests', service.namespace);
  const register = new Map<string, string | null>();
  // Stays the fake register knows: those whose guests events the harness published.
  const stays = new Map<string, string>();
  const departed = new Set<string>();
  answerGuestLookups(guestsBus, register, stays, departed);

  const harness = {
    service,
    clock,
    /** A guest the fake register knows (optionally merged into another). */
    guest(mergedInto: string | null = null) {
      const id = randomUUID();
      register.set(id, mergedInto);
      return id;
    },
    /** A stay the fake register knows but whose events have not reached the service yet. */
    knowStay(stayId: string, guestId: string) {
      stays.set(stayId, guestId);
    },
    /** Publishes as guests would; a different `msgId` gets a redelivery of the same event past JetStream's dedup. */
    publish<E extends EventDefinition>(def: E, data: unknown, id = randomUUID(), msgId = id) {
      const d = data as { stayId?: string; guestId?: string } | null;
      if (def.producer === 'guests' && d?.stayId && d.guestId) stays.set(d.stayId, d.guestId);
      if (def.name === 'stay.checked-out' && d?.stayId) departed.add(d.stayId);
      return guestsBus.publishDirect(def, envelope(def, data, { id }), msgId);
    },
    /** Events written to the outbox, oldest first. */
    async events(type: string) {
      const rows = await sql<{ payload: { data: Record<string, unknown> } }>(
        service.databaseUrl,
        'SELECT payload FROM service_recovery.outbox WHERE type = $1 ORDER BY seq',
        [type],
      );
      return rows.map((r) => r.payload.data);
    },
    db<T = Record<string, unknown>>(text: string, params: unknown[] = []) {
      return sql<T>(service.databaseUrl, text, params);
    },
    async gql<D = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown> = {},
      roles: Role[] = ['MANAGER'],
    ) {
      return service.query<D>(query, variables, roles);
    },
    async openCase(input: Record<string, unknown>, roles: Role[] = ['FRONT_OFFICE']) {
      const res = await service.query<{ openCase: { id: string; status: string; severity: string; dueAt: string } }>(
        OPEN_CASE,
        {
          input: {
            channel: 'FRONT_DESK',
            category: 'NOISE',
            severity: 'MEDIUM',
            description: 'Noise from 1809',
            ...input,
          },
        },
        roles,
      );
      if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
      return res.data!.openCase;
    },
    /** Guests goes quiet: nobody answers guests.lookup any more. */
    async stopGuests() {
      await guestsBus.close();
    },
    async dispose() {
      if (!guestsBus.nc.isClosed()) await guestsBus.close();
      await service.dispose();
    },
  };
  return harness;
}
export type RecoveryHarness = Awaited<ReturnType<typeof startRecovery>>;
export type { TestService };

export const OPEN_CASE = `mutation OpenCase($input: OpenCaseInput!) {
  openCase(input: $input) { id status severity dueAt }
}`;
export const RESOLVE_CASE = `mutation ResolveCase($id: ID!, $input: ResolveCaseInput!) {
  resolveCase(id: $id, input: $input) { id status }
}`;

/** A stay.checked-out payload as guests publishes it. */
export function checkedOut(guestId: string, over: Record<string, unknown> = {}) {
  return {
    stayId: randomUUID(),
    guestId,
    propertyCode: 'SHA01',
    roomType: 'DLK',
    arrivalDate: '2026-03-01',
    departureDate: '2026-03-03',
    nights: 2,
    nightlyRate: '688.00',
    paymentMethod: 'CARD',
    accountId: null,
    charges: [{ outlet: 'ROOM', amount: '1376.00' }],
    totalSpend: '1376.00',
    checkedOutAt: '2026-03-03T04:00:00.000Z',
    ...over,
  };
}
