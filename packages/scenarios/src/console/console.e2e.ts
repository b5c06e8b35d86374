import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@guest-graph/auth';
import { mintToken } from '@guest-graph/auth';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { arrivingToday } from '@guest-graph/testing';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { screenshot } from '../support/console.js';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { phone, residentId } from '../support/people.js';

// A production gateway refuses the development secrets: the graph's services share a strong proof secret with it.
const PROOF_SECRET = randomBytes(32).toString('hex');
const PRODUCTION_JWT_SECRET = randomBytes(32).toString('hex');

// The department console (issue 16) in a real browser against the real graph, driven as the acceptance checks
// drive it: by ARIA role and accessible name (../shared/contract/console.md).
// The page's globals used in page.evaluate (this project's types are Node's, without the DOM).
declare const sessionStorage: { getItem(key: string): string | null };
declare const document: { activeElement: unknown };
declare const window: { axe: { run(context: unknown): Promise<{ violations: unknown[] }> } };

const consoleRoot = fileURLToPath(new URL('../../../console/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let graph: Graph;
let browser: Browser;
let built: string;
let guest: { id: string; phone: string; email: string; idNumber: string };
const fullName = 'Margaret Thornbury';

beforeAll(async () => {
  // Built from the sources under test, into a folder of its own (never a stale dist, never another run's).
  built = mkdtempSync(join(tmpdir(), 'console-'));
  execFileSync(
    process.execPath,
    [
      join(consoleRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      built,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: consoleRoot, stdio: 'inherit' },
  );
  graph = await startGraph({ consoleDir: built, env: { GATEWAY_PROOF_SECRET: PROOF_SECRET } });
  const idNumber = residentId();
  // Each run has a database of its own: the address needs no run-unique part (and the screenshot stays readable).
  const g = { phone: phone(), email: 'margaret.thornbury@example.com', idNumber };
  const { registerGuest } = ok(
    await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
      input: { fullName, phone: g.phone, email: g.email, idDocument: { type: 'RESIDENT_ID', number: idNumber } },
    }),
  );
  guest = { id: registerGuest.id, ...g };
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await graph?.stop();
  if (built) rmSync(built, { recursive: true, force: true });
});

/** A fresh page in English that records every error the graph answers it with. */
async function openConsole(locale = 'en-US') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const graphErrors: string[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('/graphql')) return;
    const body = (await res.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] };
    for (const e of body.errors ?? []) graphErrors.push(String(e.extensions?.code));
  });
  await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/`);
  return { page, graphErrors };
}

async function signInAs(page: Page, role: string) {
  await page.getByRole('combobox', { name: 'Role' }).selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function openGuest(page: Page) {
  await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/guests/${guest.id}`);
  await page.getByRole('heading', { level: 1, name: fullName }).waitFor();
}

/** axe-core's serious and critical violations on the page as it is now. */
async function accessibilityProblems(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the front office console', () => {
  it('signs in by role, finds a guest despite a typo, and records a preference with the keyboard alone', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    const departments = page.getByRole('navigation', { name: 'Departments' });
    await departments.getByRole('link', { name: 'Arrivals' }).waitFor();
    expect(await departments.getByRole('link', { name: 'Receivables' }).count()).toBe(0);
    // The token lives in the tab's session storage, never in the address.
    expect(page.url()).not.toMatch(/token|ey[A-Za-z0-9_-]{10,}/);
    expect(await page.evaluate(() => sessionStorage.getItem('console.token'))).toMatch(/^ey/);

    await page.getByRole('searchbox', { name: 'Find a guest' }).fill('Margret Thornbury');
    const found = page.getByRole('list', { name: 'Guests' }).getByRole('link', { name: fullName });
    await found.waitFor();
    await screenshot(page, 'front-desk-search');
    await found.click();
    await page.getByRole('heading', { level: 1, name: fullName }).waitFor();
    expect(page.url()).toContain(`/console/guests/${guest.id}`);
    for (const name of ['Preferences', 'Stays', 'Loyalty', 'Open cases', 'Timeline'])
      await page.getByRole('heading', { level: 2, name }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(guest.phone);
    expect(text).toContain(guest.idNumber.slice(-4));
    expect(text).not.toContain(guest.idNumber);
    expect(text).not.toMatch(/null|undefined/);

    // Keyboard only: focus the form's first field, choose by typing, Tab to the value, Enter submits.
    const form = page.getByRole('form', { name: 'Record a preference' });
    await form.getByRole('combobox', { name: 'Category' }).focus();
    await page.keyboard.type('PILLOW');
    await page.keyboard.press('Tab');
    expect(await form.getByRole('textbox', { name: 'Value' }).evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.type('Feather, two');
    await page.keyboard.press('Enter');
    const preferences = page.getByRole('region', { name: 'Preferences' });
    await preferences.getByRole('listitem').filter({ hasText: 'Pillow' }).filter({ hasText: 'Feather, two' }).waitFor();
    // Saved in the graph, not only on the page.
    const brief = ok(
      await graph.as('FRONT_OFFICE')<{ guest: { preferences: { category: string; value: string }[] } }>(
        contract.ArrivalBrief,
        { id: guest.id },
      ),
    );
    expect(brief.guest.preferences).toContainEqual({ category: 'PILLOW', value: 'Feather, two' });
    await screenshot(page, 'guest-page');
    expect(graphErrors).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('goes from search to the guest to a saved preference with the keyboard alone', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement as unknown as {
          getAttribute(n: string): string | null;
          textContent: string;
          tagName: string;
        };
        return `${e.tagName} ${e.getAttribute('aria-label') ?? ''} ${e.textContent ?? ''}`;
      });
    /** Presses Tab until the focus is on what `matches` names (a person would see the focus ring move). */
    const tabTo = async (matches: RegExp) => {
      for (let n = 0; n < 80 && !matches.test(await focused()); n++) await page.keyboard.press('Tab');
      expect(await focused()).toMatch(matches);
    };
    await tabTo(/^INPUT Find a guest/);
    await page.keyboard.type('Thornbury');
    await page.getByRole('list', { name: 'Guests' }).getByRole('link', { name: fullName }).waitFor();
    await tabTo(new RegExp(`^A\\s+${fullName}`));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: fullName }).waitFor();
    await tabTo(/^SELECT\s+Room type/);
    await page.keyboard.type('Reading');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Financial Times');
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: 'Preferences' })
      .getByRole('listitem')
      .filter({ hasText: 'Financial Times' })
      .waitFor();
    expect(await page.getByRole('region', { name: 'Preferences' }).textContent()).toContain('Reading');
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });

  it('registers a guest, with the graph’s refusal shown under the field at fault', async () => {
    const { page } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    await page.getByRole('link', { name: /Register a guest/ }).click();
    const form = page.getByRole('form', { name: 'Register a guest' });
    await form.getByRole('textbox', { name: 'Full name' }).fill('Song Qingyun');
    const good = residentId();
    const bad = good.slice(0, -1) + (good.endsWith('1') ? '2' : '1');
    await form.getByRole('textbox', { name: 'ID number' }).fill(bad);
    await form.getByRole('button', { name: 'Register' }).click();
    const idNumber = form.getByRole('textbox', { name: 'ID number' });
    await form.getByRole('alert').waitFor();
    expect(await idNumber.getAttribute('aria-invalid')).toBe('true');
    const none = await graph.as('FRONT_OFFICE')<{ searchGuests: unknown[] }>(contract.FindGuests, {
      text: 'Song Qingyun',
    });
    expect(none.data?.searchGuests).toEqual([]);

    await idNumber.fill(good);
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { level: 1, name: 'Song Qingyun' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(good.slice(-4));
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a refused check-in as an alert next to the form, and checks nobody in', async () => {
    const { page } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    await openGuest(page);
    await page.getByRole('button', { name: 'Check in' }).click();
    const form = page.getByRole('form', { name: 'Check in' });
    await form.getByRole('textbox', { name: 'Nightly rate' }).fill('688.00');
    await form.getByRole('combobox', { name: 'Payment method' }).selectOption('DIRECT_BILL');
    // Direct bill without an account: the graph refuses it.
    await form.getByRole('button', { name: 'Check in' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim().length ?? 0).toBeGreaterThan(3);
    const after = ok(
      await graph.as('FRONT_OFFICE')<{ guest: { stays: unknown[] } }>(contract.ArrivalBrief, { id: guest.id }),
    );
    expect(after.guest.stays).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the front desk', () => {
  it('checks a guest in and out from the guest page, and shows the stay with its total in yuan', async () => {
    const { registerGuest } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: 'Oliver Pennington' },
      }),
    );
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/guests/${registerGuest.id}`);
    await page.getByRole('button', { name: 'Check in' }).click();
    const checkIn = page.getByRole('form', { name: 'Check in' });
    await checkIn.getByRole('textbox', { name: 'Room number' }).fill('1208');
    await checkIn.getByRole('textbox', { name: 'Nightly rate' }).fill('617.00');
    await checkIn.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Check out' }).click();
    const checkOut = page.getByRole('form', { name: 'Check out' });
    await checkOut.getByRole('textbox', { name: 'Room charges' }).fill('1234.00');
    await checkOut.getByRole('button', { name: 'Check out' }).click();
    const stays = page.getByRole('region', { name: 'Stays' });
    await stays.getByText('Checked out').waitFor();
    expect(await stays.textContent()).toContain('¥1,234.00');
    expect(await page.getByRole('button', { name: 'Check in' }).count()).toBe(1);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('the department pages', () => {
  let accountId: string;
  const accountName = 'Huaxia Trading Co.';
  beforeAll(async () => {
    ({
      createAccount: { id: accountId },
    } = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: accountName, type: 'CORPORATE', grade: 'B' },
      }),
    ));
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '10000.00', termDays: 30 } }));
    const { registerGuest } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: 'Chen Jiayi' },
      }),
    );
    const { checkIn } = ok(
      await graph.as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: registerGuest.id,
          accountId,
          propertyCode: 'SHA01',
          roomType: 'TWIN',
          ...arrivingToday(2),
          nightlyRate: '617.00',
          paymentMethod: 'DIRECT_BILL',
        },
      }),
    );
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId: checkIn.id,
        charges: [{ outlet: 'ROOM', amount: '1234.00' }],
      }),
    );
    ok(
      await graph.as('GUEST_RELATIONS')(contract.OpenCase, {
        input: {
          guestId: registerGuest.id,
          stayId: checkIn.id,
          channel: 'PHONE',
          category: 'BILLING',
          severity: 'HIGH',
          description: 'Charged twice for the minibar',
        },
      }),
    );
  });

  /** Reloads until the text shows: production and receivables follow the check-out by events (within 5 s). */
  async function reloadUntil(page: Page, text: string) {
    for (let i = 0; i < 20; i++) {
      if ((await page.locator('main').textContent())?.includes(text)) return;
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    expect(await page.locator('main').textContent()).toContain(text);
  }

  it('gives a manager cases by time left, accounts with grade, an account with production and credit, and receivables', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'MANAGER');
    const departments = page.getByRole('navigation', { name: 'Departments' });
    await departments.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const sla = page.getByRole('region', { name: 'Complaints past their SLA' });
    await sla.getByText('Open cases').waitFor();
    await page.getByRole('region', { name: 'Receivables by age' }).getByText('Not yet due').waitFor();
    await page.getByRole('region', { name: 'Contact cadence' }).getByText('due for contact now').waitFor();
    await page.getByRole('region', { name: 'Today and VIPs' }).getByText('In house').waitFor();
    await screenshot(page, 'overview');
    await departments.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    const caseRow = page.getByRole('row').filter({ hasText: 'Chen Jiayi' });
    await caseRow.waitFor();
    expect(await caseRow.textContent()).toMatch(/Billing.*High.*in (3|4) hours/);
    await screenshot(page, 'cases');
    expect(await accessibilityProblems(page)).toEqual([]);

    await departments.getByRole('link', { name: 'Accounts' }).click();
    const accountRow = page.getByRole('row').filter({ hasText: accountName });
    await accountRow.waitFor();
    expect(await accountRow.textContent()).toContain('B');
    await accountRow.getByRole('link', { name: accountName }).click();
    await page.getByRole('heading', { level: 1, name: accountName }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Production' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Credit' }).waitFor();
    for (const name of ['Contacts', 'Activities', 'Contracts', 'Targets', 'Open invoices'])
      await page.getByRole('heading', { level: 2, name }).waitFor();
    await reloadUntil(page, '¥1,234.00');
    expect(await page.getByRole('region', { name: 'Credit' }).textContent()).toContain('¥10,000.00');

    await departments.getByRole('link', { name: 'Receivables' }).click();
    await page.getByRole('heading', { level: 1, name: 'Receivables' }).waitFor();
    await reloadUntil(page, '¥1,234.00');
    expect(await page.getByRole('row').filter({ hasText: accountName }).textContent()).toContain('¥1,234.00');
    await screenshot(page, 'receivables');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });

  it('links each role to its own departments, and shows credit only to roles that may read it', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'GUEST_RELATIONS');
    const links = page.getByRole('navigation', { name: 'Departments' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(['Cases', 'Surveys']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, 'SALES');
    expect(await links.allTextContents()).toEqual(['Accounts']);
    await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/accounts/${accountId}`);
    await page.getByRole('heading', { level: 2, name: 'Credit' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, 'FINANCE');
    expect(await links.allTextContents()).toEqual(['Receivables']);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('the arrivals list', () => {
  const name = 'Wen Xiaoling';
  let guestId: string;
  beforeAll(async () => {
    ({
      registerGuest: { id: guestId },
    } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: name, phone: phone() },
      }),
    ));
    ok(
      await graph.as('FRONT_OFFICE')(contract.RecordPreference, {
        guestId,
        input: { category: 'ROOM_TEMPERATURE', value: '22 °C' },
      }),
    );
    // The hotel's today, as the graph counts it (any date, any zone the tests run in).
    const { arrivals } = ok(
      await graph.as('FRONT_OFFICE')<{ arrivals: { date: string } }>('{ arrivals(first: 1) { date } }'),
    );
    const departure = new Date(Date.parse(`${arrivals.date}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'DELUXE_KING',
          roomNumber: '0815',
          arrivalDate: arrivals.date,
          departureDate: departure,
          nightlyRate: '880.00',
          paymentMethod: 'CARD',
        },
      }),
    );
  });

  it('prepares the room for housekeeping, records an observation in two taps, and the desk sees it', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'HOUSEKEEPING');
    const departments = page.getByRole('navigation', { name: 'Departments' });
    await departments.getByRole('link', { name: 'Arrivals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Arrivals' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('0815');
    expect(text).toContain('Room temperature');
    expect(text).toContain('22 °C');
    expect(text).toContain('Arrived today');
    expect(text).not.toMatch(/DELUXE_KING|ROOM_TEMPERATURE|ARRIVED|null|undefined/);
    await screenshot(page, 'arrivals-housekeeping');
    expect(await page.locator('main').textContent()).not.toContain('+86');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Two taps: open the quick observations for the guest, choose one.
    await card.getByRole('button', { name: `Record an observation: ${name}` }).click();
    await card.getByRole('button', { name: 'Extra pillow' }).click();
    await card.getByRole('status').filter({ hasText: 'Extra pillow' }).waitFor();
    expect(graphErrors).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, 'FRONT_OFFICE');
    await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/guests/${guestId}`);
    const preferences = page.getByRole('region', { name: 'Preferences' });
    await preferences.getByRole('listitem').filter({ hasText: 'Extra pillow' }).waitFor();
    expect(await preferences.textContent()).toContain('Housekeeping');
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });

  it('offers food and beverage the table and its own quick observations, in Chinese too', async () => {
    const { page, graphErrors } = await openConsole('zh-CN');
    await page.getByRole('combobox', { name: '角色' }).selectOption('FOOD_AND_BEVERAGE');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '部门' }).getByRole('link', { name: '到店' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('室温');
    await card.getByRole('button', { name: `记录观察: ${name}` }).click();
    await card.getByRole('button', { name: '绿茶' }).click();
    await card.getByRole('status').filter({ hasText: '绿茶' }).waitFor();
    await screenshot(page, 'arrivals-zh');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('guest relations', () => {
  it('works a case from the list: acknowledge, investigate, offer points, resolve, follow up; the guest sees the points', async () => {
    const name = 'Lin Meihua';
    const { registerGuest } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: name },
      }),
    );
    ok(await graph.as('LOYALTY')(contract.EnrollMember, { guestId: registerGuest.id }));
    ok(
      await graph.as('GUEST_RELATIONS')(contract.OpenCase, {
        input: {
          guestId: registerGuest.id,
          channel: 'PHONE',
          category: 'NOISE',
          severity: 'MEDIUM',
          description: 'Construction noise at 7 am',
        },
      }),
    );
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'GUEST_RELATIONS');
    await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('row').filter({ hasText: name }).getByRole('link', { name: 'Noise' }).click();
    await page.getByRole('heading', { level: 1, name: /Noise/ }).waitFor();
    await page.getByRole('form', { name: 'Acknowledge' }).getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('heading', { level: 1, name: /In progress/ }).waitFor();

    const investigate = page.getByRole('form', { name: 'Record investigation' });
    await investigate.getByRole('combobox', { name: 'Root cause' }).selectOption('FACILITY');
    await investigate.getByRole('textbox', { name: 'Detail' }).fill('Works next door');
    await investigate.getByRole('button', { name: 'Record investigation' }).click();
    await page.getByText('Facility · Works next door').waitFor();

    const offer = page.getByRole('form', { name: 'Offer compensation' });
    await offer.getByRole('combobox', { name: 'Kind' }).selectOption('POINTS');
    await offer.getByRole('textbox', { name: 'Points' }).fill('500');
    await offer.getByRole('button', { name: 'Offer compensation' }).click();
    await page.getByRole('region', { name: 'Compensation' }).getByText('500 points').waitFor();

    // A refused step shows the graph's message next to its form and changes nothing.
    const resolve = page.getByRole('form', { name: 'Resolve' });
    await resolve.getByRole('textbox', { name: 'Resolution' }).fill(' ');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await resolve.getByRole('alert').waitFor();
    await resolve.getByRole('textbox', { name: 'Resolution' }).fill('Moved to a quiet room, 500 points');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('heading', { level: 1, name: /Resolved/ }).waitFor();
    const timeline = (await page.getByRole('region', { name: 'Case timeline' }).textContent()) ?? '';
    expect(timeline.length).toBeGreaterThan(20);
    await screenshot(page, 'case');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Seed 004: the guest is answered before the case closes.
    const reply = page.getByRole('form', { name: 'Reply to the guest' });
    await reply.getByRole('textbox', { name: 'What was said' }).fill('We are sorry; a quiet room and 500 points');
    await reply.getByRole('button', { name: 'Reply to the guest' }).click();
    await page.getByText('Guest answered').waitFor();

    const followUp = page.getByRole('form', { name: 'Record follow-up' });
    await followUp.getByRole('combobox', { name: 'Guest satisfied' }).selectOption('true');
    await followUp.getByRole('button', { name: 'Record follow-up' }).click();
    await page.getByRole('heading', { level: 1, name: /Closed/ }).waitFor();
    // (The timeline's notes are the service's own words; the rest of the page speaks the staff's language.)
    expect(await page.locator('main .profile').textContent()).not.toMatch(/null|undefined|IN_PROGRESS|FACILITY/);
    expect(await page.locator('main').textContent()).not.toMatch(/null|undefined/);

    // The points land on the membership by events; the guest page's Loyalty section shows them.
    await page.getByRole('link', { name }).click();
    const loyalty = page.getByRole('region', { name: 'Loyalty' });
    for (let n = 0; n < 20 && !(await loyalty.textContent())?.includes('500'); n++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    }
    expect(await loyalty.textContent()).toContain('500 points');
    expect(graphErrors.filter((code) => code !== 'BAD_USER_INPUT')).toEqual([]);
    await page.context().close();
  });
});

describe('the loyalty office', () => {
  it('looks a member up by card number, adjusts points with a reason, and shows the ledger', async () => {
    const { registerGuest } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: 'Zhao Wenjing' },
      }),
    );
    const { enrollMember } = ok(
      await graph.as('LOYALTY')<{ enrollMember: { number: string } }>(contract.EnrollMember, {
        guestId: registerGuest.id,
      }),
    );
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'LOYALTY');
    await page.getByRole('navigation', { name: 'Departments' }).getByRole('link', { name: 'Loyalty' }).click();
    const lookup = page.getByRole('form', { name: 'Member look-up' });
    await lookup.getByRole('textbox', { name: 'Member number' }).fill(enrollMember.number);
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`Member ${enrollMember.number}`) }).waitFor();

    const adjust = page.getByRole('form', { name: 'Adjust points' });
    await adjust.getByRole('textbox', { name: 'Points (+ or −)' }).fill('120');
    await adjust.getByRole('textbox', { name: 'Reason' }).fill('Welcome gift missed at check-in');
    await adjust.getByRole('button', { name: 'Adjust points' }).click();
    const ledger = page.getByRole('region', { name: 'Ledger' });
    await ledger.getByRole('row').filter({ hasText: 'Welcome gift missed at check-in' }).waitFor();
    expect(await ledger.getByRole('row').filter({ hasText: 'Welcome gift' }).textContent()).toMatch(
      /Adjustment.*\+120/,
    );
    expect(
      await page.getByRole('region', { name: new RegExp(`Member ${enrollMember.number}`) }).textContent(),
    ).toContain('120 points');
    await screenshot(page, 'loyalty');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });
});

describe('every role, every page', () => {
  it('opens each page of each role without an error from the graph or a serious accessibility problem', async () => {
    const { page, graphErrors } = await openConsole();
    expect(await accessibilityProblems(page), 'sign-in').toEqual([]);
    const problems: string[] = [];
    for (const role of [
      'FRONT_OFFICE',
      'HOUSEKEEPING',
      'FOOD_AND_BEVERAGE',
      'SALES',
      'GUEST_RELATIONS',
      'FINANCE',
      'LOYALTY',
      'MANAGER',
      'ANALYST',
    ]) {
      await signInAs(page, role);
      problems.push(...(await accessibilityProblems(page)).map((p) => `${role} start: ${p}`));
      const links = page.getByRole('navigation', { name: 'Departments' }).getByRole('link');
      for (const name of await links.allTextContents()) {
        await links.filter({ hasText: name }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.waitForLoadState('networkidle');
        problems.push(...(await accessibilityProblems(page)).map((p) => `${role} ${name}: ${p}`));
      }
      if (role !== 'ANALYST') {
        await openGuest(page);
        await page.waitForLoadState('networkidle');
        problems.push(...(await accessibilityProblems(page)).map((p) => `${role} guest: ${p}`));
        expect(await page.locator('main').textContent(), role).not.toMatch(/null|undefined/);
      }
      expect(graphErrors, role).toEqual([]);
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    expect(problems).toEqual([]);
    await page.context().close();
    // Nine roles, every page of each with an axe run: minutes on a loaded machine, not the file's 60 s.
  }, 300_000);
});

describe('other roles and sessions', () => {
  it('shows housekeeping no phone, email or ID document, and asks for nothing it may not read', async () => {
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'HOUSEKEEPING');
    await openGuest(page);
    await page.getByRole('heading', { level: 2, name: 'Preferences' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(guest.phone);
    expect(text).not.toContain(guest.email);
    expect(text).not.toContain(guest.idNumber.slice(-4));
    expect(text).not.toMatch(/Phone|Email|Birth date|ID document|null/);
    expect(graphErrors).toEqual([]);
    await page.context().close();
  });

  it('signs in with a pasted access token, and an expired one returns to sign-in with a message', async () => {
    const { page } = await openConsole();
    const expired = mintToken(['FRONT_OFFICE'], { expiresInSeconds: -60 });
    await page.getByRole('textbox', { name: 'Access token' }).fill(expired);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('searchbox', { name: 'Find a guest' }).fill('Thornbury');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session has ended').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('console.token'))).toBeNull();

    await page.getByRole('textbox', { name: 'Access token' }).fill(mintToken(['FRONT_OFFICE']));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('console.token'))).toBeNull();
    await page.context().close();
  });

  it('lists the guest’s timeline newest first, a page at a time, with each kind in the staff’s language', async () => {
    const { registerGuest } = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: 'Timothy Linehan' },
      }),
    );
    const id = registerGuest.id;
    // More lines than one page of the console holds (20): a registration and 22 preferences.
    for (let n = 0; n < 22; n++)
      ok(
        await graph.as('FRONT_OFFICE')(contract.RecordPreference, {
          guestId: id,
          input: { category: n % 2 ? 'PILLOW' : 'READING', value: `Choice ${n}` },
        }),
      );
    const { page, graphErrors } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    await page.goto(`${graph.url.replace(/\/graphql$/, '')}/console/guests/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const lines = timeline.getByRole('listitem');
    await lines.first().waitFor();
    expect(await lines.count()).toBe(20);
    expect(await lines.first().textContent()).toContain('Preference recorded');
    expect(await lines.first().textContent()).toContain('Preference recorded: pillow');
    await timeline.getByRole('button', { name: 'More' }).click();
    await lines.nth(22).waitFor();
    expect(await lines.count()).toBe(23);
    expect(await lines.last().textContent()).toContain('Profile registered');
    expect(await timeline.getByRole('button', { name: 'More' }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 2, name: '时间线' }).waitFor();
    expect(await page.getByRole('region', { name: '时间线' }).getByRole('listitem').last().textContent()).toContain(
      '建立档案',
    );
    expect(graphErrors).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });

  it('speaks Chinese to a Chinese browser and switches language on the page', async () => {
    const { page } = await openConsole('zh-CN');
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.getByRole('combobox', { name: '角色' }).selectOption('FRONT_OFFICE');
    await page.getByRole('button', { name: '登录' }).click();
    await openGuest(page);
    await page.getByRole('heading', { level: 2, name: '喜好' }).waitFor();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Preferences' }).waitFor();
    await page.context().close();
  });
});

describe('the console as production serves it', () => {
  it('signs in with a token only, and runs on the trusted documents alone', async () => {
    const gateway = await startGateway({
      supergraphSdl: composeSupergraph(
        Object.values(graph.services).map((s) => ({
          name: s.definition.name,
          url: s.url,
          sdl: print(s.definition.typeDefs),
        })),
      ),
      port: 0,
      consoleDir: built,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: PRODUCTION_JWT_SECRET,
        GATEWAY_PROOF_SECRET: PROOF_SECRET,
        GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
      },
    });
    const origin = gateway.url.replace(/\/graphql$/, '');
    try {
      const minted = await fetch(`${origin}/console/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'MANAGER' }),
      });
      expect(minted.status).toBe(405);
      expect(await minted.text()).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
      const bare = await fetch(`${origin}/console`, { redirect: 'manual' });
      expect([bare.status, bare.headers.get('location')]).toEqual([308, '/console/']);
      const outside = await fetch(`${origin}/console/assets/..%2f..%2f..%2fpackage.json`);
      expect(outside.headers.get('content-type')).toMatch(/^text\/html/);

      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${origin}/console/`);
      await page.getByRole('textbox', { name: 'Access token' }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Role' }).count()).toBe(0);
      await page
        .getByRole('textbox', { name: 'Access token' })
        .fill(mintToken(['FRONT_OFFICE'], { secret: PRODUCTION_JWT_SECRET }));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('searchbox', { name: 'Find a guest' }).fill('Thornbury');
      await page.getByRole('list', { name: 'Guests' }).getByRole('link', { name: fullName }).click();
      await page.getByRole('heading', { level: 2, name: 'Preferences' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(guest.phone);
      await context.close();
    } finally {
      await gateway.stop();
    }
  });
});

describe('what each role asks for', () => {
  const operations = new Map(
    parse(readFileSync(join(consoleRoot, 'src/operations.graphql'), 'utf8'))
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => [d.name!.value, print(d)]),
  );
  // The flags the console sets per role (packages/console/src/roles.ts), and the pages each role is linked to.
  const contacts: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'];
  const pages: [string, Role[], Record<string, unknown>][] = [
    ['ConsoleOpenCases', ['GUEST_RELATIONS', 'MANAGER'], { first: 200 }],
    ['ConsoleAccounts', ['SALES', 'MANAGER'], { first: 50 }],
    ['ConsoleReceivables', ['FINANCE', 'MANAGER'], { first: 200 }],
    ['ConsoleArrivals', ['FRONT_OFFICE', 'HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'MANAGER'], { first: 100 }],
    ['ConsoleCase', ['GUEST_RELATIONS', 'MANAGER'], { id: '00000000-0000-4000-8000-000000000000' }],
    ['ConsoleMember', ['LOYALTY', 'MANAGER'], { number: '000000000' }],
  ];

  it('never draws FORBIDDEN on the guest page, for any role that may open it', async () => {
    for (const role of [
      'FRONT_OFFICE',
      'HOUSEKEEPING',
      'FOOD_AND_BEVERAGE',
      'SALES',
      'GUEST_RELATIONS',
      'FINANCE',
      'LOYALTY',
      'MANAGER',
    ] as Role[]) {
      const res = await graph.as(role)<{ guest: { fullName: string } }>(operations.get('ConsoleGuest')!, {
        id: guest.id,
        contacts: contacts.includes(role),
        idDocument: role === 'FRONT_OFFICE' || role === 'MANAGER',
      });
      expect(res.errors, role).toBeUndefined();
      expect(res.data?.guest.fullName, role).toBe(fullName);
    }
  });

  it('never draws FORBIDDEN on the department and account pages of each role', async () => {
    for (const [name, roles, variables] of pages)
      for (const role of roles)
        expect((await graph.as(role)(operations.get(name)!, variables)).errors, `${name} ${role}`).toBeUndefined();
    const { createAccount } = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: 'Lotus Events', type: 'EVENT_PLANNER' },
      }),
    );
    const flags: Record<string, Record<string, boolean>> = {
      SALES: { credit: true, sales: true, contacts: true },
      FINANCE: { credit: true, finance: true, contacts: true },
      MANAGER: { credit: true, finance: true, sales: true, contacts: true },
      FRONT_OFFICE: { credit: false, contacts: true },
      GUEST_RELATIONS: { credit: false, contacts: true },
    };
    for (const role of Object.keys(flags) as Role[]) {
      const res = await graph.as(role)(operations.get('ConsoleAccount')!, { id: createAccount.id, ...flags[role] });
      expect(res.errors, role).toBeUndefined();
    }
  });
});

// Last in this file: it stops a subgraph of the shared graph.
describe('a service down', () => {
  it('shows its part as not available now while the rest of the guest page works', async () => {
    const loyalty = graph.services.loyalty;
    await loyalty.stop();
    loyalty.stop = async () => {};
    const { page } = await openConsole();
    await signInAs(page, 'FRONT_OFFICE');
    await openGuest(page);
    await page.getByRole('region', { name: 'Loyalty' }).getByText('Not available now').waitFor();
    expect(await page.getByRole('region', { name: 'Stays' }).textContent()).not.toContain('Not available now');
    const form = page.getByRole('form', { name: 'Record a preference' });
    await form.getByRole('combobox', { name: 'Category' }).selectOption('READING');
    await form.getByRole('textbox', { name: 'Value' }).fill('South China Morning Post');
    await form.getByRole('button', { name: 'Save preference' }).click();
    await page
      .getByRole('region', { name: 'Preferences' })
      .getByRole('listitem')
      .filter({ hasText: 'South China Morning Post' })
      .waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/null|undefined/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.context().close();
  });
});
