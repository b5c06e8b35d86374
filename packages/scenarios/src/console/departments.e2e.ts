import { readFileSync, rmSync } from 'node:fs';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import {
  accessibilityProblems,
  buildConsole,
  openConsole,
  reloadUntil,
  screenshot,
  signInAs,
} from '../support/console.js';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';

// The console's guest relations and finance work beyond the first pages (issue 16): a manager's approval of
// compensation above authority, post-stay surveys, promises to pay, the case timeline and the arrivals list in
// the staff's language. A real browser against the real graph, each test on data of its own.
declare const document: { querySelectorAll(s: string): ArrayLike<{ value: string }> };

let graph: Graph;
let browser: Browser;
let built: string;
let today: string;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  built = buildConsole();
  graph = await startGraph({ consoleDir: built });
  browser = await launchChromium();
  // The hotel's today, as the graph counts it (any date, any zone the tests run in).
  ({
    arrivals: { date: today },
  } = ok(await graph.as('FRONT_OFFICE')<{ arrivals: { date: string } }>('{ arrivals(first: 1) { date } }')));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await graph?.stop();
  if (built) rmSync(built, { recursive: true, force: true });
});

async function register(fullName: string) {
  const { registerGuest } = ok(
    await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, { input: { fullName } }),
  );
  return registerGuest.id;
}
async function openCase(guestId: string, description: string) {
  const { openCase } = ok(
    await graph.as('GUEST_RELATIONS')<{ openCase: { id: string } }>(contract.OpenCase, {
      input: { guestId, channel: 'PHONE', category: 'NOISE', severity: 'MEDIUM', description },
    }),
  );
  return openCase.id;
}
async function checkIn(guestId: string, arrivalDate = today, departureDate = addDays(today, 1)) {
  const { checkIn } = ok(
    await graph.as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, {
      input: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate,
        departureDate,
        nightlyRate: '688.00',
        paymentMethod: 'CARD',
      },
    }),
  );
  return checkIn.id;
}
const checkOut = async (stayId: string) =>
  ok(await graph.as('FRONT_OFFICE')(contract.CheckOut, { stayId, charges: [{ outlet: 'ROOM', amount: '688.00' }] }));

describe('compensation above authority', () => {
  it('waits for a manager, who approves one offer and rejects another from the Cases page; the offerer sees both', async () => {
    const name = 'Gao Ruolan';
    const caseId = await openCase(await register(name), 'Drilling next door all afternoon');
    const gr = await openConsole(browser, graph.url);
    await signInAs(gr.page, 'GUEST_RELATIONS');
    await gr.go(`cases/${caseId}`);
    await gr.page.getByRole('heading', { level: 1, name: /Noise/ }).waitFor();
    const offer = gr.page.getByRole('form', { name: 'Offer compensation' });
    // Guest relations may give 5,000 points on its own: 6,000 waits for a manager.
    await offer.getByRole('combobox', { name: 'Kind' }).selectOption('POINTS');
    await offer.getByRole('textbox', { name: 'Points' }).fill('6000');
    await offer.getByRole('button', { name: 'Offer compensation' }).click();
    await gr.page.getByRole('status').filter({ hasText: 'waits for a manager’s approval' }).waitFor();
    const compensation = gr.page.getByRole('region', { name: 'Compensation' });
    await compensation
      .getByRole('listitem')
      .filter({ hasText: '6,000 points' })
      .getByText('Waiting for approval')
      .waitFor();
    await offer.getByRole('combobox', { name: 'Kind' }).selectOption('FOOD_AND_BEVERAGE_VOUCHER');
    await offer.getByRole('textbox', { name: 'Amount' }).fill('2500.00');
    await offer.getByRole('button', { name: 'Offer compensation' }).click();
    await compensation
      .getByRole('listitem')
      .filter({ hasText: '¥2,500.00' })
      .getByText('Waiting for approval')
      .waitFor();
    // Only a manager decides: guest relations gets no decision buttons.
    expect(await compensation.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const manager = await openConsole(browser, graph.url);
    await signInAs(manager.page, 'MANAGER');
    await manager.page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Cases' }).click();
    const queue = manager.page.getByRole('region', { name: 'Waiting for approval' });
    const points = queue.getByRole('listitem').filter({ hasText: name }).filter({ hasText: '6,000 points' });
    await points.waitFor();
    expect(await points.textContent()).toContain('Offered by dev-guest_relations');
    expect(await accessibilityProblems(manager.page)).toEqual([]);
    await screenshot(manager.page, 'approvals');
    await points.getByRole('button', { name: 'Approve' }).click();
    const credit = queue.getByRole('listitem').filter({ hasText: name }).filter({ hasText: '¥2,500.00' });
    await credit.getByRole('textbox', { name: 'Reason for rejecting' }).fill('Above the voucher policy');
    await credit.getByRole('button', { name: 'Reject' }).click();
    await queue.getByText('Nothing waits for approval.').waitFor();

    await gr.page.reload();
    await compensation.getByRole('listitem').filter({ hasText: '6,000 points' }).getByText('Approved').waitFor();
    expect(await compensation.getByRole('listitem').filter({ hasText: '6,000 points' }).textContent()).toContain(
      'Decided by dev-manager',
    );
    await compensation.getByRole('listitem').filter({ hasText: '¥2,500.00' }).getByText('Rejected').waitFor();
    const timeline = (await gr.page.getByRole('region', { name: 'Case timeline' }).textContent()) ?? '';
    expect(timeline).toContain('Compensation approved');
    expect(timeline).toContain('Compensation rejected');
    expect(timeline).toContain('Above the voucher policy');
    expect(timeline).toContain('F&B voucher ¥2,500.00');
    expect(timeline).not.toMatch(/worth|above authority|FOOD_AND_BEVERAGE_VOUCHER/);
    expect(gr.graphErrors).toEqual([]);
    expect(manager.graphErrors).toEqual([]);
    await gr.page.context().close();
    await manager.page.context().close();
  });
});

describe('the case timeline', () => {
  it('says each step in the staff’s language, keeping only what staff typed as written', async () => {
    const caseId = await openCase(await register('Pan Yuting'), 'Neighbours loud after midnight');
    const as = graph.as('GUEST_RELATIONS');
    ok(await as('mutation($id: ID!) { acknowledgeCase(id: $id) { id } }', { id: caseId }));
    ok(
      await as('mutation($id: ID!) { assignCase(id: $id, to: "staff-night", note: "Night shift") { id } }', {
        id: caseId,
      }),
    );
    ok(
      await as(
        'mutation($id: ID!) { recordInvestigation(id: $id, input: { rootCause: FACILITY, detail: "Thin wall" }) { id } }',
        {
          id: caseId,
        },
      ),
    );

    const en = await openConsole(browser, graph.url);
    await signInAs(en.page, 'GUEST_RELATIONS');
    await en.go(`cases/${caseId}`);
    const english = en.page.getByRole('region', { name: 'Case timeline' });
    await english.getByText('Reassigned to staff-night').waitFor();
    const enText = (await english.textContent()) ?? '';
    for (const said of [
      'Opened',
      'Phone · routed to Front office',
      'Acknowledged',
      'Night shift',
      'Root cause: Facility',
      'Thin wall',
    ])
      expect(enText).toContain(said);
    expect(enText).not.toMatch(/PHONE|FACILITY|HOUSEKEEPING|INVESTIGATED|REASSIGNED/);

    const zh = await openConsole(browser, graph.url, 'zh-CN');
    await signInAs(zh.page, 'GUEST_RELATIONS', true);
    await zh.go(`cases/${caseId}`);
    const chinese = zh.page.getByRole('region', { name: '案件时间线' });
    await chinese.getByText('改派给 staff-night').waitFor();
    const zhText = (await chinese.textContent()) ?? '';
    for (const said of ['立案', '电话 · 转交前厅部', '已受理', '根本原因: 设施设备', 'Thin wall'])
      expect(zhText).toContain(said);
    expect(zhText).not.toMatch(/Opened|routed|Acknowledged|Facility|FACILITY/);
    expect([...en.graphErrors, ...zh.graphErrors]).toEqual([]);
    await en.page.context().close();
    await zh.page.context().close();
  });
});

describe('post-stay surveys', () => {
  it('enters a guest’s answers from the stay, a low one opening a case, and shows the month’s scores', async () => {
    const name = 'Xu Mingzhe';
    const guestId = await register(name);
    await checkOut(await checkIn(guestId, today, addDays(today, 1)));
    const { page, graphErrors, go } = await openConsole(browser, graph.url);
    await signInAs(page, 'GUEST_RELATIONS');
    await go(`guests/${guestId}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('region', { name: 'Stays' }).getByRole('link', { name: 'Survey' }).click();
    await page.getByRole('heading', { level: 1, name: /Post-stay survey/ }).waitFor();
    // The survey is issued by the check-out's event: it shows within seconds.
    expect(await reloadUntil(page, 'Not answered yet.')).toBe(true);
    await page.getByRole('heading', { level: 1, name: `Post-stay survey: ${name}` }).waitFor();
    const form = page.getByRole('form', { name: 'Record answers' });
    await form.getByRole('combobox', { name: 'Overall (1–5)' }).selectOption('2');
    await form.getByRole('combobox', { name: 'Room (1–5)' }).selectOption('3');
    await form.getByRole('combobox', { name: 'Service (1–5)' }).selectOption('2');
    await form.getByRole('combobox', { name: 'Food and beverage (1–5)' }).selectOption({ label: 'Did not eat in' });
    await form.getByRole('combobox', { name: 'Would recommend (0–10)' }).selectOption('3');
    await form.getByRole('textbox', { name: 'Guest’s comment' }).fill('The air conditioning rattled all night');
    await form.getByRole('button', { name: 'Record answers' }).click();
    await page.getByRole('status').filter({ hasText: 'Answers recorded.' }).waitFor();
    const answers = page.getByRole('region', { name: /Answered/ });
    await answers.getByText('A low answer opened a case').waitFor();
    const text = (await answers.textContent()) ?? '';
    expect(text).toContain('2 / 5');
    expect(text).toContain('Did not eat in');
    expect(text).toContain('The air conditioning rattled all night');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'survey');
    await answers.getByRole('link', { name: /See the case/ }).click();
    await page.getByRole('heading', { level: 1, name: /Other/ }).waitFor();

    await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Surveys' }).click();
    const row = page.getByRole('region', { name: 'Survey results' }).getByRole('row').filter({ hasText: 'SHA01' });
    await row.waitFor();
    // One answer: overall 2 is no CSAT, a 3 to recommend a detractor.
    expect((await row.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual([
      // The month as staff read it, not the graph's YYYY-MM.
      new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${today.slice(0, 7)}-01T00:00:00Z`),
      ),
      '1',
      '0%',
      '0%',
      '0%',
      '—',
      '-100',
    ]);
    await screenshot(page, 'surveys');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '满意度调查' }).waitFor();
    await page.getByRole('region', { name: '调查结果' }).getByRole('columnheader', { name: '净推荐值' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });

  it('gives the analyst the scores and nothing of a single guest', async () => {
    const { page, graphErrors } = await openConsole(browser, graph.url);
    await signInAs(page, 'ANALYST');
    await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { level: 2, name: 'Survey results' }).waitFor();
    await page.getByRole('form', { name: 'Survey results' }).getByRole('button', { name: 'Show' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Find a guest' }).count()).toBe(0);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('promises to pay', () => {
  it('lets finance record a promise, refuses a date past with the graph’s message, and lists it', async () => {
    const { createAccount } = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: 'Jinling Pharmaceuticals', type: 'CORPORATE', grade: 'A' },
      }),
    );
    const accountId = createAccount.id;
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '20000.00', termDays: 30 } }));
    const { page, graphErrors, go } = await openConsole(browser, graph.url);
    await signInAs(page, 'FINANCE');
    await go(`accounts/${accountId}`);
    const promises = page.getByRole('region', { name: 'Promises to pay' });
    await promises.getByText('None.').waitFor();
    const form = promises.getByRole('form', { name: 'Record a promise to pay' });
    await form.getByRole('textbox', { name: 'Amount' }).fill('1234.00');
    await form.getByRole('textbox', { name: 'Promised for (YYYY-MM-DD)' }).fill(addDays(today, -3));
    await form.getByRole('textbox', { name: 'Note' }).fill('Mr Li of accounts, by phone');
    await form.getByRole('button', { name: 'Record a promise to pay' }).click();
    expect(await form.getByRole('alert').textContent()).toContain('past');
    expect(await promises.getByRole('row').count()).toBe(0);

    await form.getByRole('textbox', { name: 'Promised for (YYYY-MM-DD)' }).fill(addDays(today, 7));
    await form.getByRole('button', { name: 'Record a promise to pay' }).click();
    const row = promises.getByRole('row').filter({ hasText: 'Mr Li of accounts, by phone' });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allTextContents()).join(' | ');
    expect(cells).toContain('¥1,234.00');
    expect(cells).toContain('Pending');
    expect(cells).toContain('dev-finance');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'promises');
    // The one refusal drawn was the date in the past.
    expect(graphErrors).toEqual(['BAD_USER_INPUT']);
    await page.context().close();

    // Sales reads the account's credit but not its collection: no promises, and nothing refused.
    const sales = await openConsole(browser, graph.url);
    await signInAs(sales.page, 'SALES');
    await sales.go(`accounts/${accountId}`);
    await sales.page.getByRole('heading', { level: 2, name: 'Credit' }).waitFor();
    expect(await sales.page.getByRole('heading', { name: 'Promises to pay' }).count()).toBe(0);
    expect(sales.graphErrors).toEqual([]);
    await sales.page.context().close();
  });
});

describe('disputes', () => {
  it('lets finance open a dispute on an invoice from Receivables and settle it with a credit, in both languages', async () => {
    const accountName = 'Yangtze Shipping Agency';
    const { createAccount } = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: accountName, type: 'CORPORATE', grade: 'A' },
      }),
    );
    const accountId = createAccount.id;
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '20000.00', termDays: 30 } }));
    const { checkIn } = ok(
      await graph.as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: await register('Song Weijie'),
          accountId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate: today,
          departureDate: addDays(today, 2),
          nightlyRate: '980.00',
          paymentMethod: 'DIRECT_BILL',
        },
      }),
    );
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId: checkIn.id,
        charges: [
          { outlet: 'ROOM', amount: '1960.00' },
          { outlet: 'FOOD_AND_BEVERAGE', amount: '128.00' },
        ],
      }),
    );

    const { page, graphErrors } = await openConsole(browser, graph.url);
    await signInAs(page, 'FINANCE');
    await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Receivables' }).click();
    await page.getByRole('heading', { level: 1, name: 'Receivables' }).waitFor();
    // The invoice follows the check-out by events (within seconds).
    expect(await reloadUntil(page, accountName)).toBe(true);
    const toggle = page.getByRole('button', { name: `Invoices of ${accountName}` });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const invoices = page.getByRole('region', { name: `Invoices of ${accountName}` });
    const row = invoices.getByRole('row').filter({ hasText: '¥2,088.00' });
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Disputed');

    await row.getByRole('button', { name: /^Dispute invoice \d+$/ }).click();
    const open = invoices.getByRole('form', { name: /^Dispute invoice \d+$/ });
    await open.getByRole('textbox', { name: 'What the customer disputes' }).fill('Minibar charged, not consumed');
    await open.getByRole('button', { name: /^Dispute invoice \d+$/ }).click();
    await row.getByText('Disputed').waitFor();
    expect(await row.textContent()).toContain('Minibar charged, not consumed');
    expect(await row.textContent()).toContain('Held by the dispute');
    expect(await accessibilityProblems(page)).toEqual([]);

    // More conceded than is owed: the graph's refusal next to the form, and the dispute stays.
    await row.getByRole('button', { name: /^Settle the dispute on invoice \d+$/ }).click();
    const settle = invoices.getByRole('form', { name: /^Settle the dispute on invoice \d+$/ });
    await settle.getByRole('textbox', { name: 'How it was settled' }).fill('Minibar waived');
    await settle.getByRole('textbox', { name: 'Amount conceded (optional)' }).fill('128.00');
    await screenshot(page, 'disputes');
    await settle.getByRole('textbox', { name: 'Amount conceded (optional)' }).fill('5000.00');
    await settle.getByRole('button', { name: /^Settle the dispute/ }).click();
    expect(await settle.getByRole('alert').textContent()).toContain('more than the open balance');
    // Next to the field at fault, which is marked invalid for screen readers.
    const conceded = settle.getByRole('textbox', { name: 'Amount conceded (optional)' });
    expect(await conceded.getAttribute('aria-invalid')).toBe('true');
    expect(await conceded.getAttribute('aria-describedby')).toBe(await settle.getByRole('alert').getAttribute('id'));
    expect(await row.textContent()).toContain('Disputed');

    await settle.getByRole('textbox', { name: 'Amount conceded (optional)' }).fill('128.00');
    await settle.getByRole('button', { name: /^Settle the dispute/ }).click();
    const settled = invoices.getByRole('row').filter({ hasText: '¥1,960.00' });
    await settled.waitFor();
    expect(await settled.textContent()).not.toContain('Disputed');
    expect(await settled.textContent()).toContain('No reminder yet');
    expect(graphErrors).toEqual(['BAD_USER_INPUT']);

    // The same controls in Chinese.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const zhRow = page
      .getByRole('region', { name: `${accountName}的发票` })
      .getByRole('row')
      .filter({ hasText: '¥1,960.00' });
    await zhRow.getByRole('button', { name: /^对第 \d+ 号发票提出争议$/ }).waitFor();
    expect(await zhRow.textContent()).toContain('未催收');
    await page.context().close();
  });
});

describe('the preparation list', () => {
  it('shows housekeeping the rooms to prepare for today’s reservations, and one marked done', async () => {
    const reserved = async (fullName: string, value: string) => {
      const guestId = await register(fullName);
      ok(await graph.as('HOUSEKEEPING')(contract.RecordPreference, { guestId, input: { category: 'PILLOW', value } }));
      ok(
        await graph.as('FRONT_OFFICE')('mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id } }', {
          input: {
            guestId,
            propertyCode: 'SHA01',
            roomType: 'KING',
            arrivalDate: today,
            departureDate: addDays(today, 2),
            nightlyRate: '720.00',
          },
        }),
      );
    };
    await reserved('Tang Xiaowen', 'Buckwheat pillow');
    await reserved('Hugh Ashcombe', 'Two firm pillows');
    const { page, graphErrors, go } = await openConsole(browser, graph.url);
    await signInAs(page, 'HOUSEKEEPING');
    await go('arrivals');
    const list = page.getByRole('region', { name: 'To prepare before arrival' });
    const item = list.getByRole('listitem').filter({ hasText: 'Tang Xiaowen' });
    await item.getByText('Buckwheat pillow').waitFor();
    await item.getByRole('button', { name: 'Mark done' }).click();
    await item.getByText('Done', { exact: true }).waitFor();
    expect(await item.textContent()).toContain('by Dev HOUSEKEEPING');
    await list
      .getByRole('listitem')
      .filter({ hasText: 'Hugh Ashcombe' })
      .getByRole('button', { name: 'Mark done' })
      .waitFor();
    // Loaded again, what is left to do comes first.
    await page.reload();
    await list.getByRole('listitem').filter({ hasText: 'Tang Xiaowen' }).getByText('Done', { exact: true }).waitFor();
    const order = (await list.getByRole('listitem').allTextContents()).filter((x) =>
      /Tang Xiaowen|Hugh Ashcombe/.test(x),
    );
    expect(order.map((x) => (x.includes('Hugh Ashcombe') ? 'Hugh' : 'Tang'))).toEqual(['Hugh', 'Tang']);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'preparation-list');
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('the arrivals list', () => {
  it('shows a guest who left the same day as Left, after the guests in house, in English and Chinese', async () => {
    const gone = 'Qiao Dayuse';
    const staying = 'Ren Staysover';
    await checkOut(await checkIn(await register(gone)));
    await checkIn(await register(staying));
    for (const [locale, left, arrived, checkedOut] of [
      ['en-US', 'Left', 'Arrived today', 'Checked out'],
      ['zh-CN', '已离店', '今日到店', '已退房'],
    ] as const) {
      const { page, graphErrors, go } = await openConsole(browser, graph.url, locale);
      await signInAs(page, 'HOUSEKEEPING', locale === 'zh-CN');
      await go('arrivals');
      const cards = page.getByRole('list', { name: locale === 'zh-CN' ? '到店' : 'Arrivals' }).getByRole('listitem');
      await cards.filter({ hasText: gone }).first().waitFor();
      const names = await page.locator('li.card .name a').allTextContents();
      expect(names.indexOf(staying)).toBeGreaterThanOrEqual(0);
      expect(names.indexOf(gone)).toBeGreaterThan(names.indexOf(staying));
      const card = page.locator('li.card').filter({ hasText: gone });
      const badges = await card.locator('.name .badge').allTextContents();
      expect(badges).toEqual([left]);
      expect(badges).not.toContain(arrived);
      expect(badges).not.toContain(checkedOut);
      // Gone without a room on record: no "No room yet" promised for them; the line under the title counts them.
      expect(await card.locator('.room').textContent()).not.toContain(locale === 'zh-CN' ? '未排房' : 'No room yet');
      expect(await page.locator('.page > .lead').textContent()).toMatch(new RegExp(`${left}: [1-9]`));
      expect(
        await page.locator('li.card').filter({ hasText: staying }).locator('.name .badge').allTextContents(),
      ).toEqual([arrived]);
      expect(graphErrors).toEqual([]);
      await page.context().close();
    }
  });
});

describe('preference categories', () => {
  it('offers exactly the composed schema’s categories, in its order', async () => {
    const res = ok(
      await graph.as('FRONT_OFFICE')<{ __type: { enumValues: { name: string }[] } }>(
        '{ __type(name: "PreferenceCategory") { enumValues { name } } }',
      ),
    );
    const guestId = await register('Lu Qingshan');
    const { page, go } = await openConsole(browser, graph.url);
    await signInAs(page, 'FRONT_OFFICE');
    await go(`guests/${guestId}`);
    await page.getByRole('form', { name: 'Record a preference' }).getByRole('combobox', { name: 'Category' }).waitFor();
    const offered = await page.evaluate(() =>
      Array.from(document.querySelectorAll('form[aria-label="Record a preference"] select option'), (o) => o.value),
    );
    expect(offered).toEqual(res.__type.enumValues.map((v) => v.name));
    await page.context().close();
  });
});

describe('what the new pages ask for', () => {
  it('never draws FORBIDDEN for a role linked to them', async () => {
    const operations = new Map(
      parse(readFileSync(new URL('../../../console/src/operations.graphql', import.meta.url), 'utf8'))
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
        .map((d) => [d.name!.value, print(d)]),
    );
    const stayId = await checkIn(await register('Fang Zhiyuan'));
    const pages: [string, string[], Record<string, unknown>][] = [
      ['ConsolePendingApprovals', ['MANAGER', 'GUEST_RELATIONS'], { first: 100 }],
      ['ConsoleSurveyScores', ['GUEST_RELATIONS', 'MANAGER', 'ANALYST'], { from: addDays(today, -60), to: today }],
      ['ConsoleStaySurvey', ['GUEST_RELATIONS', 'MANAGER'], { stayId }],
    ];
    for (const [name, roles, variables] of pages)
      for (const role of roles)
        expect(
          (await graph.as(role as 'MANAGER')(operations.get(name)!, variables)).errors,
          `${name} ${role}`,
        ).toBeUndefined();
  });
});
