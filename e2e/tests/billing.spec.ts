import { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PASSWORD, serve, snap, stop, uniqueSlug, verifyToken } from './helpers';

// Bills need time to pass: this spec runs its own server with the clock
// pinned (RINGLEDGER_FAKE_NOW), first on November 1st to set the shop up,
// then on December 1st to bill November.
const PORT = 18081;

function api(slug: string) {
  return { base: `http://127.0.0.1:${PORT}/api/v1`, headers: { Host: `${slug}.localhost:${PORT}` } };
}

async function staffToken(request: APIRequestContext, slug: string, email: string): Promise<string> {
  const { base, headers } = api(slug);
  const res = await request.post(`${base}/auth/login`, { headers, data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token;
}

/** A local webhook receiver: keeps every request's signature and raw body. */
async function receiver(): Promise<{ url: string; got: { signature: string; body: string }[]; close: () => void }> {
  const got: { signature: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ signature: String(req.headers['ringledger-signature'] ?? ''), body: Buffer.concat(chunks).toString() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, got, close: () => server.close() };
}

/** Whether the documented Node.js verifier accepts a delivery. */
function verified(secret: string, signature: string, body: string): boolean {
  const script = path.resolve(__dirname, '..', '..', 'docs', 'webhooks', 'verify.mjs');
  try {
    execFileSync('node', [script, secret, signature], { input: body });
    return true;
  } catch {
    return false;
  }
}

test('billing: the operator runs a bill run and the customer downloads the invoice', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringledger-billing-'));
  const slug = uniqueSlug('bill');
  const email = `owner@${slug}.test`;
  const customer = `cleo@${slug}.test`;

  // November 1st: the operator, a SIP plan at 10.00 a month, a customer,
  // and a webhook endpoint of the operator's accounting system (registered
  // in the console) that will hear of the bill run.
  const hooks = await receiver();
  const allowLocalHooks = { RINGLEDGER_WEBHOOKS_ALLOW_PRIVATE: 'true' };
  let secret = '';
  let server = await serve(PORT, dataDir, '2026-11-01T09:00:00Z', allowLocalHooks);
  try {
    const created = await request.post(`http://127.0.0.1:${PORT}/api/v1/tenants`, {
      headers: { Host: `localhost:${PORT}` },
      data: { company_name: 'Billing Telecom', slug, email, password: PASSWORD, currency: 'GBP', country: 'GB' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const token = await staffToken(request, slug, email);
    const { base, headers } = api(slug);
    const auth = { ...headers, Authorization: `Bearer ${token}` };
    expect((await request.put(`${base}/settings/accounts`, { headers: auth, data: {
      pin_length: 10, account_kind: 'postpaid', default_credit_limit: '50', billing_day: 1 } })).status()).toBe(200);
    expect((await request.put(`${base}/settings/billing`, { headers: auth, data: {
      invoice_prefix: 'BT-', address: '2 High Street\nLondon', tax_id: 'GB999', tax_mode: 'exclusive',
      payment_terms_days: 14, tax_rates: [{ country: '', name: 'VAT', rate: '20' }] } })).status()).toBe(200);
    const deck = await request.post(`${base}/rate-decks/import?name=Retail&effective_from=2020-01-01`, {
      headers: { ...auth, 'Content-Type': 'text/csv' },
      data: 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n44,UK,0.10,0,60,60\n',
    });
    expect(deck.status(), await deck.text()).toBeLessThan(300);
    const plan = await request.post(`${base}/plans`, { headers: auth, data: {
      name: 'SIP Plus', service_kind: 'sip', deck_id: (await deck.json()).deck.id, monthly_fee: '10.00' } });
    expect(plan.status(), await plan.text()).toBe(201);
    const signup = await request.post(`${base}/portal/signup`, { headers, data: {
      name: 'Cleo', email: customer, password: PASSWORD, services: [{ kind: 'sip', plan_id: (await plan.json()).id }] } });
    expect(signup.status(), await signup.text()).toBeLessThan(300);
    // A call Cleo placed that nobody answered (rated, at no charge): the
    // invoice's itemized appendix lists it.
    const username = (await signup.json()).customer.services[0].username as string;
    const key = await request.post(`${base}/switch-keys`, { headers: auth, data: { name: 'sw' } });
    expect(key.status(), await key.text()).toBe(201);
    const cdrs = await request.post(`${base}/cdrs`, {
      headers: { ...headers, Authorization: `Bearer ${(await key.json()).key}` },
      data: [{ call_id: `${slug}-1`, service: 'sip', sip_username: username, destination: '442079460123',
        start_time: '2026-11-20T10:00:00Z', duration_secs: 0, media: 'audio' }],
    });
    expect(cdrs.status(), await cdrs.text()).toBe(200);
    // Verify the e-mail from the message written to the data directory.
    const emailToken = await verifyToken(dataDir, customer);
    expect((await request.post(`${base}/my/verify-email`, { headers, data: { token: emailToken } })).status()).toBeLessThan(300);

    const origin = `http://${slug}.localhost:${PORT}`;
    await page.goto(`${origin}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/console`);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Endpoint URL').fill(hooks.url);
    await form.getByLabel('Description (optional)').fill('Accounting');
    await form.getByLabel(/invoice\.issued/).check();
    await form.getByLabel(/bill_run\.finished/).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    secret = await form.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByRole('row', { name: /Accounting/ })).toContainText('Active');
    await snap(page, testInfo, 'console-webhooks');
    await page.getByRole('button', { name: 'Log out' }).click();
  } finally {
    await stop(server);
  }

  // December 1st: the bill run, from the console, announced to the
  // operator's own system by a webhook.
  server = await serve(PORT, dataDir, '2026-12-01T06:00:00Z', allowLocalHooks);
  try {
    const origin = `http://${slug}.localhost:${PORT}`;
    await page.goto(`${origin}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/console`);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Bill runs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bill runs' })).toBeVisible();
    await page.getByRole('button', { name: 'Run bill run' }).click();
    await expect(page.getByRole('progressbar', { name: 'Bill run progress' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Done' })).toContainText('1 invoice for 1 account');
    const table = page.getByRole('table', { name: 'Invoices' });
    const row = table.getByRole('row', { name: /BT-000001/ });
    await expect(row).toContainText('Cleo');
    await expect(row).toContainText('12.00 GBP');
    await expect(page.getByRole('table', { name: 'Past runs' }).getByRole('row').nth(1)).toContainText('Done');
    await snap(page, testInfo, 'console-bill-run');

    const downloading = page.waitForEvent('download');
    await row.getByRole('button', { name: 'PDF' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('BT-000001.pdf');
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const needle of ['Billing Telecom', 'BT-000001', 'Cleo', 'GB999', 'IP phone (SIP)', '12.00 GBP', 'Pay now']) {
      expect(text).toContain(needle);
    }
    // A look at the rendered page, kept with the report.
    const png = testInfo.outputPath('invoice-page');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, png]);
    await testInfo.attach('invoice-pdf', { path: `${png}.png`, contentType: 'image/png' });

    // The endpoint received invoice.issued, signed with its secret.
    await expect.poll(() => hooks.got.map((g) => JSON.parse(g.body).type), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['invoice.issued', 'bill_run.finished']));
    const issued = hooks.got.find((g) => JSON.parse(g.body).type === 'invoice.issued')!;
    const invoice = JSON.parse(issued.body).data.object;
    expect(invoice.number).toBe('BT-000001');
    expect(invoice.total).toBe('12.00');
    expect(verified(secret, issued.signature, issued.body)).toBe(true);
    expect(verified(secret, issued.signature, issued.body.replace('BT-000001', 'BT-000002'))).toBe(false);
    // The console lists the deliveries with their answer.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Deliveries of Accounting' }).click();
    const delivery = page.getByRole('region', { name: 'Deliveries to Accounting' }).getByRole('row', { name: /invoice\.issued/ });
    await expect(delivery).toContainText('Delivered');
    await expect(delivery).toContainText('200 ·');
    await snap(page, testInfo, 'console-webhook-deliveries');

    // The customer downloads it from the portal.
    await page.goto(`${origin}/account/login`);
    await page.getByLabel('Email').fill(customer);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/account`);
    const invoices = page.getByRole('region', { name: 'Your invoices' });
    const mine = invoices.getByRole('row', { name: /BT-000001/ });
    await expect(mine).toContainText('12.00 GBP');
    // Cleo asks for every call on her invoices: the PDF gains its appendix.
    await page.getByLabel('List every call on my invoices').check();
    await expect(page.getByText('Saved: your next invoices follow it.')).toBeVisible();
    const customerDownload = page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Download BT-000001 as PDF' }).click();
    const mineFile = await customerDownload;
    expect(mineFile.suggestedFilename()).toBe('BT-000001.pdf');
    const itemized = execFileSync('pdftotext', ['-layout', await mineFile.path(), '-']).toString();
    for (const needle of ['Itemized calls', '2026-11-20 10:00:00', '442079460123', '1 call,']) {
      expect(itemized).toContain(needle);
    }
    await invoices.scrollIntoViewIfNeeded();
    await snap(page, testInfo, 'customer-invoices');
  } finally {
    hooks.close();
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
