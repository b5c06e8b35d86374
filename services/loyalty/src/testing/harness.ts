import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { type EventBus as Bus, type EventData, type EventDefinition, envelope } from '@guest-graph/events';
import { addDays, type Clock, ManualClock } from '@guest-graph/subgraph-kit';
import {
  answerGuestLookups,
  createTestDatabase,
  type GraphQLResponse,
  neighbourBus,
  sql,
  startTestService,
  type TestDatabase,
  type TestService,
  testNamespace,
  waitFor,
} from '@guest-graph/testing';
import { expect } from 'vitest';
import { loyaltyService } from '../index.js';

/**
 * The loyalty service on its own database and NATS namespace, with a second bus that plays the services it
 * listens to: it publishes their catalogue events and answers `guests.lookup` from a list of known guests.
 */
export class LoyaltyHarness {
  readonly knownGuests = new Map<string, { mergedInto: string | null }>();
  readonly inconsistentReads: { guestId: string; balance: number; entries: number | undefined }[] = [];
  private constructor(
    readonly db: TestDatabase,
    readonly namespace: string,
    public service: TestService,
    readonly others: Bus,
    private readonly clock?: Clock,
  ) {}

  /**
   * The clock defaults to the first day of 2026, the year the sample stays check out in, whenever tests run:
   * members enrol then, before their stays check out.
   */
  static async start(opts: { clock?: Clock; db?: TestDatabase } = {}) {
    opts = { clock: new ManualClock('2026-01-01T00:00:00Z'), ...opts };
    // An existing database (one an older version migrated) to test an upgrade; a fresh one otherwise.
    const db = opts.db ?? (await createTestDatabase('loyalty'));
    const namespace = testNamespace();
    const service = await startTestService(loyaltyService, { databaseUrl: db.url, namespace, clock: opts.clock });
    const others = await neighbourBus('guests', namespace);
    const h = new LoyaltyHarness(db, namespace, service, others, opts.clock);
    answerGuestLookups(others, (id) => h.knownGuests.get(id));
    await others.nc.flush();
    return h;
  }

  /** A guest the guests service knows. */
  guest(): string {
    const id = randomUUID();
    this.knownGuests.set(id, { mergedInto: null });
    return id;
  }

  query<D = Record<string, unknown>>(q: string, vars: Record<string, unknown> = {}, roles: Role[] = ['MANAGER']) {
    return this.service.query<D>(q, vars, roles) as Promise<GraphQLResponse<D>>;
  }

  async data<D = Record<string, unknown>>(q: string, vars: Record<string, unknown> = {}, roles: Role[] = ['MANAGER']) {
    const res = await this.query<D>(q, vars, roles);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** Enrols a new known guest; returns its id and member number. */
  async member(roles: Role[] = ['FRONT_OFFICE']) {
    const guestId = this.guest();
    const { enrollMember } = await this.data<{ enrollMember: { number: string } }>(
      'mutation($g: ID!) { enrollMember(guestId: $g) { number } }',
      { g: guestId },
      roles,
    );
    return { guestId, number: enrollMember.number };
  }

  /** Publishes one event as its producer would; `id` to send the same event again. */
  async publish<E extends EventDefinition>(def: E, data: EventData<E>, opts: { id?: string; msgId?: string } = {}) {
    const env = envelope(def, def.schema.parse(data), { id: opts.id });
    // A distinct Nats-Msg-Id lets a redelivery of the same event id past JetStream's dedup, as a replay would.
    await this.others.publishDirect(def, env, opts.msgId ?? randomUUID());
    return env.id;
  }

  async membership(guestId: string, first = 50) {
    const { _entities } = await this.data<{ _entities: { membership: Membership | null }[] }>(
      `query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on Guest { membership {
          number tier pointsBalance nightsThisYear nextTier nightsToNextTier
          benefits { bonusPercent lateCheckOutHour roomUpgrade welcomeAmenity }
          pointsExpiry { date points }
          transactions(first: $first) { id type points reference reason causedBy }
      } } } }`,
      { r: [{ __typename: 'Guest', id: guestId }], first },
    );
    const m = _entities[0]!.membership;
    // Every read, even one racing an event, must show a balance that is the sum of the history shown with it.
    // Recorded rather than thrown, since waitFor would swallow a throw and try again.
    const shown = m?.transactions.reduce((t, e) => t + e.points, 0);
    if (m && m.transactions.length < first && m.pointsBalance !== shown)
      this.inconsistentReads.push({ guestId, balance: m.pointsBalance, entries: shown });
    return m;
  }

  /** Waits for the membership of `guestId` to satisfy `done` (effects of events: "within 5 seconds"). */
  waitForMembership(guestId: string, done: (m: Membership) => boolean) {
    return waitFor(
      () => this.membership(guestId, 200),
      (m) => !!m && done(m),
      { timeoutMs: 5000 },
    ) as Promise<Membership>;
  }

  /**
   * Waits until every loyalty consumer has handled everything published so far: nothing pending, nothing
   * unacknowledged. How a test knows a duplicate delivery has been and gone without sleeping.
   */
  async drained() {
    const jsm = this.others.jsm;
    await waitFor(
      async () => {
        for (const producer of ['guests', 'service-recovery'] as const) {
          const stream = this.others.streamName(producer);
          for await (const c of jsm.consumers.list(stream)) {
            if (!c.name.startsWith('loyalty__')) continue;
            if (c.num_pending > 0 || c.num_ack_pending > 0) return false;
          }
        }
        return true;
      },
      (done) => done,
      { timeoutMs: 5000 },
    );
  }

  /** The ledger's invariant, checked for every membership in the database. */
  async expectLedgerBalances() {
    expect(this.inconsistentReads).toEqual([]);
    const rows = await sql<{ id: string; balance: string; total: string }>(
      this.db.url,
      `SELECT m.id, m.points_balance AS balance, coalesce(sum(e.points), 0) AS total
         FROM loyalty.membership m LEFT JOIN loyalty.ledger_entry e ON e.membership_id = m.id
        GROUP BY m.id`,
    );
    for (const r of rows) expect({ id: r.id, balance: r.balance }).toEqual({ id: r.id, balance: r.total });
    const [negative] = await sql<{ c: number }>(
      this.db.url,
      `SELECT count(*)::int AS c FROM loyalty.membership WHERE points_balance < 0`,
    );
    expect(negative!.c).toBe(0);
    return rows.length;
  }

  /** Stops the service (as a crash or deploy would) and starts it again on the same database and bus. */
  async restart(whileDown?: () => Promise<void>) {
    await this.service.stop();
    await whileDown?.();
    this.service = await startTestService(loyaltyService, {
      databaseUrl: this.db.url,
      namespace: this.namespace,
      clock: this.clock,
    });
  }

  async dispose() {
    await this.others?.close();
    await this.service?.stop();
    await this.db?.drop();
  }
}

export interface Membership {
  number: string;
  tier: string;
  pointsBalance: number;
  nightsThisYear: number;
  nextTier: string | null;
  nightsToNextTier: number | null;
  benefits: { bonusPercent: number; lateCheckOutHour: number; roomUpgrade: boolean; welcomeAmenity: string | null };
  pointsExpiry: { date: string; points: number } | null;
  transactions: {
    id: string;
    type: string;
    points: number;
    reference: string | null;
    reason: string | null;
    causedBy: string;
  }[];
}

/** A stay.checked-out payload for a guest. */
export function checkedOut(
  guestId: string,
  opts: {
    stayId?: string;
    room?: string;
    food?: string;
    other?: string;
    arrivalDate?: string;
    departureDate?: string;
    nights?: number;
  } = {},
) {
  const arrivalDate = opts.arrivalDate ?? '2026-03-02';
  const nights = opts.nights ?? 2;
  const departureDate = opts.departureDate ?? addDays(arrivalDate, nights);
  const charges = [
    { outlet: 'ROOM' as const, amount: opts.room ?? '1376.00' },
    { outlet: 'FOOD_AND_BEVERAGE' as const, amount: opts.food ?? '0.00' },
    ...(opts.other ? [{ outlet: 'SPA' as const, amount: opts.other }] : []),
  ];
  return {
    stayId: opts.stayId ?? randomUUID(),
    guestId,
    propertyCode: 'SHA01',
    roomType: 'DELUXE',
    arrivalDate,
    departureDate,
    nights,
    nightlyRate: '688.00',
    paymentMethod: 'CARD' as const,
    accountId: null,
    charges,
    totalSpend: '0.00',
    checkedOutAt: `${departureDate}T04:00:00.000Z`,
  };
}
