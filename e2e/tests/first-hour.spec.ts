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
  staffToken,
  verifiedCustomer,
} from './helpers';

// A new operator's first hour: the platform's home finds its console, and
// the dashboard's checklist walks it from a rate deck to a bill run.

test('the platform home sends an operator to its own console', async ({ page, request }) => {
  const op = await createOperator(request, 'finder');
  await page.goto('/');
  const finder = page.getByRole('region', { name: 'Sign in to your console' });
  await finder.getByLabel("Your portal's address or your e-mail").fill(op.slug);
  await finder.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${portal(op.slug)}/login`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('an e-mail address is answered without saying whether it signs in anywhere', async ({ page, request }) => {
  const op = await createOperator(request, 'findmail');
  await page.goto('/');
  const finder = page.getByRole('region', { name: 'Sign in to your console' });
  await finder.getByLabel("Your portal's address or your e-mail").fill(op.email);
  await finder.getByRole('button', { name: 'Continue' }).click();
  await expect(finder.getByRole('status')).toContainText(`If ${op.email} signs in to a console`);
});

test('the dashboard checklist ticks each first step and offers the switch samples', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'hour');
  await staffSignIn(page, op);
  const list = page.getByRole('region', { name: 'Your first hour' });
  await expect(list).toContainText('0 of 6 done');
  await expect(list.getByRole('link', { name: 'Import a rate deck' })).toHaveAttribute('href', '/console/catalog');
  await snap(page, testInfo, 'first-hour-empty');

  // The switch samples: two requests with this portal's address, each copyable.
  await list.getByText('Sample requests for your switch').click();
  await expect(list.locator('pre').first()).toContainText(`${portal(op.slug)}/api/v1/authorize`);
  await expect(list.locator('pre').nth(1)).toContainText(`${portal(op.slug)}/api/v1/cdrs`);
  await expect(list.getByRole('button', { name: 'Copy the authorize request' })).toBeVisible();

  // A deck, plans and a switch key made elsewhere tick their steps.
  await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const token = await staffToken(request, op);
  const key = await request.post(`${base}/switch-keys`, {
    headers: { ...headers, Authorization: `Bearer ${token}` },
    data: { name: 'London' },
  });
  expect(key.status(), await key.text()).toBe(201);
  await page.reload();
  await expect(list).toContainText('3 of 6 done');

  // Opening the portal ticks itself.
  const opened = page.waitForEvent('popup');
  await list.getByRole('link', { name: 'Open your portal' }).click();
  await (await opened).close();
  await expect(list).toContainText('4 of 6 done');
  await page.reload();
  await expect(list).toContainText('4 of 6 done');
  await snap(page, testInfo, 'first-hour-four-done');
});

test('a new switch key is shown once with a copy button and sample requests', async ({ page, request }) => {
  const op = await createOperator(request, 'keycopy');
  await staffSignIn(page, op);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Key name').fill('Lab switch');
  await page.getByRole('button', { name: 'Create key' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Key “Lab switch” created.' });
  const key = await page.getByLabel('Your new key').inputValue();
  expect(key).toMatch(/^rlk_/);
  await expect(notice.getByRole('button', { name: 'Copy the key' })).toBeVisible();
  await expect(notice.locator('pre').first()).toContainText(`Bearer ${key}`);

  // With a key in the list, the form waits behind its "New switch key" button.
  await page.reload();
  await expect(page.getByRole('row', { name: /Lab switch/ })).toBeVisible();
  await expect(page.getByLabel('Key name')).toHaveCount(0);
  await page.getByRole('button', { name: 'New switch key' }).click();
  await expect(page.getByLabel('Key name')).toBeVisible();
});

test('a customer finds the SIP server, port and credentials of its IP phone, each copyable', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'sipcopy');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const brand = await request.put(`${base}/settings/brand`, {
    headers: { ...headers, Authorization: `Bearer ${catalog.token}` },
    data: { name: op.company, primary_color: '#1d4ed8', accent_color: '#f59e0b', sip_server: 'sip.example.net' },
  });
  expect(brand.status(), await brand.text()).toBe(200);
  const email = `carla@${op.slug}.test`;
  await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);
  await customerSignIn(page, portal(op.slug), email, PASSWORD);
  const phone = page.getByRole('region', { name: 'IP phone (SIP)' });
  await expect(phone).toContainText('sip.example.net');
  await expect(phone).toContainText('5060');
  await expect(phone.getByRole('button', { name: 'Copy the SIP server' })).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Copy the SIP username' })).toBeVisible();
  await phone.getByRole('button', { name: 'Reveal Password' }).click();
  await expect(phone.getByRole('button', { name: 'Copy the password' })).toBeVisible();
  await snap(page, testInfo, 'account-sip-credentials');
});
