import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, startAccountsDesk } from './guest-desk.fixture.js';

// Seed 004's hand-off: the desk hears who a guest works for and passes it to sales; sales assigns it with a date
// to act by and converts it to an account (or dismisses it).
let desk: AccountsDesk;
beforeAll(async () => {
  desk = await startAccountsDesk();
});
afterAll(async () => desk?.dispose());

const PASS = `mutation($i: PassLeadInput!) { passLead(input: $i) { id status sourceDepartment companyName createdBy } }`;
const LIST = `query($s: SalesLeadStatus, $to: ID, $first: Int, $after: String) {
  salesLeads(status: $s, assignedTo: $to, first: $first, after: $after) {
    edges { node { id status companyName assignedTo dueOn account { id name ownerId } } } pageInfo { hasNextPage endCursor } } }`;

describe('leads from the desk to sales', () => {
  it('passes, assigns with a due date, and converts a lead into an account, once', async () => {
    const guestId = desk.registerGuest();
    const passed = await desk.gql(
      PASS,
      { i: { companyName: '  宁德时代  ', guestId, contactName: '刘经理', note: 'Books 20 nights a month elsewhere' } },
      ['FRONT_OFFICE'],
    );
    // A lead about a guest the hotel does not know is refused, and nothing is written.
    const unknown = await desk.raw(PASS, { i: { companyName: 'Nobody Ltd', guestId: randomUUID() } }, ['FRONT_OFFICE']);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(passed.passLead).toMatchObject({
      status: 'NEW',
      sourceDepartment: 'FRONT_OFFICE',
      companyName: '宁德时代',
      createdBy: expect.any(String),
    });
    const id = passed.passLead.id;
    expect((await desk.raw(LIST, {}, ['FRONT_OFFICE'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const news = await desk.gql(LIST, { s: 'NEW' }, ['SALES']);
    expect(news.salesLeads.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);

    const ASSIGN =
      'mutation($id: ID!, $to: ID!, $d: Date!) { assignLead(id: $id, salespersonId: $to, dueOn: $d) { status assignedTo dueOn } }';
    const bad = await desk.raw(ASSIGN, { id, to: 'sales-li', d: '2026-02-30' }, ['SALES']);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const assigned = await desk.gql(ASSIGN, { id, to: 'sales-li', d: '2026-12-10' }, ['MANAGER']);
    expect(assigned.assignLead).toEqual({ status: 'ASSIGNED', assignedTo: 'sales-li', dueOn: '2026-12-10' });
    const mine = await desk.gql(LIST, { to: 'sales-li' }, ['SALES']);
    expect(mine.salesLeads.edges).toHaveLength(1);

    const CONVERT = `mutation($id: ID!) { convertLead(id: $id, input: { type: CORPORATE, grade: B }) {
      status account { id name ownerId } } }`;
    const converted = await desk.gql(CONVERT, { id }, ['SALES']);
    expect(converted.convertLead).toMatchObject({
      status: 'CONVERTED',
      account: { name: '宁德时代', ownerId: 'sales-li' },
    });
    const again = await desk.raw(CONVERT, { id }, ['SALES']);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const accounts = await desk.service.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM accounts.account WHERE name = '宁德时代'`,
    );
    expect(accounts[0].n).toBe(1);
  });

  it('opens one account when conversions of the same lead race, and refuses the others with INVALID_STATE', async () => {
    const company = `Racing Co ${randomUUID()}`;
    const { id } = (await desk.gql(PASS, { i: { companyName: company } }, ['FRONT_OFFICE'])).passLead;
    const CONVERT = `mutation($id: ID!) { convertLead(id: $id, input: { type: CORPORATE }) { status account { id } } }`;
    // Sent at once, every conversion reads the lead as NEW before any of them commits.
    const answers = await Promise.all(Array.from({ length: 4 }, () => desk.raw(CONVERT, { id }, ['SALES'])));
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map((a) => a.errors?.[0]?.extensions?.code)).toEqual([
      'INVALID_STATE',
      'INVALID_STATE',
      'INVALID_STATE',
    ]);
    const opened = await desk.service.runtime.dataSource.query(
      'SELECT a.id FROM accounts.account a WHERE a.name = $1',
      [company],
    );
    expect(opened).toEqual([
      { id: (won[0]!.data as { convertLead: { account: { id: string } } }).convertLead.account.id },
    ]);
    const [lead] = await desk.service.runtime.dataSource.query(
      'SELECT status, account_id AS "accountId" FROM accounts.sales_lead WHERE id = $1',
      [id],
    );
    expect(lead).toEqual({ status: 'CONVERTED', accountId: opened[0].id });
  });

  it('refuses a blank company and ANALYST, dismisses, and pages newest first', async () => {
    const blank = await desk.raw(PASS, { i: { companyName: ' ' } }, ['HOUSEKEEPING']);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.companyName' });
    expect((await desk.raw(PASS, { i: { companyName: 'X' } }, ['ANALYST'])).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const a = (await desk.gql(PASS, { i: { companyName: 'Lead A' } }, ['FOOD_AND_BEVERAGE'])).passLead;
    expect(a.sourceDepartment).toBe('FOOD_AND_BEVERAGE');
    const dismissed = await desk.gql('mutation($id: ID!) { dismissLead(id: $id) { status } }', { id: a.id }, ['SALES']);
    expect(dismissed.dismissLead.status).toBe('DISMISSED');
    await desk.gql(PASS, { i: { companyName: 'Lead B' } }, ['FRONT_OFFICE']);
    const first = await desk.gql(LIST, { first: 1 }, ['SALES']);
    expect(first.salesLeads.edges[0].node.companyName).toBe('Lead B');
    expect(first.salesLeads.pageInfo.hasNextPage).toBe(true);
    const second = await desk.gql(LIST, { first: 1, after: first.salesLeads.pageInfo.endCursor }, ['SALES']);
    expect(second.salesLeads.edges[0].node.companyName).toBe('Lead A');
  });
});

describe('relationship types (seed 003)', () => {
  it('keeps 基础型, 友好型 or 伙伴型 on the client file, set at opening and changed later', async () => {
    const created = await desk.gql(
      'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id relationshipType } }',
      { i: { name: 'Partner Co', type: 'CORPORATE', relationshipType: 'FRIENDLY' } },
      ['SALES'],
    );
    expect(created.createAccount.relationshipType).toBe('FRIENDLY');
    const updated = await desk.gql(
      'mutation($id: ID!) { updateAccount(id: $id, input: { relationshipType: PARTNER }) { relationshipType } }',
      { id: created.createAccount.id },
      ['SALES'],
    );
    expect(updated.updateAccount.relationshipType).toBe('PARTNER');
    const bad = await desk.raw(
      'mutation($id: ID!) { updateAccount(id: $id, input: { relationshipType: ENEMY }) { id } }',
      { id: created.createAccount.id },
      ['SALES'],
    );
    expect(bad.errors?.length).toBeGreaterThan(0);
  });
});
