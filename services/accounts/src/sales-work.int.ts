import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor } from './application/index.js';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// The sales office's work (seed 004) on a clock the test turns: cadence, visits, contracts, targets, rates.
let desk: AccountsDesk;
const clock = new ManualClock('2026-03-02T09:00:00Z');
const SALES = ['SALES' as const];

beforeAll(async () => {
  // Grade B is contacted every 10 days here instead of 14: the cadence is configurable.
  desk = await startAccountsDesk({
    clock,
    env: { ACCOUNTS_CONTACT_CADENCE: 'B=10', ACCOUNTS_RENEWAL_ALERT_DAYS: '30' },
  });
});
afterAll(async () => desk?.dispose());

const activity = (accountId: string, occurredAt?: string, kind = 'VISIT') =>
  desk.gql(
    `mutation($input: SalesActivityInput!) { recordSalesActivity(input: $input) { id kind occurredAt staffId } }`,
    {
      input: {
        accountId,
        kind,
        occurredAt,
        purpose: 'Annual rate review',
        nextStep: 'Send proposal',
        nextStepOn: '2026-03-10',
      },
    },
    SALES,
  );
const DUE = `query($owner: ID) { accountsDueForContact(ownerId: $owner) {
  account { id name } grade cadenceDays lastContactAt dueOn daysOverdue } }`;

describe('contact cadence', () => {
  it('lists a sales person’s accounts overdue for contact, most overdue first, and a visit clears one', async () => {
    const owner = 'staff-chen';
    const a = await desk.createAccount({ name: 'Cadence A', grade: 'A', ownerId: owner });
    const b = await desk.createAccount({ name: 'Cadence B', grade: 'B', ownerId: owner });
    const c = await desk.createAccount({ name: 'Cadence C', grade: 'C', ownerId: owner });
    await desk.createAccount({ name: 'Someone else’s', grade: 'A', ownerId: 'staff-li' });
    expect((await desk.gql(DUE, { owner }, SALES)).accountsDueForContact).toEqual([]);

    clock.advanceDays(12);
    let due = (await desk.gql(DUE, { owner }, SALES)).accountsDueForContact;
    expect(due.map((d: { account: { name: string } }) => d.account.name)).toEqual(['Cadence A', 'Cadence B']);
    expect(due[0]).toMatchObject({
      grade: 'A',
      cadenceDays: 7,
      dueOn: '2026-03-09',
      daysOverdue: 5,
      lastContactAt: null,
    });
    expect(due[1]).toMatchObject({ grade: 'B', cadenceDays: 10, dueOn: '2026-03-12', daysOverdue: 2 });

    // A call two days ago counts as the contact: A is within its week again.
    await activity(a.id, '2026-03-12T09:00:00Z', 'CALL');
    due = (await desk.gql(DUE, { owner }, SALES)).accountsDueForContact;
    expect(due.map((d: { account: { id: string } }) => d.account.id)).toEqual([b.id]);
    // An older activity entered late never moves the last contact back.
    await activity(a.id, '2026-03-03T09:00:00Z');
    const { account } = await desk.gql('query($id: ID!) { account(id: $id) { lastContactAt contactCadenceDays } }', {
      id: a.id,
    });
    expect(account).toEqual({ lastContactAt: '2026-03-12T09:00:00.000Z', contactCadenceDays: 7 });

    clock.advanceDays(20);
    due = (await desk.gql(DUE, { owner }, SALES)).accountsDueForContact;
    expect(due.map((d: { account: { id: string }; daysOverdue: number }) => [d.account.id, d.daysOverdue])).toEqual(
      [
        [a.id, 22 - 7],
        [b.id, 32 - 10],
        [c.id, 32 - 30],
      ].sort((x, y) => (y[1] as number) - (x[1] as number)),
    );

    const compliance = await desk.gql(
      'query($o: ID) { accountCadenceCompliance(ownerId: $o) { ownerId grade accounts withinCadence overdue rate } }',
      { o: owner },
      ['ANALYST'],
    );
    expect(compliance.accountCadenceCompliance).toEqual([
      { ownerId: owner, grade: 'A', accounts: 1, withinCadence: 0, overdue: 1, rate: 0 },
      { ownerId: owner, grade: 'B', accounts: 1, withinCadence: 0, overdue: 1, rate: 0 },
      { ownerId: owner, grade: 'C', accounts: 1, withinCadence: 0, overdue: 1, rate: 0 },
    ]);
    // Each activity set its next step for 10 March; only A's latest one is still waiting (B and C had none).
    const followUps = await desk.gql(
      'query($o: ID) { salesFollowUpsDue(ownerId: $o) { edges { node { account { id } kind nextStep nextStepOn } } } }',
      { o: owner },
      SALES,
    );
    expect(followUps.salesFollowUpsDue.edges.map((e: Json) => e.node)).toEqual([
      { account: { id: a.id }, kind: 'CALL', nextStep: 'Send proposal', nextStepOn: '2026-03-10' },
    ]);
    const activities = await desk.gql(
      'query($id: ID!) { account(id: $id) { activities { edges { node { kind occurredAt } } } } }',
      { id: a.id },
    );
    expect(activities.account.activities.edges.map((e: Json) => e.node)).toEqual([
      { kind: 'CALL', occurredAt: '2026-03-12T09:00:00.000Z' },
      { kind: 'VISIT', occurredAt: '2026-03-03T09:00:00.000Z' },
    ]);
  });

  it('refuses an activity dated in the future or for an unknown account', async () => {
    const { id } = await desk.createAccount({ name: 'Future Visit Co', grade: 'C' });
    const future = await desk.raw(
      'mutation($i: SalesActivityInput!) { recordSalesActivity(input: $i) { id } }',
      { i: { accountId: id, kind: 'VISIT', occurredAt: '2030-01-01T00:00:00Z' } },
      SALES,
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.occurredAt' });
    const unknown = await desk.raw(
      'mutation($i: SalesActivityInput!) { recordSalesActivity(input: $i) { id } }',
      { i: { accountId: '6c1c7e0e-0000-4000-8000-000000000000', kind: 'CALL' } },
      SALES,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('negotiated rates and contacts', () => {
  it('gives the rate in force on a date: the room type’s own rate over a general one, the newest over the old', async () => {
    clock.set('2026-04-01T09:00:00Z');
    const { id } = await desk.createAccount({ name: 'Rates Co', negotiatedRate: '600.00' });
    const add = (input: Record<string, unknown>) =>
      desk.gql(
        'mutation($a: ID!, $i: AccountRateInput!) { addNegotiatedRate(accountId: $a, input: $i) { id } }',
        { a: id, i: input },
        SALES,
      );
    await add({ roomType: 'DELUXE_KING', rate: '650.00', validFrom: '2026-04-01', validTo: '2026-06-30' });
    await add({ roomType: 'DELUXE_KING', rate: '699.00', validFrom: '2026-05-01', validTo: '2026-12-31' });
    const inForce = async (on: string | null, roomType: string | null) =>
      (
        await desk.gql(
          'query($id: ID!, $on: Date, $rt: String) { account(id: $id) { rateInForce(on: $on, roomType: $rt) { rate roomType } } }',
          { id, on, rt: roomType },
        )
      ).account.rateInForce;
    expect(await inForce('2026-04-15', 'DELUXE_KING')).toEqual({ rate: '650.00', roomType: 'DELUXE_KING' });
    expect(await inForce('2026-05-15', 'DELUXE_KING')).toEqual({ rate: '699.00', roomType: 'DELUXE_KING' });
    expect(await inForce('2026-05-15', 'TWIN')).toEqual({ rate: '600.00', roomType: null });
    expect(await inForce(null, 'DELUXE_KING')).toEqual({ rate: '650.00', roomType: 'DELUXE_KING' });
    expect(await inForce('2026-03-31', 'TWIN')).toBeNull();
    const bad = await desk.raw(
      'mutation($a: ID!, $i: AccountRateInput!) { addNegotiatedRate(accountId: $a, input: $i) { id } }',
      { a: id, i: { rate: '500.00', validFrom: '2026-05-01', validTo: '2026-04-01' } },
      SALES,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.validTo' });
  });

  it('keeps the people at an account, decision makers first, away from ANALYST', async () => {
    const { id } = await desk.createAccount({ name: 'Contacts Co' });
    const add = (input: Record<string, unknown>) =>
      desk.raw(
        'mutation($a: ID!, $i: AccountContactInput!) { addAccountContact(accountId: $a, input: $i) { id name } }',
        { a: id, i: input },
        SALES,
      );
    await add({
      name: '赵敏',
      title: '行政经理',
      phone: '021-5888 1234',
      email: 'zhao@example.cn',
      birthday: '1985-06-01',
    });
    await add({ name: '张总', title: '总经理', decisionMaker: true });
    const badEmail = await add({ name: 'X', email: 'not-an-email' });
    expect(badEmail.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const { account } = await desk.gql(
      'query($id: ID!) { account(id: $id) { contacts { name decisionMaker birthday } } }',
      { id },
      SALES,
    );
    expect(account.contacts).toEqual([
      { name: '张总', decisionMaker: true, birthday: null },
      { name: '赵敏', decisionMaker: false, birthday: '1985-06-01' },
    ]);
    clock.set('2026-05-25T09:00:00Z');
    const birthdays = await desk.gql(
      'query { upcomingContactBirthdays(withinDays: 7) { contact { name } account { name } on daysAway turning } }',
      {},
      SALES,
    );
    expect(birthdays.upcomingContactBirthdays).toEqual([
      { contact: { name: '赵敏' }, account: { name: 'Contacts Co' }, on: '2026-06-01', daysAway: 7, turning: 41 },
    ]);
    const analyst = await desk.raw('query($id: ID!) { account(id: $id) { name contacts { name } } }', { id }, [
      'ANALYST',
    ]);
    expect(analyst.data).toEqual({ account: { name: 'Contacts Co', contacts: null } });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('contracts', () => {
  it('activates, alerts before the end, compares commitment with actual nights and expires', async () => {
    clock.set('2026-06-01T09:00:00Z');
    const { id: accountId } = await desk.createAccount({ name: 'Contract Co', grade: 'A' });
    const created = await desk.gql(
      `mutation($i: AccountContractInput!) { createAccountContract(input: $i) { id status } }`,
      {
        i: {
          accountId,
          reference: 'SH-2026-017',
          validFrom: '2026-01-01',
          validTo: '2026-06-20',
          roomNightCommitment: 100,
        },
      },
      SALES,
    );
    const contractId = created.createAccountContract.id;
    expect(created.createAccountContract.status).toBe('DRAFT');
    const ALERTS =
      'query($d: Int) { accountContractRenewalAlerts(withinDays: $d) { contract { id } account { name } daysLeft } }';
    expect((await desk.gql(ALERTS, {}, SALES)).accountContractRenewalAlerts).toEqual([]);
    // Seed 004: reviewed before signing. A draft cannot be signed; sales sends it, a manager rejects it with a
    // note, sales revises and resends it, the manager approves it, and only then is it signed.
    const ACT = 'mutation($id: ID!) { activateAccountContract(id: $id) { status } }';
    const SUBMIT = 'mutation($id: ID!) { submitAccountContractForReview(id: $id) { status } }';
    const REVIEW = `mutation($id: ID!, $ok: Boolean!, $note: String) { reviewAccountContract(id: $id, approved: $ok, note: $note) {
      status review { submittedBy reviewedBy note } } }`;
    const early = await desk.raw(ACT, { id: contractId }, SALES);
    expect(early.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(early.errors?.[0]?.message).toMatch(/approves it first/);
    expect((await desk.gql(SUBMIT, { id: contractId }, SALES)).submitAccountContractForReview.status).toBe('IN_REVIEW');
    expect((await desk.raw(REVIEW, { id: contractId, ok: true }, SALES)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await desk.raw(REVIEW, { id: contractId, ok: false }, ['MANAGER'])).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
    const rejected = await desk.gql(REVIEW, { id: contractId, ok: false, note: 'Rate below floor' }, ['MANAGER']);
    expect(rejected.reviewAccountContract).toMatchObject({ status: 'REJECTED', review: { note: 'Rate below floor' } });
    expect((await desk.raw(ACT, { id: contractId }, SALES)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const REVISE = 'mutation($id: ID!) { reviseAccountContract(id: $id) { status } }';
    expect((await desk.gql(REVISE, { id: contractId }, SALES)).reviseAccountContract.status).toBe('DRAFT');
    await desk.gql(SUBMIT, { id: contractId }, SALES);
    const approved = await desk.gql(REVIEW, { id: contractId, ok: true, note: 'Fine' }, ['MANAGER']);
    expect(approved.reviewAccountContract.status).toBe('APPROVED');
    expect(approved.reviewAccountContract.review.reviewedBy).toBeTruthy();
    expect(approved.reviewAccountContract.review.submittedBy).toBeTruthy();
    expect((await desk.raw(REVIEW, { id: contractId, ok: true }, ['MANAGER'])).errors?.[0]?.extensions?.code).toBe(
      'INVALID_STATE',
    );
    const act = await desk.gql(
      'mutation($id: ID!) { activateAccountContract(id: $id) { status } }',
      { id: contractId },
      SALES,
    );
    expect(act.activateAccountContract.status).toBe('ACTIVE');
    const again = await desk.raw(
      'mutation($id: ID!) { activateAccountContract(id: $id) { status } }',
      { id: contractId },
      SALES,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    // 19 days left: inside the configured 30-day window, outside a 10-day one.
    expect((await desk.gql(ALERTS, {}, SALES)).accountContractRenewalAlerts).toEqual([
      { contract: { id: contractId }, account: { name: 'Contract Co' }, daysLeft: 19 },
    ]);
    expect((await desk.gql(ALERTS, { d: 10 }, SALES)).accountContractRenewalAlerts).toEqual([]);

    await desk.checkOut({ accountId, nights: 30, totalSpend: '18000.00', checkedOutAt: '2026-03-01T03:00:00Z' });
    await desk.checkOut({ accountId, nights: 5, totalSpend: '3000.00', checkedOutAt: '2025-12-01T03:00:00Z' });
    const PERF =
      'query($id: ID!) { account(id: $id) { contracts { status performance { committedRoomNights actualRoomNights actualRevenue ratio } } } }';
    await waitFor(
      async () => (await desk.gql(PERF, { id: accountId }, SALES)).account.contracts[0].performance.actualRoomNights,
      (n) => n === 30,
    );
    expect((await desk.gql(PERF, { id: accountId }, SALES)).account.contracts[0].performance).toEqual({
      committedRoomNights: 100,
      actualRoomNights: 30,
      actualRevenue: '18000.00',
      ratio: 0.3,
    });

    clock.set('2026-06-21T01:00:00Z');
    expect(await appFor(desk.service.runtime).expireContracts()).toBe(1);
    expect(await appFor(desk.service.runtime).expireContracts()).toBe(0);
    expect((await desk.gql(PERF, { id: accountId }, SALES)).account.contracts[0].status).toBe('EXPIRED');
    const terminate = await desk.raw(
      'mutation($id: ID!) { terminateAccountContract(id: $id, reason: "moved office") { status } }',
      { id: contractId },
      SALES,
    );
    expect(terminate.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });
});

describe('targets and suggested grades', () => {
  it('shows progress of a sales person’s and an account’s targets against actual production', async () => {
    clock.set('2026-07-15T09:00:00Z');
    const owner = 'staff-wang';
    const a = await desk.createAccount({ name: 'Target One', grade: 'C', ownerId: owner });
    const b = await desk.createAccount({ name: 'Target Two', grade: 'A', ownerId: owner });
    const SET = 'mutation($i: SalesTargetInput!) { setSalesTarget(input: $i) { id periodKind periodStart periodEnd } }';
    const annual = await desk.gql(SET, {
      i: { ownerId: owner, year: 2026, revenueTarget: '100000.00', roomNightTarget: 200 },
    });
    expect(annual.setSalesTarget).toMatchObject({
      periodKind: 'ANNUAL',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
    });
    const q3 = await desk.gql(
      SET,
      { i: { accountId: a.id, year: 2026, quarter: 3, revenueTarget: '20000.00' } },
      SALES,
    );
    expect(q3.setSalesTarget).toMatchObject({
      periodKind: 'QUARTERLY',
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
    });
    // Setting the same target again replaces it.
    const again = await desk.gql(
      SET,
      { i: { accountId: a.id, year: 2026, quarter: 3, revenueTarget: '10000.00' } },
      SALES,
    );
    expect(again.setSalesTarget.id).toBe(q3.setSalesTarget.id);
    const forbidden = await desk.raw(SET, { i: { ownerId: owner, year: 2026, month: 7, roomNightTarget: 10 } }, SALES);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const both = await desk.raw(SET, { i: { ownerId: owner, accountId: a.id, year: 2026, roomNightTarget: 10 } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerId' });

    await desk.checkOut({ accountId: a.id, nights: 10, totalSpend: '5000.00', checkedOutAt: '2026-07-02T03:00:00Z' });
    await desk.checkOut({ accountId: b.id, nights: 40, totalSpend: '45000.00', checkedOutAt: '2026-05-02T03:00:00Z' });
    await desk.checkOut({ accountId: a.id, nights: 1, totalSpend: '1.00', checkedOutAt: '2025-12-31T03:00:00Z' });
    const TARGETS = `query($o: ID, $a: ID) { salesTargets(ownerId: $o, accountId: $a, year: 2026) {
      periodKind revenueTarget roomNightTarget progress { revenue roomNights revenueRatio roomNightRatio } } }`;
    await waitFor(
      async () => (await desk.gql(TARGETS, { o: owner }, ['ANALYST'])).salesTargets[0]?.progress.roomNights,
      (n) => n === 50,
    );
    expect((await desk.gql(TARGETS, { o: owner }, ['ANALYST'])).salesTargets).toEqual([
      {
        periodKind: 'ANNUAL',
        revenueTarget: '100000.00',
        roomNightTarget: 200,
        progress: { revenue: '50000.00', roomNights: 50, revenueRatio: 0.5, roomNightRatio: 0.25 },
      },
    ]);
    expect((await desk.gql(TARGETS, { a: a.id }, SALES)).salesTargets).toEqual([
      {
        periodKind: 'QUARTERLY',
        revenueTarget: '10000.00',
        roomNightTarget: null,
        progress: { revenue: '5000.00', roomNights: 10, revenueRatio: 0.5, roomNightRatio: null },
      },
    ]);
    // An empty account id names no account: no targets, not an internal error (found by the fuzz suite).
    expect((await desk.gql(TARGETS, { a: '' }, SALES)).salesTargets).toEqual([]);
    // Grading follows the facts: B's 45 000 in the last 12 months suggests B, not the A it was given.
    const grades = await desk.gql(
      'query($a: ID!, $b: ID!) { a: account(id: $a) { grade suggestedGrade } b: account(id: $b) { grade suggestedGrade } }',
      { a: a.id, b: b.id },
    );
    expect(grades).toEqual({ a: { grade: 'C', suggestedGrade: 'C' }, b: { grade: 'A', suggestedGrade: 'B' } });
  });
});

describe('targets per client category (seed 004)', () => {
  it('measures a grade or type target by every account of that category, beside per-person and per-account ones', async () => {
    clock.set('2026-07-15T09:00:00Z');
    const SET = 'mutation($i: SalesTargetInput!) { setSalesTarget(input: $i) { id grade accountType periodKind } }';
    const gov1 = await desk.createAccount({ name: 'Bureau One', grade: 'POTENTIAL', type: 'GOVERNMENT' });
    const gov2 = await desk.createAccount({ name: 'Bureau Two', grade: 'B', type: 'GOVERNMENT' });
    const byType = await desk.gql(SET, { i: { accountType: 'GOVERNMENT', year: 2027, roomNightTarget: 100 } }, SALES);
    expect(byType.setSalesTarget).toMatchObject({ grade: null, accountType: 'GOVERNMENT', periodKind: 'ANNUAL' });
    const byGrade = await desk.gql(
      SET,
      { i: { grade: 'POTENTIAL', year: 2027, quarter: 1, revenueTarget: '1000.00' } },
      SALES,
    );
    expect(byGrade.setSalesTarget).toMatchObject({ grade: 'POTENTIAL', accountType: null, periodKind: 'QUARTERLY' });
    const two = await desk.raw(SET, { i: { grade: 'A', accountType: 'OTA', year: 2027, roomNightTarget: 1 } }, SALES);
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerId' });
    await desk.checkOut({ accountId: gov1.id, nights: 3, totalSpend: '600.00', checkedOutAt: '2027-02-02T03:00:00Z' });
    await desk.checkOut({ accountId: gov2.id, nights: 7, totalSpend: '900.00', checkedOutAt: '2027-05-02T03:00:00Z' });
    const TARGETS = `query($g: AccountGrade, $t: AccountType) { salesTargets(grade: $g, accountType: $t, year: 2027) {
      grade accountType progress { revenue roomNights revenueRatio roomNightRatio } } }`;
    const typeTargets = await waitFor(
      async () => (await desk.gql(TARGETS, { t: 'GOVERNMENT' }, ['ANALYST'])).salesTargets,
      (t) => t[0]?.progress.roomNights === 10,
    );
    expect(typeTargets).toEqual([
      {
        grade: null,
        accountType: 'GOVERNMENT',
        progress: { revenue: '1500.00', roomNights: 10, revenueRatio: null, roomNightRatio: 0.1 },
      },
    ]);
    // The first quarter counts only the POTENTIAL account's February stay.
    expect((await desk.gql(TARGETS, { g: 'POTENTIAL' }, ['ANALYST'])).salesTargets).toEqual([
      {
        grade: 'POTENTIAL',
        accountType: null,
        progress: { revenue: '600.00', roomNights: 3, revenueRatio: 0.6, roomNightRatio: null },
      },
    ]);
  });
});

describe('accounts list', () => {
  it('filters by grade, type, owner, industry and status, and orders by last contact', async () => {
    clock.set('2026-08-01T09:00:00Z');
    const owner = 'staff-filter';
    const x = await desk.createAccount({
      name: 'Filter X',
      type: 'OTA',
      grade: 'B',
      ownerId: owner,
      industry: 'Travel',
      channel: 'EXHIBITION',
    });
    const y = await desk.createAccount({
      name: 'Filter Y',
      type: 'OTA',
      grade: 'C',
      ownerId: owner,
      industry: 'Travel',
    });
    await desk.createAccount({ name: 'Filter Z', type: 'CORPORATE', grade: 'B', ownerId: owner, industry: 'Travel' });
    await activity(y.id, '2026-07-30T09:00:00Z');
    await activity(x.id, '2026-07-31T09:00:00Z');
    const list = async (filter: Record<string, unknown>, orderBy?: Record<string, unknown>) =>
      (
        await desk.gql(
          'query($f: AccountsFilter, $o: AccountsOrder) { accounts(first: 10, filter: $f, orderBy: $o) { edges { node { name } } } }',
          { f: { ownerId: owner, ...filter }, o: orderBy },
        )
      ).accounts.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(await list({ type: 'OTA' })).toEqual(['Filter X', 'Filter Y']);
    expect(await list({ grade: 'B', industry: 'Travel' })).toEqual(['Filter X', 'Filter Z']);
    expect(await list({ status: 'DORMANT' })).toEqual([]);
    expect(await list({ nameContains: 'z' })).toEqual(['Filter Z']);
    expect(await list({ channel: 'EXHIBITION' })).toEqual(['Filter X']);
    expect(await list({}, { field: 'LAST_CONTACT', direction: 'DESC' })).toEqual(['Filter X', 'Filter Y', 'Filter Z']);
    // Paging by last contact carries on from the cursor, never-contacted accounts included.
    const first = await desk.gql(
      'query($f: AccountsFilter) { accounts(first: 2, filter: $f, orderBy: { field: LAST_CONTACT }) { edges { node { name } } pageInfo { endCursor hasNextPage } } }',
      { f: { ownerId: owner } },
    );
    expect(first.accounts.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Filter Z', 'Filter Y']);
    const rest = await desk.gql(
      'query($f: AccountsFilter, $a: String) { accounts(first: 2, after: $a, filter: $f, orderBy: { field: LAST_CONTACT }) { edges { node { name } } pageInfo { hasNextPage } } }',
      { f: { ownerId: owner }, a: first.accounts.pageInfo.endCursor },
    );
    expect(rest.accounts).toEqual({ edges: [{ node: { name: 'Filter X' } }], pageInfo: { hasNextPage: false } });
  });

  it('updates the file and leaves out fields as they were', async () => {
    const { id } = await desk.createAccount({
      name: 'Update Co',
      grade: 'C',
      industry: 'Retail',
      mainNeeds: 'Quiet rooms',
    });
    const res = await desk.gql(
      'mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { name grade industry mainNeeds status paymentMethod } }',
      { id, i: { grade: 'B', industry: null, status: 'DORMANT', paymentMethod: 'DIRECT_BILL' } },
      SALES,
    );
    expect(res.updateAccount).toEqual({
      name: 'Update Co',
      grade: 'B',
      industry: null,
      mainNeeds: 'Quiet rooms',
      status: 'DORMANT',
      paymentMethod: 'DIRECT_BILL',
    });
    const [updated] = await desk.service.runtime.dataSource.query(
      `SELECT payload FROM accounts.outbox WHERE type = 'account.updated' AND payload->'data'->>'accountId' = $1`,
      [id],
    );
    expect(updated.payload.data).toMatchObject({
      changedFields: ['grade', 'industry', 'paymentMethod', 'status'],
      name: 'Update Co',
      grade: 'B',
      status: 'DORMANT',
    });
    const bad = await desk.raw(
      'mutation($id: ID!, $i: UpdateAccountInput!) { updateAccount(id: $id, input: $i) { name } }',
      { id, i: { name: null } },
      SALES,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});
