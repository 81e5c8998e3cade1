import { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PASSWORD, confirmOwner, serve, snap, stop, uniqueSlug, verifyToken } from './helpers';

// A customer pays an invoice by card: the server talks to the fake Stripe
// (`fake-stripe`, the same one the API tests use), the browser goes through
// its hosted checkout page and comes back to the portal.
const PORT = 18082;
const STRIPE_PORT = 18112;
const STRIPE_ENV = { RINGLEDGER_STRIPE_API_BASE: `http://127.0.0.1:${STRIPE_PORT}` };

function fakeStripeBin(): string {
  if (process.env.FAKE_STRIPE_BIN) return process.env.FAKE_STRIPE_BIN;
  return path.join(path.dirname(process.env.RINGLEDGER_BIN!), 'fake-stripe');
}

async function waitFor(url: string, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

function api(slug: string) {
  return { base: `http://127.0.0.1:${PORT}/api/v1`, headers: { Host: `${slug}.localhost:${PORT}` } };
}

async function staffToken(request: APIRequestContext, slug: string, email: string): Promise<string> {
  const { base, headers } = api(slug);
  const res = await request.post(`${base}/auth/login`, { headers, data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token;
}

test('payments: a customer pays an invoice on the checkout page and sees it paid', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringledger-payments-'));
  const stripe = spawn(fakeStripeBin(), ['--port', String(STRIPE_PORT)], { stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${STRIPE_PORT}/v1/balance`, 'fake-stripe');
  const slug = uniqueSlug('pay');
  const email = `owner@${slug}.test`;
  const customer = `dana@${slug}.test`;

  // November 1st: a postpaid operator with Stripe connected, a customer.
  let server = await serve(PORT, dataDir, '2026-11-01T09:00:00Z', STRIPE_ENV);
  try {
    const created = await request.post(`http://127.0.0.1:${PORT}/api/v1/tenants`, {
      headers: { Host: `localhost:${PORT}` },
      data: { company_name: 'Paying Telecom', slug, email, password: PASSWORD, currency: 'EUR', country: 'GB' },
    });
    expect(created.status(), await created.text()).toBe(201);
    // The owner confirms the e-mail first: only then may the console take payments.
    await confirmOwner(request, api(slug).base, api(slug).headers, await verifyToken(dataDir, email));
    const token = await staffToken(request, slug, email);
    const { base, headers } = api(slug);
    const auth = { ...headers, Authorization: `Bearer ${token}` };
    expect((await request.put(`${base}/settings/accounts`, { headers: auth, data: {
      pin_length: 10, account_kind: 'postpaid', default_credit_limit: '50', billing_day: 1 } })).status()).toBe(200);
    const connected = await request.put(`${base}/settings/payments`, { headers: auth, data: {
      secret_key: `sk_test_${slug.replace(/-/g, '')}`, publishable_key: 'pk_test_e2e000000000' } });
    expect(connected.status(), await connected.text()).toBe(200);
    const deck = await request.post(`${base}/rate-decks/import?name=Retail&effective_from=2020-01-01`, {
      headers: { ...auth, 'Content-Type': 'text/csv' },
      data: 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n44,UK,0.10,0,60,60\n',
    });
    expect(deck.status(), await deck.text()).toBeLessThan(300);
    const plan = await request.post(`${base}/plans`, { headers: auth, data: {
      name: 'SIP Plus', service_kind: 'sip', deck_id: (await deck.json()).deck.id, monthly_fee: '10.00' } });
    expect(plan.status(), await plan.text()).toBe(201);
    const signup = await request.post(`${base}/portal/signup`, { headers, data: {
      name: 'Dana', email: customer, password: PASSWORD, services: [{ kind: 'sip', plan_id: (await plan.json()).id }] } });
    expect(signup.status(), await signup.text()).toBeLessThan(300);
    const emailToken = await verifyToken(dataDir, customer);
    expect((await request.post(`${base}/my/verify-email`, { headers, data: { token: emailToken } })).status()).toBeLessThan(300);
  } finally {
    await stop(server);
  }

  // December 1st: November is billed; the customer pays by card.
  server = await serve(PORT, dataDir, '2026-12-01T06:00:00Z', STRIPE_ENV);
  try {
    const token = await staffToken(request, slug, email);
    const { base, headers } = api(slug);
    const auth = { ...headers, Authorization: `Bearer ${token}` };
    const run = await request.post(`${base}/bill-runs`, { headers: auth, data: {} });
    expect(run.status(), await run.text()).toBe(202);
    const runId = (await run.json()).id;
    await expect.poll(async () => (await (await request.get(`${base}/bill-runs/${runId}`, { headers: auth })).json()).status)
      .toBe('done');

    const origin = `http://${slug}.localhost:${PORT}`;
    await page.goto(`${origin}/account/login`);
    await page.getByLabel('Email').fill(customer);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`);
    const invoices = page.getByRole('region', { name: 'Your invoices' });
    const row = invoices.getByRole('row', { name: /INV-000001/ });
    await expect(row).toContainText('10.00 EUR');
    await row.getByRole('button', { name: 'Pay now' }).click();

    // Stripe's (fake) hosted page: the card never touches our server.
    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${STRIPE_PORT}/checkout/`));
    await expect(page.getByText('10.00 EUR')).toBeVisible();
    await snap(page, testInfo, 'fake-checkout');
    await page.getByRole('button', { name: 'Pay' }).click();

    // Back on the portal: the payment is confirmed and the invoice paid.
    await page.waitForURL(new RegExp(`^${origin.replace(/\./g, '\\.')}/account/invoices/`));
    await expect(page.getByRole('status').filter({ hasText: 'Payment received — thank you.' })).toBeVisible();
    await expect(page.getByRole('row', { name: /INV-000001/ }).first()).toContainText(/paid/i);
    await snap(page, testInfo, 'invoice-paid');

    // The operator sees it paid too (credited once, redirect and webhook both arrived).
    const detail = await (await request.get(`${base}/invoices?status=paid`, { headers: auth })).json();
    expect(detail.total).toBe(1);
    const customers = await (await request.get(`${base}/customers`, { headers: auth })).json();
    const cid = customers.items.find((c: { email: string }) => c.email === customer).id;
    const ledger = await (await request.get(`${base}/customers/${cid}/ledger`, { headers: auth })).json();
    expect(ledger.items.filter((e: { kind: string }) => e.kind === 'payment')).toHaveLength(1);

    // The console's Payments page lists it (it used to say "Coming soon"),
    // and its filters live in the address: reload and back keep them.
    await page.goto(`${origin}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/console`);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Payments' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
    await expect(page.getByText(/coming soon/i)).toHaveCount(0);
    const paid = page.getByRole('table', { name: 'Payments' }).getByRole('row', { name: /Dana/ });
    await expect(paid).toContainText('10.00 EUR');
    await expect(paid).toContainText('succeeded');
    await snap(page, testInfo, 'console-payments');
    const filters = page.getByRole('form', { name: 'Filter payments' });
    await filters.getByLabel('Status').selectOption('failed');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/\/console\/payments\?status=failed$/);
    await expect(page.getByText('No payments here')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('form', { name: 'Filter payments' }).getByLabel('Status')).toHaveValue('failed');
    await expect(page.getByText('No payments here')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row', { name: /Dana/ })).toBeVisible();
  } finally {
    await stop(server);
    stripe.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
