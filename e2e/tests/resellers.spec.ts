import { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PASSWORD, confirmOwner, serve, snap, stop, uniqueSlug, verifyToken } from './helpers';

// Resellers (issue 8): an operator creates a reseller in its console; the
// reseller brands its portal (colours, logo); an end customer signs up there;
// calls are rated through the chain; the reseller bills its customer and the
// operator bills the reseller (wholesale).
//
// Bills need time to pass, so like billing.spec.ts this spec runs its own
// server with the clock pinned (RINGLEDGER_FAKE_NOW): November 1st to set
// everything up, then December 1st for the November calls and bill runs.
const PORT = 18082;

/** A valid 1×1 PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The API reached from Node: 127.0.0.1 with the portal's Host header. */
function api(host: string) {
  return { base: `http://127.0.0.1:${PORT}/api/v1`, headers: { Host: host } };
}

/** A staff member's access token (`POST /auth/login` on the portal's host). */
async function staffToken(request: APIRequestContext, host: string, email: string): Promise<string> {
  const { base, headers } = api(host);
  const res = await request.post(`${base}/auth/login`, { headers, data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token as string;
}

/** `PUT` a settings document as a staff member. */
async function putSettings(request: APIRequestContext, host: string, token: string, what: string, data: object) {
  const { base, headers } = api(host);
  const res = await request.put(`${base}/settings/${what}`, {
    headers: { ...headers, Authorization: `Bearer ${token}` },
    data,
  });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * A seller's settings (API): postpaid accounts (credit limit 50) billed on
 * the 1st, and what its invoices print.
 */
async function setUpBilling(
  request: APIRequestContext,
  host: string,
  token: string,
  invoices: { prefix: string; address: string; taxId: string },
) {
  await putSettings(request, host, token, 'accounts', {
    pin_length: 10,
    account_kind: 'postpaid',
    default_credit_limit: '50',
    billing_day: 1,
  });
  await putSettings(request, host, token, 'billing', {
    invoice_prefix: invoices.prefix,
    address: invoices.address,
    tax_id: invoices.taxId,
    tax_mode: 'exclusive',
    payment_terms_days: 14,
    tax_rates: [],
  });
}

/** Signs a staff member in on a portal's `/login` (signed out everywhere first); ends on `/console`. */
async function staffSignIn(page: Page, origin: string, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${origin}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/console`);
}


test('resellers: an operator creates a reseller, who brands its portal, bills its customer and is billed wholesale', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringledger-resellers-'));
  const opSlug = uniqueSlug('op');
  const opHost = `${opSlug}.localhost:${PORT}`;
  const opOrigin = `http://${opHost}`;
  const opEmail = `owner@${opSlug}.test`;
  const opCompany = 'Wholesale Telecom';
  const rSlug = uniqueSlug('blue');
  const rHost = `${rSlug}.${opSlug}.localhost:${PORT}`;
  const rOrigin = `http://${rHost}`;
  const rEmail = `owner@${rSlug}.test`;
  const rName = 'Blue Calls';
  const rBrand = 'Blue Calls Ltd';
  const endUser = `dana@${rSlug}.test`;

  // ── November 1st: the operator, the reseller, the brand, the end user ──
  let server = await serve(PORT, dataDir, '2026-11-01T09:00:00Z');
  let sipUsername = '';
  let switchKey = '';
  try {
    // The operator (API): postpaid accounts billed on the 1st, invoices "WT-",
    // a deck (UK 0.10/min, UK mobiles 0.20/min, whole minutes) and two plans.
    const created = await request.post(`http://127.0.0.1:${PORT}/api/v1/tenants`, {
      headers: { Host: `localhost:${PORT}` },
      data: { company_name: opCompany, slug: opSlug, email: opEmail, password: PASSWORD, currency: 'GBP', country: 'GB' },
    });
    expect(created.status(), await created.text()).toBe(201);
    // The owner confirms the e-mail first: only then may the console create resellers.
    await confirmOwner(request, api(opHost).base, api(opHost).headers, await verifyToken(dataDir, opEmail));
    const opToken = await staffToken(request, opHost, opEmail);
    const op = api(opHost);
    const opAuth = { ...op.headers, Authorization: `Bearer ${opToken}` };
    await setUpBilling(request, opHost, opToken, { prefix: 'WT-', address: '1 Exchange Street\nLondon', taxId: 'GB111' });
    const deck = await request.post(`${op.base}/rate-decks/import?name=Retail&currency=GBP&effective_from=2020-01-01`, {
      headers: { ...opAuth, 'Content-Type': 'text/csv' },
      data: [
        'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment',
        '447,UK Mobile,0.20,0,60,60',
        '44,UK,0.10,0,60,60',
        '',
      ].join('\n'),
    });
    expect(deck.status(), await deck.text()).toBeLessThan(300);
    const deckId = (await deck.json()).deck.id as string;
    for (const plan of [
      { name: 'SIP Plus', service_kind: 'sip', deck_id: deckId, monthly_fee: '10.00' },
      { name: 'PINless UK', service_kind: 'pinless', deck_id: deckId },
    ]) {
      const res = await request.post(`${op.base}/plans`, { headers: opAuth, data: plan });
      expect(res.status(), await res.text()).toBe(201);
    }
    // Switch keys are the operator's: its switch reports every call of the tenant.
    const keyRes = await request.post(`${op.base}/switch-keys`, { headers: opAuth, data: { name: 'Main switch' } });
    expect(keyRes.status(), await keyRes.text()).toBeLessThan(300);
    switchKey = (await keyRes.json()).key as string;

    // The operator creates the reseller in its console.
    await staffSignIn(page, opOrigin, opEmail);
    const nav = page.getByRole('navigation', { name: 'Console' });
    // Pricing on a parent's tariff is the resellers' own.
    await expect(nav.getByRole('link', { name: 'Pricing', exact: true })).toHaveCount(0);
    await nav.getByRole('link', { name: 'Resellers', exact: true }).click();
    await expect(page).toHaveURL(`${opOrigin}/console/resellers`);
    await expect(page.getByRole('heading', { level: 1, name: 'Resellers' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No resellers yet' })).toBeVisible();
    await page.getByRole('button', { name: 'New reseller' }).click();
    // The form opens with the focus in its first field.
    await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
    // Client-side checks first: nothing is sent.
    await page.getByRole('button', { name: 'Create reseller' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Owner e-mail', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Name', { exact: true }).fill(rName);
    await page.getByLabel('Slug', { exact: true }).fill(rSlug);
    await expect(page.getByText(`${rSlug}.${opHost}`)).toBeVisible();
    await page.getByLabel('Owner e-mail', { exact: true }).fill(rEmail);
    await page.getByLabel('Owner password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Markup', { exact: true }).selectOption('percent');
    await page.getByLabel('Markup value', { exact: true }).fill('20');
    await page.getByLabel('Account', { exact: true }).selectOption('postpaid');
    await page.getByLabel('Credit limit', { exact: true }).fill('100');
    await page.getByLabel('Monthly fee', { exact: true }).fill('5');
    await expect(page.getByLabel('Custom domain', { exact: true })).toBeEmpty();
    await snap(page, testInfo, 'console-new-reseller');
    // Submitted from the keyboard.
    await page.getByLabel('Monthly fee', { exact: true }).press('Enter');
    await expect(page.getByRole('status').filter({ hasText: `Reseller “${rName}” created.` })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(rName) });
    await expect(row).toContainText(rSlug);
    await expect(row).toContainText('20 %');
    await expect(row).toContainText('Postpaid');
    await expect(row).toContainText('5.00 GBP');
    const portalLink = row.getByRole('link', { name: `Portal of ${rName} (opens in a new tab)` });
    await expect(portalLink).toHaveAttribute('href', new RegExp(`^http://${rSlug}\\.${opSlug}\\.localhost`));
    await expect(portalLink).toHaveAttribute('target', '_blank');
    await snap(page, testInfo, 'console-resellers');

    // The reseller's own settings (API): postpaid accounts billed on the
    // 1st, its own invoice numbers.
    const rToken = await staffToken(request, rHost, rEmail);
    await setUpBilling(request, rHost, rToken, { prefix: 'BLUE-', address: '1 Harbour Road\nBristol', taxId: 'GB222' });

    // The reseller's owner signs in on its own portal.
    await page.goto(`${rOrigin}/login`);
    await expect(page.getByRole('heading', { name: `Sign in to ${rName}` })).toBeVisible();
    await staffSignIn(page, rOrigin, rEmail);
    const rNav = page.getByRole('navigation', { name: 'Console' });
    // What only the operator may do is not offered.
    await rNav.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Accounts', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Switch keys' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Ringledger plan' })).toHaveCount(0);
    await rNav.getByRole('link', { name: 'Catalog', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Rate decks' })).toBeVisible();

    // Its own deck: uploaded in the console, listed beside the operator's.
    const decks = page.getByRole('table', { name: 'Rate decks' });
    const deckRow = (name: string) =>
      decks.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(deckRow('Retail')).toContainText("Operator's");
    await expect(page.getByRole('heading', { name: 'Upload a rate deck' })).toBeVisible();
    await expect(page.getByText('Your own decks set your selling prices')).toBeVisible();
    await page.getByLabel('Deck name').fill('Blue Retail');
    await page.getByLabel('Effective from').fill('2026-11-01');
    await page.locator('input#deck-file').setInputFiles({
      name: 'blue.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n44,UK,0.30,0,60,60\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload deck' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Deck “Blue Retail” imported' })).toBeVisible();
    await expect(deckRow('Blue Retail')).toContainText('Yours');
    await snap(page, testInfo, 'reseller-decks');

    // Pricing, from the keyboard: its own deck is offered (not the
    // operator's); it stays on 20 % (the bills below count on it).
    await rNav.getByRole('link', { name: 'Pricing', exact: true }).click();
    await expect(page).toHaveURL(`${rOrigin}/console/pricing`);
    const pricing = page.getByLabel('Pricing', { exact: true });
    const markupValue = page.getByLabel('Markup value', { exact: true });
    await expect(pricing).toHaveValue('percent');
    await expect(markupValue).toHaveValue('20');
    await pricing.focus();
    await pricing.selectOption('deck');
    await expect(markupValue).toHaveCount(0);
    const ownDeck = page.getByLabel('Deck', { exact: true });
    await expect(ownDeck.locator('option')).toHaveText(['Choose a deck', 'Blue Retail (GBP)']);
    await page.getByRole('button', { name: 'Save pricing' }).press('Enter');
    await expect(ownDeck).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#deck_id-error')).toContainText('Choose one of your own rate decks.');
    await pricing.selectOption('percent');
    await markupValue.fill('20');
    await markupValue.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Pricing saved.' })).toBeVisible();
    await snap(page, testInfo, 'reseller-pricing');

    // Brand: name, colours, support e-mail.
    await rNav.getByRole('link', { name: 'Brand', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Brand' })).toBeVisible();
    await expect(page.getByLabel('Brand name')).toHaveValue(rName);
    await expect(page.getByLabel('Address', { exact: true })).toHaveValue('1 Harbour Road\nBristol');
    await page.getByLabel('Brand name').fill(rBrand);
    await page.getByLabel('Primary colour').fill('teal');
    await page.getByRole('button', { name: 'Save brand' }).click();
    await expect(page.getByLabel('Primary colour')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Primary colour').fill('#0f766e');
    await page.getByLabel('Accent colour').fill('#f97316');
    await page.getByLabel('Support e-mail').fill(`help@${rSlug}.test`);
    await page.getByRole('button', { name: 'Save brand' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Brand saved.' })).toBeVisible();
    // The page takes the new brand at once.
    await expect(page.getByRole('banner')).toContainText(rBrand);
    const primary = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim());
    expect(await primary()).toBe('#0f766e');

    // Logo: a file that is no image is refused before upload; a PNG is taken.
    const logoInput = page.locator('input#logo');
    await logoInput.setInputFiles({ name: 'logo.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await expect(logoInput).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#logo-error')).toContainText('not a PNG, JPEG, GIF or WebP image');
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Logo uploaded.' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Logo', exact: true })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('img', { name: `${rBrand} logo` })).toBeVisible();
    await snap(page, testInfo, 'console-brand');

    // The reseller's portal home, freshly loaded: name, colour, logo.
    await page.goto(`${rOrigin}/`);
    await expect(page.getByRole('heading', { level: 1, name: rBrand })).toBeVisible();
    await expect(page).toHaveTitle(rBrand);
    expect(await primary()).toBe('#0f766e');
    await expect(page.getByRole('link', { name: 'Sign up' }).first()).toHaveCSS('background-color', 'rgb(15, 118, 110)');
    const logo = page.getByRole('banner').getByRole('img', { name: `${rBrand} logo` });
    await expect(logo).toBeVisible();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    // The reseller sells the operator's plans.
    await expect(page.getByRole('region', { name: 'What we offer' })).toContainText('SIP Plus');
    await snap(page, testInfo, 'reseller-portal-home');
    // The operator's portal is untouched: its own name, no logo.
    await page.goto(`${opOrigin}/`);
    await expect(page.getByRole('heading', { level: 1, name: opCompany })).toBeVisible();
    await expect(page.getByRole('banner').getByRole('img')).toHaveCount(0);

    // An end customer signs up on the reseller's portal for two services (API).
    const r = api(rHost);
    const offers = await request.get(`${r.base}/portal/offers`, { headers: r.headers });
    expect(offers.status(), await offers.text()).toBe(200);
    const plans = (await offers.json()).plans as { id: string; service_kind: string }[];
    const planOf = (kind: string) => {
      const plan = plans.find((p) => p.service_kind === kind);
      expect(plan, `a ${kind} plan on the reseller's portal: ${JSON.stringify(plans)}`).toBeTruthy();
      return plan!.id;
    };
    const signup = await request.post(`${r.base}/portal/signup`, {
      headers: r.headers,
      data: {
        name: 'Dana Dialer',
        email: endUser,
        password: PASSWORD,
        services: [
          { kind: 'sip', plan_id: planOf('sip'), anis: [] },
          { kind: 'pinless', plan_id: planOf('pinless'), anis: ['+44 7700 900555'] },
        ],
      },
    });
    expect(signup.status(), await signup.text()).toBe(201);
    const services = (await signup.json()).customer.services as { kind: string; username?: string }[];
    sipUsername = services.find((s) => s.kind === 'sip')?.username ?? '';
    expect(sipUsername).toBeTruthy();
    const verified = await request.post(`${r.base}/my/verify-email`, {
      headers: r.headers,
      data: { token: await verifyToken(dataDir, endUser) },
    });
    expect(verified.status(), await verified.text()).toBeLessThan(300);
  } finally {
    await stop(server);
  }

  // ── December 1st: November's calls, the margin, both bill runs ──
  server = await serve(PORT, dataDir, '2026-12-01T06:00:00Z');
  try {
    // Two calls of the reseller's customer on November 15th, reported by the
    // operator's switch: SIP 2 min to the UK (0.10/min) and PINless 1 min to
    // a UK mobile (0.20/min). The reseller pays the operator 0.20 + 0.20 and
    // charges its customer 20 % more: 0.24 + 0.24.
    const op = api(opHost);
    const cdrs = await request.post(`${op.base}/cdrs`, {
      headers: { ...op.headers, Authorization: `Bearer ${switchKey}` },
      data: [
        {
          call_id: 'blue-sip-1',
          service: 'sip',
          sip_username: sipUsername,
          destination: '441632960123',
          start_time: '2026-11-15T10:00:00Z',
          duration_secs: 120,
        },
        {
          call_id: 'blue-pinless-1',
          service: 'pinless',
          ani: '447700900555',
          destination: '447700900123',
          start_time: '2026-11-15T11:00:00Z',
          duration_secs: 60,
        },
      ],
    });
    expect(cdrs.status(), await cdrs.text()).toBeLessThan(300);
    const batch = await cdrs.json();
    expect(batch.accepted, JSON.stringify(batch)).toBe(2);

    // The reseller's dashboard: revenue, cost and margin of the 30 days.
    await staffSignIn(page, rOrigin, rEmail);
    const margin = page.getByRole('region', { name: 'Margin' });
    await expect(margin).toBeVisible();
    await expect(margin.locator('.margin-totals > div').filter({ hasText: 'Revenue' })).toContainText('0.48 GBP');
    await expect(margin.locator('.margin-totals > div').filter({ hasText: 'Cost' })).toContainText('0.40 GBP');
    await expect(margin.locator('.margin-totals > div').filter({ hasText: 'Margin' })).toContainText('0.08 GBP');
    const chart = margin.getByRole('img', { name: 'Revenue and cost per day' });
    await expect(chart).toBeVisible();
    await expect(chart.locator('rect.bar-revenue title', { hasText: '2026-11-15' })).toBeAttached();
    await margin.scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'reseller-margin');

    // The reseller bills its customer: its own numbering.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Bill runs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bill runs' })).toBeVisible();
    await page.getByRole('button', { name: 'Run bill run' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Done' })).toContainText('1 invoice for 1 account');
    const rInvoice = page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: /BLUE-000001/ });
    await expect(rInvoice).toContainText('Dana Dialer');
    await snap(page, testInfo, 'reseller-bill-run');

    // The operator bills the reseller: the wholesale invoice's customer is
    // the reseller (its name, its owner's e-mail).
    await staffSignIn(page, opOrigin, opEmail);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Bill runs' }).click();
    await page.getByRole('button', { name: 'Run bill run' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible();
    const wholesaleRow = page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: new RegExp(rName) });
    await expect(wholesaleRow).toContainText(/WT-\d{6}/);
    await snap(page, testInfo, 'operator-wholesale-invoice');

    // The operator sees the reseller's customer too, and who sells to her.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Customers' }).click();
    await expect(page.getByRole('row', { name: /Dana Dialer/ })).toContainText('Blue Calls Ltd');

    // The reseller sees that invoice on its Wholesale page, with where to pay it.
    await staffSignIn(page, rOrigin, rEmail);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Wholesale' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Wholesale account' })).toBeVisible();
    await expect(page.getByRole('main').getByText(/WT-\d{6}/).first()).toBeVisible();
    await expect(page.getByRole('link', { name: /Pay on .*portal/ })).toHaveAttribute('href', new RegExp(`^http://${opSlug}\\.localhost`));
    await snap(page, testInfo, 'reseller-wholesale');

    const opToken = await staffToken(request, opHost, opEmail);
    const opAuth = { ...op.headers, Authorization: `Bearer ${opToken}` };
    const resellers = await request.get(`${op.base}/resellers`, { headers: opAuth });
    expect(resellers.status(), await resellers.text()).toBe(200);
    const reseller = ((await resellers.json()) as { slug: string; wholesale: { customer_id: string } | null }[]).find(
      (x) => x.slug === rSlug,
    );
    expect(reseller?.wholesale, JSON.stringify(reseller)).toBeTruthy();
    const wholesaleId = reseller!.wholesale!.customer_id;
    const customer = await request.get(`${op.base}/customers/${wholesaleId}`, { headers: opAuth });
    expect(customer.status(), await customer.text()).toBe(200);
    const wholesaleCustomer = await customer.json();
    expect(wholesaleCustomer.email).toBe(rEmail);
    expect(wholesaleCustomer.name).toContain(rName);
    const invoices = await request.get(`${op.base}/invoices?customer_id=${wholesaleId}&limit=100`, { headers: opAuth });
    expect(invoices.status(), await invoices.text()).toBe(200);
    const wholesale = (await invoices.json()).items as { number: string; customer_name: string }[];
    expect(wholesale.length, JSON.stringify(wholesale)).toBeGreaterThan(0);
    expect(wholesale[0].number).toMatch(/^WT-/);
    expect(wholesale[0].customer_name).toContain(rName);

    // The end customer's invoice, on the reseller's portal, in its brand.
    await page.context().clearCookies();
    await page.goto(`${rOrigin}/account/login`);
    await expect(page.getByRole('banner')).toContainText(rBrand);
    await page.getByLabel('Email').fill(endUser);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${rOrigin}/account`);
    await expect(page.getByRole('banner').getByRole('img', { name: `${rBrand} logo` })).toBeVisible();
    const mine = page.getByRole('region', { name: 'Your invoices' }).getByRole('row', { name: /BLUE-000001/ });
    await expect(mine).toBeVisible();
    const downloading = page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Download BLUE-000001 as PDF' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('BLUE-000001.pdf');
    const file = await download.path();
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const needle of [rBrand, 'BLUE-000001', 'Dana Dialer', '1 Harbour Road', 'GB222']) {
      expect(text, text).toContain(needle);
    }
    // White label: the reseller's customer does not see the operator.
    expect(text, text).not.toContain(opCompany);
    await snap(page, testInfo, 'end-user-invoices');
  } finally {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
