import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { expect, test } from './fixtures';
import { PASSWORD, serve, snap, stop, uniqueSlug, verifyToken } from './helpers';

const PORT = 18083;

function api(slug: string) {
  return { base: `http://127.0.0.1:${PORT}/api/v1`, headers: { Host: `${slug}.localhost:${PORT}` } };
}

// Issue 24: a visitor signs up for an IP phone with a phone number of its
// own, held while it fills the form; the month's bill shows the number's
// setup fee and its monthly fee. On /account the customer takes a second
// number and gives it back.
test('a visitor signs up for an IP phone with a number and the bill shows its fees', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringledger-dids-'));
  const slug = uniqueSlug('did');
  const email = `owner@${slug}.test`;
  const visitor = `vic@${slug}.test`;
  const origin = `http://${slug}.localhost:${PORT}`;
  const { base, headers } = api(slug);

  let server = await serve(PORT, dataDir, '2026-11-01T09:00:00Z');
  try {
    const created = await request.post(`http://127.0.0.1:${PORT}/api/v1/tenants`, {
      headers: { Host: `localhost:${PORT}` },
      data: { company_name: 'Number Telecom', slug, email, password: PASSWORD, currency: 'GBP', country: 'GB' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const login = await request.post(`${base}/auth/login`, { headers, data: { email, password: PASSWORD } });
    const auth = { ...headers, Authorization: `Bearer ${(await login.json()).access_token}` };
    expect((await request.put(`${base}/settings/accounts`, { headers: auth, data: {
      pin_length: 10, account_kind: 'postpaid', default_credit_limit: '50', billing_day: 1 } })).status()).toBe(200);
    expect((await request.put(`${base}/settings/billing`, { headers: auth, data: {
      invoice_prefix: 'NT-', address: '3 Low Road\nLondon', tax_id: 'GB777', tax_mode: 'exclusive',
      payment_terms_days: 14, tax_rates: [] } })).status()).toBe(200);
    const deck = await request.post(`${base}/rate-decks/import?name=Retail&effective_from=2020-01-01`, {
      headers: { ...auth, 'Content-Type': 'text/csv' },
      data: 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n44,UK,0.10,0,60,60\n',
    });
    expect(deck.status(), await deck.text()).toBeLessThan(300);
    const plan = await request.post(`${base}/plans`, { headers: auth, data: {
      name: 'SIP Plus', service_kind: 'sip', deck_id: (await deck.json()).deck.id, monthly_fee: '10.00' } });
    expect(plan.status(), await plan.text()).toBe(201);
    const numbers = await request.post(`${base}/numbers/import`, {
      headers: { ...auth, 'Content-Type': 'text/csv' },
      data: 'number,country,monthly_fee,setup_fee\n442071234567,GB,2.00,5.00\n442071234568,GB,2.00,5.00\n33170000001,FR,3.00,0\n',
    });
    expect(numbers.status(), await numbers.text()).toBe(200);

    // The visitor picks an IP phone and finds a London number for it.
    await page.goto(`${origin}/signup`);
    await page.getByLabel('Service', { exact: true }).first().selectOption('sip');
    await page.getByLabel('Plan', { exact: true }).first().selectOption({ label: 'SIP Plus — 10.00 GBP a month' });
    const pick = page.getByRole('group', { name: 'Phone number' });
    await pick.getByLabel('Country').fill('GB');
    await pick.getByLabel('Digits').fill('4567');
    await pick.getByRole('button', { name: 'Find numbers' }).click();
    await expect(pick).toContainText('5.00 GBP setup, 2.00 GBP a month');
    await pick.getByRole('button', { name: 'Choose +442071234567' }).click();
    await expect(pick).toContainText('+442071234567 held for you for 15 minutes');
    // Meanwhile nobody else is offered it.
    const offered = await request.get(`${base}/portal/numbers?country=GB`, { headers });
    expect((await offered.json()).map((n: { number: string }) => n.number)).toEqual(['442071234568']);
    await snap(page, testInfo, 'signup-number');
    await page.getByLabel('Your name').fill('Vic Visitor');
    await page.getByLabel('Email').fill(visitor);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Vic Visitor' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'IP phone (SIP)' })).toContainText('+442071234567');
    const token = await verifyToken(dataDir, visitor);
    expect((await request.post(`${base}/my/verify-email`, { headers, data: { token } })).status()).toBeLessThan(300);

    // On /account: a second number taken, then given back.
    await page.goto(`${origin}/account/login`);
    await page.getByLabel('Email').fill(visitor);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`);
    const phone = page.getByRole('region', { name: 'IP phone (SIP)' });
    await expect(phone).toContainText('+442071234567');
    await phone.getByLabel('Country').fill('FR');
    await phone.getByRole('button', { name: 'Find numbers' }).click();
    await phone.getByRole('button', { name: 'Take +33170000001' }).click();
    await expect(phone.getByRole('button', { name: 'Give back +33170000001' })).toBeVisible();
    await snap(page, testInfo, 'account-numbers');
    page.once('dialog', (d) => d.accept());
    await phone.getByRole('button', { name: 'Give back +33170000001' }).click();
    await expect(phone.getByRole('button', { name: 'Give back +33170000001' })).toHaveCount(0);
    await expect(phone.getByRole('button', { name: 'Give back +442071234567' })).toBeVisible();
  } finally {
    await stop(server);
  }

  // December 1st: the bill shows the number's setup fee and a month of it.
  server = await serve(PORT, dataDir, '2026-12-01T06:00:00Z');
  try {
    const login = await request.post(`${base}/auth/login`, { headers, data: { email, password: PASSWORD } });
    const auth = { ...headers, Authorization: `Bearer ${(await login.json()).access_token}` };
    const run = await request.post(`${base}/bill-runs`, { headers: auth, data: {} });
    expect(run.status(), await run.text()).toBe(202);
    const runId = (await run.json()).id;
    await expect.poll(async () => (await (await request.get(`${base}/bill-runs/${runId}`, { headers: auth })).json()).status,
      { timeout: 30_000 }).toBe('done');

    // Still signed in (the session outlived the restart).
    await page.goto(`${origin}/account`);
    const mine = page.getByRole('region', { name: 'Your invoices' }).getByRole('row', { name: /NT-000001/ });
    // 10.00 plan + 2.00 London + 5.00 its setup (Paris, given back the day
    // it was taken, costs nothing).
    await expect(mine).toContainText('17.00 GBP');
    const downloading = page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Download NT-000001 as PDF' }).click();
    const text = execFileSync('pdftotext', ['-layout', await (await downloading).path(), '-']).toString();
    for (const needle of ['Number +442071234567', 'Setup of number +442071234567']) {
      expect(text, text).toContain(needle);
    }
    expect(text).not.toContain('33170000001');
    await snap(page, testInfo, 'account-invoice-number');
  } finally {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
