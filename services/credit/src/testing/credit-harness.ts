import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { type EventDefinition, envelope, guests, serviceRecovery } from '@guest-graph/events';
import { type Clock, ManualClock } from '@guest-graph/subgraph-kit';
import {
  answerAccountLookups,
  expectData,
  neighbourBus,
  startTestService,
  type TestService,
} from '@guest-graph/testing';
import { creditService } from '../index.js';

/**
 * The credit service on its own database and NATS namespace, with the neighbours it talks to played by
 * plain buses: accounts answers `accounts.lookup` for the accounts a test created, guests and
 * service-recovery publish their events. The other services are not the unit here.
 */
export async function startCreditHarness(opts: { clock?: Clock; env?: Record<string, string> } = {}) {
  const clock = opts.clock ?? new ManualClock('2026-03-02T09:00:00Z');
  const service = await startTestService(creditService, { clock, env: opts.env });
  const neighbour = await neighbourBus('neighbours', service.namespace);
  const known = new Set<string>();
  answerAccountLookups(neighbour, known);
  const publish = async <E extends EventDefinition>(def: E, data: unknown, id: string = randomUUID()) =>
    neighbour.publishDirect(def, envelope(def, data, { id }));

  const harness = {
    service,
    clock: clock as ManualClock,
    bus: neighbour,
    /** An account the accounts service knows. */
    newAccount() {
      const id = randomUUID();
      known.add(id);
      return id;
    },
    async gql<D = Record<string, unknown>>(
      query: string,
      variables: Record<string, unknown> = {},
      roles: Role[] = ['FINANCE'],
    ) {
      return expectData<D>(await service.query<D>(query, variables, roles));
    },
    async setTerms(accountId: string, limit: string, termDays = 30, rating: string | null = null) {
      return harness.gql(
        `mutation($a: ID!, $i: CreditTermsInput!) { setCreditTerms(accountId: $a, input: $i) { limit termDays status } }`,
        { a: accountId, i: { limit, termDays, rating } },
      );
    },
    async credit(accountId: string) {
      const d = await harness.gql<{ _entities: { credit: Record<string, string> }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { credit {
            limit outstanding available held headroom creditBalance status termDays rating hasTerms } } } }`,
        { r: [{ __typename: 'Account', id: accountId }] },
      );
      return d._entities[0]!.credit;
    },
    publish,
    /** A stay checked in, as the guests service announces it. */
    async checkIn(s: {
      accountId: string | null;
      stayId: string;
      nightlyRate: string;
      nights: number;
      method?: string;
    }) {
      await publish(guests.stayCheckedIn, {
        stayId: s.stayId,
        guestId: randomUUID(),
        propertyCode: 'SHA01',
        roomType: 'DLX',
        roomNumber: '1208',
        arrivalDate: '2026-03-02',
        departureDate: '2026-03-04',
        nights: s.nights,
        nightlyRate: s.nightlyRate,
        paymentMethod: s.method ?? 'DIRECT_BILL',
        accountId: s.accountId,
        checkedInAt: clock.now().toISOString(),
      });
    },
    /** A stay checked out, as the guests service announces it. */
    async checkOut(
      s: { accountId: string | null; total: string; stayId?: string; method?: string; at?: string },
      eventId?: string,
    ) {
      const stayId = s.stayId ?? randomUUID();
      await publish(
        guests.stayCheckedOut,
        {
          stayId,
          guestId: randomUUID(),
          propertyCode: 'SHA01',
          roomType: 'DLX',
          arrivalDate: '2026-02-27',
          departureDate: '2026-03-01',
          nights: 2,
          nightlyRate: '688.00',
          paymentMethod: s.method ?? 'DIRECT_BILL',
          accountId: s.accountId,
          charges: [{ outlet: 'ROOM', amount: s.total }],
          totalSpend: s.total,
          checkedOutAt: s.at ?? clock.now().toISOString(),
        },
        eventId,
      );
      return stayId;
    },
    async resolveCase(
      c: {
        accountId: string | null;
        billCredit: string | null;
        stayId?: string | null;
        caseId?: string;
        resolutionId?: string;
      },
      eventId?: string,
    ) {
      const caseId = c.caseId ?? randomUUID();
      await publish(
        serviceRecovery.caseResolved,
        {
          caseId,
          guestId: randomUUID(),
          stayId: c.stayId ?? null,
          category: 'NOISE',
          compensationPoints: 0,
          billCredit: c.billCredit,
          accountId: c.accountId,
          ...(c.resolutionId ? { resolutionId: c.resolutionId } : {}),
          resolvedAt: clock.now().toISOString(),
        },
        eventId,
      );
      return caseId;
    },
    async dispose() {
      await neighbour.close();
      await service.dispose();
    },
  };
  return harness;
}
export type CreditHarness = Awaited<ReturnType<typeof startCreditHarness>>;
export type { TestService };
