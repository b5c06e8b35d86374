import { mintToken } from '@guest-graph/auth';
import { arrivingToday, type GraphQLResponse, postGraphQL, type Random, seededRandom } from '@guest-graph/testing';

const cents = (m: string) => {
  const [w, f = ''] = m.replace('-', '').split('.');
  const v = BigInt(w!) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2) || '0');
  return m.startsWith('-') ? -v : v;
};
const money = (c: bigint) => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};

/** What the desk, guest relations and finance did, as the source confirmed it; the books are checked against it. */
export type Operation =
  | { kind: 'stay'; phase: string; guestId: string; stayId: string; points: number; state: OpState }
  | { kind: 'compensation'; phase: string; guestId: string; caseId: string; points: number; state: OpState }
  | { kind: 'direct-bill'; phase: string; accountId: string; stayId: string; total: bigint; state: OpState }
  | { kind: 'payment'; phase: string; accountId: string; reference: string; amount: bigint; state: OpState };
/** `unknown`: the last call failed, so whether it happened is asked of the source before the books close. */
type OpState = 'done' | 'unknown' | 'not-done';

interface Member {
  guestId: string;
  stays: number;
}
// Under 10 nights a year a member stays MEMBER, so each stay earns its base points and no tier bonus.
const NIGHTS_PER_MEMBER = 9;
// The books read an account's invoices and payments in one page of at most 200: a new account takes over
// well before one fills it.
const BILLS_PER_ACCOUNT = 150;

export class Hotel {
  readonly ops: Operation[] = [];
  readonly members: Member[] = [];
  readonly accounts: string[] = [];
  phase = 'setup';
  failures = 0;
  private readonly token = mintToken(['MANAGER'], { sub: 'chaos-driver', expiresInSeconds: 6 * 3600 });
  private readonly random: Random;
  private seq = 0;

  constructor(
    readonly gatewayUrl: string,
    seed = 9,
  ) {
    // The same stream of operations every run.
    this.random = seededRandom(seed);
  }

  async gql<D = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
    try {
      return await postGraphQL<D>(this.gatewayUrl, query, variables, { authorization: `Bearer ${this.token}` });
    } catch (e) {
      return { status: 0, errors: [{ message: (e as Error).message }] } as GraphQLResponse<D>;
    }
  }
  private async must<D>(query: string, variables: Record<string, unknown>): Promise<D | null> {
    const r = await this.gql<D>(query, variables);
    if (r.errors?.length || !r.data) {
      this.failures++;
      if (process.env.CHAOS_DEBUG) console.log('chaos: refused', JSON.stringify(r.errors ?? r).slice(0, 500));
      return null;
    }
    return r.data;
  }

  async setup(accounts: number, members: number) {
    for (let i = 0; i < accounts; i++) if (!(await this.newAccount())) throw new Error('could not open an account');
    for (let i = 0; i < members; i++) if (!(await this.newMember())) throw new Error('could not enrol a member');
  }

  private readonly bills = new Map<string, number>();
  private async newAccount() {
    const a = await this.must<{ createAccount: { id: string } }>(
      'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }',
      { i: { name: `Chaos Corp ${++this.seq} ${Date.now()}`, type: 'CORPORATE' } },
    );
    if (!a) return null;
    const t = await this.must(
      'mutation($a: ID!) { setCreditTerms(accountId: $a, input: { limit: "100000000.00", termDays: 30 }) { status } }',
      { a: a.createAccount.id },
    );
    if (!t) return null;
    this.accounts.push(a.createAccount.id);
    this.bills.set(a.createAccount.id, 0);
    return a.createAccount.id;
  }
  /** An account with room left in its page of invoices and payments, opening a new one when none has. */
  private async account() {
    const open = this.accounts.filter((a) => (this.bills.get(a) ?? 0) < BILLS_PER_ACCOUNT);
    const accountId = open.length ? this.pick(open) : await this.newAccount();
    if (accountId) this.bills.set(accountId, (this.bills.get(accountId) ?? 0) + 1);
    return accountId;
  }

  private async newGuest(name: string) {
    const g = await this.must<{ registerGuest: { id: string } }>(
      'mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }',
      { i: { fullName: `${name}${++this.seq}` } },
    );
    return g?.registerGuest.id ?? null;
  }
  private async newMember() {
    const guestId = await this.newGuest('会员');
    if (!guestId) return null;
    if (!(await this.must('mutation($g: ID!) { enrollMember(guestId: $g) { number } }', { g: guestId }))) return null;
    const m = { guestId, stays: 0 };
    this.members.push(m);
    return m;
  }
  private async member() {
    return this.members.find((m) => m.stays < NIGHTS_PER_MEMBER) ?? (await this.newMember());
  }
  private pick<T>(xs: readonly T[]) {
    return this.random.pick(xs);
  }
  private amount(min: number, max: number) {
    return BigInt(Math.round((min + this.random() * (max - min)) * 100));
  }

  // Check-in takes only the hotel's today; each guest's stays follow one another (checked out before the next).
  private async checkIn(guestId: string, paymentMethod: string, accountId?: string) {
    const r = await this.must<{ checkIn: { id: string } }>(
      'mutation($i: CheckInInput!) { checkIn(input: $i) { id } }',
      {
        i: {
          guestId,
          propertyCode: 'CHAOS',
          roomType: 'KING',
          ...arrivingToday(1),
          nightlyRate: '600.00',
          paymentMethod,
          ...(accountId ? { accountId } : {}),
        },
      },
    );
    return r?.checkIn.id ?? null;
  }
  private async checkOut(stayId: string, charges: { outlet: string; amount: bigint }[]): Promise<OpState> {
    const r = await this.gql('mutation($s: ID!, $c: [ChargeInput!]!) { checkOut(stayId: $s, charges: $c) { id } }', {
      s: stayId,
      c: charges.map((c) => ({ outlet: c.outlet, amount: money(c.amount) })),
    });
    if (r.errors?.length) this.failures++;
    return r.errors?.length ? 'unknown' : 'done';
  }

  /** One operation of the steady stream, chosen by the seeded generator. */
  async step() {
    const roll = this.random();
    if (roll < 0.4) return this.memberStay();
    if (roll < 0.6) return this.compensation();
    if (roll < 0.9) return this.directBill();
    return this.payment();
  }

  private async memberStay() {
    const m = await this.member();
    if (!m) return;
    m.stays++;
    const stayId = await this.checkIn(m.guestId, 'CARD');
    if (!stayId) return;
    const room = this.amount(300, 900);
    const food = this.amount(0, 300);
    const spa = this.amount(0, 200);
    // Contract: floor(ROOM + FOOD_AND_BEVERAGE) in whole currency units; other outlets earn nothing.
    const points = Number((room + food) / 100n);
    const op: Operation = { kind: 'stay', phase: this.phase, guestId: m.guestId, stayId, points, state: 'unknown' };
    this.ops.push(op);
    op.state = await this.checkOut(stayId, [
      { outlet: 'ROOM', amount: room },
      { outlet: 'FOOD_AND_BEVERAGE', amount: food },
      { outlet: 'SPA', amount: spa },
    ]);
  }

  private async compensation() {
    const withStays = this.members.filter((m) => m.stays > 0);
    if (!withStays.length) return;
    const m = this.pick(withStays);
    const c = await this.must<{ openCase: { id: string } }>(
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }',
      {
        i: { guestId: m.guestId, channel: 'PHONE', category: 'NOISE', severity: 'MEDIUM', description: 'Chaos night' },
      },
    );
    if (!c) return;
    const points = 10 + Math.floor(this.random() * 190);
    const op: Operation = {
      kind: 'compensation',
      phase: this.phase,
      guestId: m.guestId,
      caseId: c.openCase.id,
      points,
      state: 'unknown',
    };
    this.ops.push(op);
    const r = await this.gql('mutation($id: ID!, $i: ResolveCaseInput!) { resolveCase(id: $id, input: $i) { id } }', {
      id: c.openCase.id,
      i: { resolution: 'Apologised and compensated', compensationPoints: points },
    });
    if (r.errors?.length) this.failures++;
    op.state = r.errors?.length ? 'unknown' : 'done';
  }

  private async directBill() {
    const accountId = await this.account();
    if (!accountId) return;
    const guestId = await this.newGuest('协议客');
    if (!guestId) return;
    const stayId = await this.checkIn(guestId, 'DIRECT_BILL', accountId);
    if (!stayId) return;
    const room = this.amount(400, 800);
    const laundry = this.amount(0, 80);
    const op: Operation = {
      kind: 'direct-bill',
      phase: this.phase,
      accountId,
      stayId,
      total: room + laundry,
      state: 'unknown',
    };
    this.ops.push(op);
    op.state = await this.checkOut(stayId, [
      { outlet: 'ROOM', amount: room },
      { outlet: 'LAUNDRY', amount: laundry },
    ]);
  }

  private async payment() {
    const accountId = await this.account();
    if (!accountId) return;
    const amount = this.amount(10, 200);
    const reference = `chaos-${++this.seq}-${Date.now()}`;
    const op: Operation = { kind: 'payment', phase: this.phase, accountId, reference, amount, state: 'unknown' };
    this.ops.push(op);
    const r = await this.gql(
      'mutation($a: ID!, $m: Money!, $r: String) { recordPayment(accountId: $a, amount: $m, reference: $r) { id } }',
      {
        a: accountId,
        m: money(amount),
        r: reference,
      },
    );
    if (r.errors?.length) this.failures++;
    op.state = r.errors?.length ? 'unknown' : 'done';
  }

  /** Settles every `unknown` operation by asking the service that owns it whether it happened. */
  async reconcile() {
    for (const op of this.ops.filter((o) => o.state === 'unknown')) {
      if (op.kind === 'stay' || op.kind === 'direct-bill') {
        const r = await this.gql<{ stay: { status: string } | null }>('query($s: ID!) { stay(id: $s) { status } }', {
          s: op.stayId,
        });
        if (r.errors?.length) continue;
        op.state = r.data?.stay?.status === 'CHECKED_OUT' ? 'done' : 'not-done';
      } else if (op.kind === 'compensation') {
        const r = await this.gql<{ case: { status: string } | null }>('query($c: ID!) { case(id: $c) { status } }', {
          c: op.caseId,
        });
        if (r.errors?.length) continue;
        op.state = ['RESOLVED', 'CLOSED'].includes(r.data?.case?.status ?? '') ? 'done' : 'not-done';
      } else {
        const r = await this.gql<{ account: { credit: { payments: { edges: { node: { reference: string } }[] } } } }>(
          'query($a: ID!) { account(id: $a) { credit { payments(first: 200) { edges { node { reference } } } } } }',
          { a: op.accountId },
        );
        if (r.errors?.length) continue;
        op.state = r.data?.account.credit.payments.edges.some((e) => e.node.reference === op.reference)
          ? 'done'
          : 'not-done';
      }
    }
    return this.ops.filter((o) => o.state === 'unknown').length;
  }

  /**
   * Expected and found effects, one per cause: an EARN entry per member stay, a COMPENSATION entry per
   * resolved case, an invoice and a production stay per direct-billed stay, a payment per payment. Also
   * whether the money agrees: balances, outstanding, revenue.
   */
  async books() {
    const done = this.ops.filter((o) => o.state === 'done');
    const expected = new Map<string, number>();
    const found = new Map<string, number>();
    const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
    const points = new Map<string, number>();
    const perAccount = new Map<string, { stays: number; revenue: bigint; outstanding: bigint }>();
    for (const a of this.accounts) perAccount.set(a, { stays: 0, revenue: 0n, outstanding: 0n });
    for (const op of done) {
      if (op.kind === 'stay') {
        add(expected, `EARN ${op.stayId}`);
        points.set(op.guestId, (points.get(op.guestId) ?? 0) + op.points);
      } else if (op.kind === 'compensation') {
        add(expected, `COMPENSATION ${op.caseId}`);
        points.set(op.guestId, (points.get(op.guestId) ?? 0) + op.points);
      } else if (op.kind === 'direct-bill') {
        add(expected, `INVOICE ${op.stayId}`);
        add(expected, `PRODUCTION ${op.accountId}`);
        const a = perAccount.get(op.accountId)!;
        a.stays++;
        a.revenue += op.total;
        a.outstanding += op.total;
      } else {
        add(expected, `PAYMENT ${op.reference}`);
        perAccount.get(op.accountId)!.outstanding -= op.amount;
      }
    }
    const mismatches: string[] = [];
    // Members in batches of 25 aliases a request (the gateway allows 50 aliases and a cost of 20,000).
    type Ms = {
      membership: { pointsBalance: number; transactions: { type: string; points: number; reference: string }[] };
    };
    for (let i = 0; i < this.members.length; i += 25) {
      const batch = this.members.slice(i, i + 25);
      const r = await this.gql<Record<string, Ms>>(
        `query(${batch.map((_, j) => `$g${j}: ID!`).join(', ')}) { ${batch
          .map(
            (_, j) =>
              `m${j}: guest(id: $g${j}) { membership { pointsBalance transactions(first: 200) { type points reference } } }`,
          )
          .join(' ')} }`,
        Object.fromEntries(batch.map((m, j) => [`g${j}`, m.guestId])),
      );
      if (r.errors?.length) throw new Error(`books: ${JSON.stringify(r.errors).slice(0, 500)}`);
      for (const [j, m] of batch.entries()) {
        const ms = r.data![`m${j}`]!.membership;
        for (const t of ms.transactions) add(found, `${t.type} ${t.reference}`);
        const want = points.get(m.guestId) ?? 0;
        if (ms.pointsBalance !== want)
          mismatches.push(`member ${m.guestId}: ${ms.pointsBalance} points, expected ${want}`);
      }
    }
    for (const [accountId, want] of perAccount) {
      const r = await this.gql<{
        account: {
          production: { stays: number; revenue: string };
          credit: {
            outstanding: string;
            invoices: { edges: { node: { stayId: string } }[] };
            payments: { edges: { node: { reference: string } }[] };
          };
        };
      }>(
        `query($a: ID!) { account(id: $a) { production { stays revenue }
          credit { outstanding invoices(first: 200) { edges { node { stayId } } }
            payments(first: 200) { edges { node { reference } } } } } }`,
        { a: accountId },
      );
      if (r.errors?.length) throw new Error(`books: ${JSON.stringify(r.errors)}`);
      const a = r.data!.account;
      add(found, `PRODUCTION ${accountId}`, a.production.stays);
      for (const { node: i } of a.credit.invoices.edges) add(found, `INVOICE ${i.stayId}`);
      for (const { node: p } of a.credit.payments.edges) add(found, `PAYMENT ${p.reference}`);
      if (cents(a.production.revenue) !== want.revenue)
        mismatches.push(`account ${accountId}: revenue ${a.production.revenue}, expected ${money(want.revenue)}`);
      if (cents(a.credit.outstanding) !== want.outstanding)
        mismatches.push(
          `account ${accountId}: outstanding ${a.credit.outstanding}, expected ${money(want.outstanding)}`,
        );
    }
    let lost = 0;
    let doubled = 0;
    const keys = new Set([...expected.keys(), ...found.keys()]);
    for (const k of keys) {
      const e = expected.get(k) ?? 0;
      const f = found.get(k) ?? 0;
      if (f < e) lost += e - f;
      if (f > e) doubled += f - e;
    }
    const sum = (m: Map<string, number>) => [...m.values()].reduce((t, n) => t + n, 0);
    return { expected: sum(expected), found: sum(found), lost, doubled, mismatches };
  }
}
