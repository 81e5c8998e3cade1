import { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  Operator,
  PASSWORD,
  createOperator,
  portal,
  portalApi,
  setUpCatalog,
  snap,
  customerSignIn,
  staffSignIn,
  verifiedCustomer,
  waitForEmail,
} from './helpers';

const NEW_PASSWORD = 'another horse battery';

/** The amount shown as the account's balance ("7.5 GBP" → 7.5). */
async function balance(page: Page): Promise<number> {
  const dd = page.locator('.facts > div').filter({ has: page.getByText('Balance', { exact: true }) }).locator('dd');
  const text = (await dd.innerText()).trim();
  expect(text).toMatch(/^-?\d+(\.\d+)? GBP$/);
  return Number(text.split(' ')[0]);
}

function lookupRow(lookup: Locator, offer: RegExp): Locator {
  return lookup.getByRole('table').getByRole('row', { name: offer });
}

test('the portal home prices a number; a field error for a non-number', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(400);
  const op = await createOperator(request, 'rate');
  await setUpCatalog(request, op);
  await page.goto(portal(op.slug));
  const lookup = page.getByRole('region', { name: 'What does a call cost?' });
  await expect(lookup).toBeVisible();

  // A UK mobile: the longest prefix (447) prices it on every plan.
  await lookup.getByLabel('Phone number').fill('+44 7700 900123');
  await lookup.getByRole('button', { name: 'Check price' }).click();
  await expect(lookup.getByRole('table', { name: 'Prices for +447700900123' })).toBeVisible();
  for (const offer of [/Card Saver/, /PINless UK/, /SIP Basic/]) {
    const row = lookupRow(lookup, offer);
    await expect(row).toContainText('UK Mobile');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/^0\.050* GBP$/);
    await expect(row.getByRole('cell').nth(2)).toHaveText(/^0(\.0+)? GBP$/);
    await expect(row.getByRole('cell').nth(3)).toHaveText('30/6');
  }
  await expect(lookupRow(lookup, /Card Saver/)).toContainText('Calling card');
  await snap(page, testInfo, 'rate-lookup');

  // A landline under 44 only.
  await lookup.getByLabel('Phone number').fill('+44 20 7946 0000');
  await lookup.getByRole('button', { name: 'Check price' }).click();
  const uk = lookupRow(lookup, /SIP Basic/);
  await expect(uk).toContainText('UK');
  await expect(uk).not.toContainText('UK Mobile');
  await expect(uk.getByRole('cell').nth(3)).toHaveText('60/60');

  // A number no deck row covers.
  await lookup.getByLabel('Phone number').fill('+1 212 555 0100');
  await lookup.getByRole('button', { name: 'Check price' }).click();
  await expect(lookup.getByRole('table', { name: 'Prices for +12125550100' })).toBeVisible();
  await expect(lookupRow(lookup, /Card Saver/)).toContainText('No rate for this number');
  await snap(page, testInfo, 'rate-lookup-no-rate');

  // Not a number: the server's field error sits beside the input.
  const input = lookup.getByLabel('Phone number');
  await input.fill('abc');
  await lookup.getByRole('button', { name: 'Check price' }).click();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const errorId = await input.getAttribute('aria-describedby');
  expect(errorId).toContain('rate-number-error');
  await expect(page.locator('#rate-number-error')).toContainText('must be a phone number');
  await expect(lookup.getByRole('table')).toHaveCount(0);
  await snap(page, testInfo, 'rate-lookup-invalid');
  // Editing clears it.
  await input.fill('+44 7700 900123');
  await expect(input).toHaveAttribute('aria-invalid', 'false');
});

test('a verified customer changes the password, adds a service and registers a card; a closed account stays closed', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(400, 401, 409);
  test.setTimeout(90_000);
  const op = await createOperator(request, 'acct');
  const catalog = await setUpCatalog(request, op);
  const site = portal(op.slug);
  const email = `carla@${op.slug}.test`;
  const customerId = await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);

  await customerSignIn(page, site, email, PASSWORD);
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'IP phone (SIP)' })).toHaveCount(1);
  const before = await balance(page);

  // Change the password: the wrong current one is refused at its field.
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current_password-error')).toContainText('urrent password is wrong');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();

  // Add a second SIP service: its password is shown.
  await page.getByLabel('New service').selectOption('sip');
  await page.getByLabel('Plan for it').selectOption({ label: 'SIP Basic — 4.99 GBP a month' });
  await page.getByRole('button', { name: 'Add service' }).click();
  const created = page.getByRole('region', { name: 'Your new service' });
  await expect(created).toContainText('SIP username');
  const secret = (await created.locator('.secret').innerText()).trim();
  expect(secret.length).toBeGreaterThan(6);
  await expect(page.getByRole('region', { name: 'IP phone (SIP)' })).toHaveCount(3); // two services + the notice's card
  await snap(page, testInfo, 'account-service-added');

  // "I have a card": the staff's batch of one, its PIN from the CSV export.
  const { base, headers } = portalApi(op.slug);
  const auth = { ...headers, Authorization: `Bearer ${catalog.token}` };
  const batchRes = await request.post(`${base}/card-batches`, {
    headers: auth,
    data: { name: 'One card', quantity: 1, initial_balance: '7.50' },
  });
  expect(batchRes.status(), await batchRes.text()).toBe(201);
  const batch = await batchRes.json();
  const csvRes = await request.get(`${base}/card-batches/${batch.id}/cards.csv`, { headers: auth });
  expect(csvRes.status()).toBe(200);
  const lines = (await csvRes.text()).trimEnd().split('\n');
  expect(lines.length).toBe(2);
  const cols = lines[0].split(',');
  const pin = lines[1].split(',')[cols.indexOf('pin')];
  expect(pin).toMatch(/^\d+$/);
  await page.getByLabel('Card PIN').fill('000');
  await page.getByRole('button', { name: 'Register card' }).click();
  await expect(page.locator('#pin-error')).toContainText('No unused card has this PIN');
  await page.getByLabel('Card PIN').fill(pin);
  await page.getByRole('button', { name: 'Register card' }).click();
  await expect(page.getByRole('region', { name: 'Calling card' })).toBeVisible();
  await expect.poll(() => balance(page)).toBeCloseTo(before + Number(batch.initial_balance), 6);
  await snap(page, testInfo, 'account-card-registered');

  // Signed out, the old password no longer works; the new one does.
  await page.context().clearCookies();
  await customerSignIn(page, site, email, PASSWORD);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(`${site}/account/login`);
  await customerSignIn(page, site, email, NEW_PASSWORD);
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();

  // The console: suspended, then closed by someone else; "Reactivate" is refused.
  await page.context().clearCookies();
  await staffSignIn(page, op);
  await page.goto(`${site}/console/customers/${customerId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Carla Customer' })).toBeVisible();
  await page.getByRole('button', { name: 'Suspend' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Customer is now suspended.' })).toBeVisible();
  const closed = await request.post(`${base}/customers/${customerId}/close`, { headers: auth, data: {} });
  expect(closed.status(), await closed.text()).toBe(200);
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'A closed account cannot be reopened' })).toBeVisible();
  await snap(page, testInfo, 'console-closed-reactivate-refused');
  const again = await request.post(`${base}/customers/${customerId}/reactivate`, { headers: auth, data: {} });
  expect(again.status()).toBe(409);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Carla Customer' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reactivate' })).toHaveCount(0);
});
