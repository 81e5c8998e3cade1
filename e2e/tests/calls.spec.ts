import * as fs from 'fs';
import { expect, test } from './fixtures';
import {
  createOperator,
  customerSignIn,
  PASSWORD,
  portal,
  portalApi,
  setUpCatalog,
  snap,
  staffSignIn,
  verifiedCustomer,
} from './helpers';

// Issue 24: a customer sees each of its calls on /account (the numbers
// masked as the seller chose), searches them and exports them as CSV.
test('a customer finds its calls on its account and exports them as CSV', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'calls');
  const catalog = await setUpCatalog(request, op);
  const email = `carla@${op.slug}.test`;
  const customer = await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);
  const { base, headers } = portalApi(op.slug);
  const staff = { ...headers, Authorization: `Bearer ${catalog.token}` };

  // The seller hides the last three digits of the numbers called.
  const settings = await (await request.get(`${base}/settings/billing`, { headers: staff })).json();
  const saved = await request.put(`${base}/settings/billing`, {
    headers: staff,
    data: { ...settings, mask_called_digits: 3 },
  });
  expect(saved.status(), await saved.text()).toBe(200);

  // Two calls from the customer's phone, through a switch key.
  const detail = await (await request.get(`${base}/customers/${customer}`, { headers: staff })).json();
  const username = detail.services.find((s: { kind: string }) => s.kind === 'sip').username as string;
  const key = await request.post(`${base}/switch-keys`, { headers: staff, data: { name: 'sw' } });
  expect(key.status(), await key.text()).toBe(201);
  // Today (the deck is effective from today): a few seconds ago, and never
  // before midnight.
  const midnight = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:01Z').getTime();
  const first = Math.max(Date.now() - 20_000, midnight);
  const cdr = (id: string, destination: string, secs: number, offset: number) => ({
    call_id: `${op.slug}-${id}`,
    service: 'sip',
    sip_username: username,
    destination,
    start_time: new Date(first + offset * 1000).toISOString(),
    duration_secs: secs,
    media: 'audio',
  });
  const posted = await request.post(`${base}/cdrs`, {
    headers: { ...headers, Authorization: `Bearer ${(await key.json()).key}` },
    data: [cdr('a', '447700900123', 90, 0), cdr('b', '442079460456', 60, 1)],
  });
  expect(posted.status(), await posted.text()).toBe(200);

  await customerSignIn(page, portal(op.slug), email, PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  const section = page.locator('section.calls');
  await expect(section.getByRole('heading', { name: 'Your calls' })).toBeVisible();
  const rows = section.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // Newest first; the mobile call: 90 s billed 30 + 6 × 10 = 90 s at 0.05.
  await expect(rows.nth(0)).toContainText('442079460xxx');
  await expect(rows.nth(1)).toContainText('447700900xxx');
  await expect(rows.nth(1)).toContainText('1:30');
  await expect(rows.nth(1)).toContainText('0.0750');
  await expect(section.getByRole('table')).toContainText('Calls 1–2 of 2');
  await snap(page, testInfo, 'account-calls');

  // A search by the number called.
  await section.getByLabel('Number called').fill('4477');
  await section.getByRole('button', { name: 'Show' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('447700900xxx');

  // The export holds what the search found, masked too.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('calls.csv');
  const lines = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('start_time,service,number,duration_secs,billable_secs,allowance_secs,charge,service_id');
  expect(lines.length).toBe(2);
  expect(lines[1]).toContain(',sip,447700900xxx,90,90,0,0.0750,');
});

test('staff list every call on the invoices of a customer who asked', async ({ page, request }) => {
  const op = await createOperator(request, 'itemize');
  const catalog = await setUpCatalog(request, op);
  const customer = await verifiedCustomer(request, op, `carla@${op.slug}.test`, catalog.plans['SIP Basic']);
  await staffSignIn(page, op);
  await page.goto(`${portal(op.slug)}/console/customers/${customer}`);
  const toggle = page.getByLabel("List every call on this customer's invoices");
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(page.getByText('Its invoices now list every call.')).toBeVisible();
  // Saved: the customer's account says so after a reload.
  await page.reload();
  await expect(page.getByLabel("List every call on this customer's invoices")).toBeChecked();
  const { base, headers } = portalApi(op.slug);
  const detail = await (await request.get(`${base}/customers/${customer}`, {
    headers: { ...headers, Authorization: `Bearer ${catalog.token}` },
  })).json();
  expect(detail.account.itemized_invoices).toBe(true);
});
