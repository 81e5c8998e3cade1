import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import * as fs from 'node:fs';
import { PASSWORD, createOperator, portal, setUpCatalog, snap, staffSignIn, waitForEmail } from './helpers';

/** Chooses the kind and plan of the n-th service row (0-based). */
async function pickService(page: Page, n: number, kind: string, plan: string): Promise<void> {
  await page.getByLabel('Service', { exact: true }).nth(n).selectOption(kind);
  await page.getByLabel('Plan', { exact: true }).nth(n).selectOption({ label: plan });
}

test('a visitor signs up for three services at once, verifies the e-mail and sees them; the operator manages customers and cards', async ({ page, browser, request, allowHttpErrors }, testInfo) => {
  // Signing in before the e-mail is confirmed is refused (403).
  allowHttpErrors(403);
  test.setTimeout(90_000);
  const op = await createOperator(request, 'cust');
  await setUpCatalog(request, op);
  const site = portal(op.slug);

  // The portal home shows what is on sale.
  await page.goto(site);
  const offers = page.getByRole('region', { name: 'What we offer' });
  await expect(offers).toBeVisible();
  await expect(offers.getByRole('region', { name: 'Calling card' })).toContainText('Card Saver — pay per minute, from 0.0100 GBP a minute');
  await expect(offers.getByRole('region', { name: 'IP phone (SIP)' })).toContainText('SIP Basic — 4.99 GBP a month');
  await expect(page.getByRole('link', { name: 'Staff sign-in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Customer sign-in' })).toBeVisible();
  await snap(page, testInfo, 'portal-offers');
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveURL(`${site}/signup`);

  // One form: calling card + PINless with two numbers + SIP.
  const email = `visitor@${op.slug}.test`;
  await pickService(page, 0, 'calling_card', 'Card Saver — pay per minute');
  await page.getByRole('button', { name: 'Add another service' }).click();
  await pickService(page, 1, 'pinless', 'PINless UK — pay per minute');
  await page.getByLabel('Phone number', { exact: true }).nth(0).fill('+44 7700 900123');
  await page.getByRole('button', { name: 'Add another number' }).click();
  await page.getByLabel('Phone number', { exact: true }).nth(1).fill('+44 7700 900456');
  await page.getByRole('button', { name: 'Add another service' }).click();
  await pickService(page, 2, 'sip', 'SIP Basic — 4.99 GBP a month');
  // What the month will cost, before anything is sent.
  await expect(page.getByText('You will pay 4.99 GBP a month, plus your calls.')).toBeVisible();
  // Client-side checks first.
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.locator('#name-error')).toBeVisible();
  await page.getByLabel('Your name').fill('Vera Visitor');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await snap(page, testInfo, 'customer-signup-form');
  await page.getByRole('button', { name: 'Create my account' }).click();

  // The credentials, once.
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Vera Visitor' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Check your e-mail to confirm your address' })).toBeVisible();
  const card = page.getByRole('region', { name: 'Calling card' });
  await expect(card).toContainText('Serial number');
  const pin = (await card.locator('.secret').innerText()).trim();
  expect(pin).toMatch(/^\d{4,}$/);
  const pinless = page.getByRole('region', { name: 'PINless dialing' });
  await expect(pinless).toContainText('+447700900123');
  await expect(pinless).toContainText('+447700900456');
  const sip = page.getByRole('region', { name: 'IP phone (SIP)' });
  await expect(sip).toContainText('SIP username');
  await expect(sip.locator('.secret')).not.toBeEmpty();
  await snap(page, testInfo, 'customer-credentials');

  // Before the address is confirmed, sign-in is refused.
  await page.getByRole('link', { name: 'Sign in to your account' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to your account' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Confirm your e-mail address first' })).toBeVisible();

  // The e-mailed link.
  const mail = await waitForEmail(request, email);
  const link = mail.text.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
  expect(link, mail.text).toBeTruthy();
  expect(link!.startsWith(`${site}/verify-email?token=`)).toBe(true);
  await page.goto(link!);
  await expect(page.getByRole('status').filter({ hasText: 'Your e-mail address is confirmed' })).toBeVisible();
  await snap(page, testInfo, 'customer-email-verified');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${site}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  await expect(page.getByText('Balance', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Calling card' })).toContainText('Card Saver');
  await expect(page.getByRole('region', { name: 'PINless dialing' })).toContainText('+447700900456');
  // Listed once: in the editor, with its "Remove" button.
  await expect(page.getByRole('region', { name: 'PINless dialing' }).getByText('+447700900456', { exact: true })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Remove +447700900456' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'IP phone (SIP)' })).toContainText('SIP Basic');
  await page.getByRole('button', { name: 'Reveal PIN' }).click();
  await expect(page.getByRole('region', { name: 'Calling card' }).locator('.secret')).toHaveText(pin);
  await snap(page, testInfo, 'customer-account');
  // Numbers: add one, remove one; a new SIP password.
  await page.getByLabel('Add a phone number').fill('+44 7700 900789');
  await page.getByRole('button', { name: 'Add number' }).click();
  await expect(page.getByRole('region', { name: 'PINless dialing' })).toContainText('+447700900789');
  await page.getByRole('button', { name: 'Remove +447700900123' }).click();
  await expect(page.getByRole('region', { name: 'PINless dialing' })).not.toContainText('+447700900123');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Reset SIP password' }).click();
  await expect(page.locator('.new-sip-password')).not.toBeEmpty();
  await snap(page, testInfo, 'customer-account-changed');
  // A reload keeps the customer signed in (the refresh cookie).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();

  // A second visitor with one of the same numbers: the error sits at that field.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(`${site}/signup`);
  await pickService(page2, 0, 'pinless', 'PINless UK — pay per minute');
  await page2.getByLabel('Phone number', { exact: true }).nth(0).fill('+44 7700 900999');
  await page2.getByRole('button', { name: 'Add another number' }).click();
  await page2.getByLabel('Phone number', { exact: true }).nth(1).fill('+44 7700 900456');
  await page2.getByLabel('Your name').fill('Second Visitor');
  await page2.getByLabel('Email').fill(`second@${op.slug}.test`);
  await page2.getByLabel('Password').fill(PASSWORD);
  await page2.getByRole('button', { name: 'Create my account' }).click();
  const taken = page2.getByLabel('Phone number', { exact: true }).nth(1);
  await expect(taken).toHaveAttribute('aria-invalid', 'true');
  const errorId = await taken.getAttribute('aria-describedby');
  await expect(page2.locator(`#${errorId}`)).toContainText('+447700900456 is already registered');
  await expect(page2.getByLabel('Phone number', { exact: true }).nth(0)).toHaveAttribute('aria-invalid', 'false');
  await snap(page2, testInfo, 'customer-number-taken');
  await other.close();

  // The console: customers, suspend.
  await page.context().clearCookies();
  await staffSignIn(page, op);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  const row = page.getByRole('row', { name: /Vera Visitor/ });
  await expect(row).toContainText(email);
  await expect(row).toContainText('Calling card, PINless dialing, IP phone (SIP)');
  await page.getByLabel('Search name or e-mail').fill('nobody-like-this');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No customers match' })).toBeVisible();
  await page.getByLabel('Search name or e-mail').fill('vera');
  await page.getByLabel('Service', { exact: true }).selectOption('pinless');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('Customers 1–1 of 1')).toBeVisible();
  await snap(page, testInfo, 'console-customers');
  await page.getByRole('link', { name: 'Vera Visitor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vera Visitor' })).toBeVisible();
  await expect(page.getByRole('row', { name: /PINless dialing/ })).toContainText('+447700900789');
  await page.getByRole('button', { name: 'Suspend' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Customer is now suspended.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reactivate' })).toBeVisible();
  await snap(page, testInfo, 'console-customer-suspended');

  // Cards: a batch of 1,000, exported.
  await nav.getByRole('link', { name: 'Cards' }).click();
  await expect(page.getByRole('heading', { name: 'No card batches yet' })).toBeVisible();
  await page.getByLabel('Batch name').fill('Shop cards');
  await page.getByLabel('Number of cards').fill('1000');
  await page.getByLabel('Initial balance').fill('5.00');
  await page.getByLabel('Expires on').fill('2027-12-31');
  await page.getByRole('button', { name: 'Generate cards' }).click();
  await expect(page.getByText('Batch “Shop cards” of 1000 cards generated.')).toBeVisible({ timeout: 30_000 });
  const batch = page.getByRole('row', { name: /Shop cards/ });
  await expect(batch).toContainText('1000');
  await expect(batch).toContainText('2027-12-31');
  await snap(page, testInfo, 'console-cards');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    batch.getByRole('link', { name: 'Export CSV of Shop cards' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\n');
  expect(lines.length).toBe(1001);
  expect(lines[0]).toBe('serial,pin,initial_balance,currency,expires_on,status');
  expect(lines[1]).toMatch(/,5,GBP,2027-12-31,/);

  // Settings: a switch key, shown once, then revoked.
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'No switch keys yet' })).toBeVisible();
  await page.getByLabel('Key name').fill('FreeSWITCH London');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = await page.getByLabel('Your new key').inputValue();
  expect(key.length).toBeGreaterThan(16);
  await expect(page.getByText('Copy it now: it is shown only this once.')).toBeVisible();
  const keyRow = page.getByRole('row', { name: /FreeSWITCH London/ });
  await expect(keyRow).toContainText(`…${key.slice(-4)}`);
  await expect(keyRow).toContainText('Active');
  await snap(page, testInfo, 'console-switch-key');
  page.once('dialog', (d) => d.accept());
  await keyRow.getByRole('button', { name: 'Revoke FreeSWITCH London' }).click();
  await expect(keyRow).toContainText('Revoked');
});
