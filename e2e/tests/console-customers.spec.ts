import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PASSWORD, createOperator, setUpCatalog, snap, staffSignIn } from './helpers';

/** The value beside a term of the customer's facts (`<dt>` / `<dd>`). */
function fact(page: Page, term: string) {
  return page.locator('.facts > div', { has: page.getByText(term, { exact: true }) }).locator('dd');
}

test('the operator sets how accounts are made, then creates a postpaid customer with a calling card by hand', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const op = await createOperator(request, 'ccon');
  await setUpCatalog(request, op);
  await staffSignIn(page, op);
  const nav = page.getByRole('navigation', { name: 'Console' });

  // Settings → Accounts: postpaid, credit limit 50, billed on the 15th, 12-digit PINs.
  await nav.getByRole('link', { name: 'Settings' }).click();
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByLabel('PIN length')).toBeVisible();
  await accounts.getByLabel('New accounts are').selectOption('postpaid');
  await accounts.getByLabel('Default credit limit').fill('50');
  await accounts.getByLabel('Billing day').selectOption('15');
  // Out of range: the error sits beside the field.
  await accounts.getByLabel('PIN length').fill('30');
  await accounts.getByRole('button', { name: 'Save account settings' }).click();
  await expect(accounts.getByLabel('PIN length')).toHaveAttribute('aria-invalid', 'true');
  await expect(accounts.locator('#pin_length-error')).toHaveText('PIN length must be 6 to 20 digits.');
  await accounts.getByLabel('PIN length').fill('12');
  await expect(accounts.getByLabel('PIN length')).toHaveAttribute('aria-invalid', 'false');
  await accounts.getByRole('button', { name: 'Save account settings' }).click();
  await expect(accounts.getByRole('status').filter({ hasText: 'Account settings saved.' })).toBeVisible();
  await snap(page, testInfo, 'settings-accounts');
  // Saved on the server: a reload shows them.
  await page.reload();
  await expect(accounts.getByLabel('PIN length')).toHaveValue('12');
  await expect(accounts.getByLabel('New accounts are')).toHaveValue('postpaid');
  await expect(accounts.getByLabel('Default credit limit')).toHaveValue(/^50(\.0+)?$/);
  await expect(accounts.getByLabel('Billing day')).toHaveValue('15');

  // Customers → New customer, with a calling card.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('region', { name: 'New customer' });
  await form.getByLabel('Service', { exact: true }).selectOption('calling_card');
  // No plan yet: the error sits beside the plan.
  await form.getByLabel('Name', { exact: true }).fill('Hannah Hand');
  await form.getByLabel('Email', { exact: true }).fill(`hannah@${op.slug}.test`);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Create customer' }).click();
  await expect(form.getByLabel('Plan', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Choose a plan for this service.')).toBeVisible();
  await form.getByLabel('Plan', { exact: true }).selectOption({ label: 'Card Saver — pay per minute' });
  await snap(page, testInfo, 'new-customer-form');
  await form.getByRole('button', { name: 'Create customer' }).click();

  // The credentials, once: a 12-digit PIN.
  const created = page.getByRole('status').filter({ hasText: 'Customer “Hannah Hand” created' });
  await expect(created).toBeVisible();
  await expect(form).toHaveCount(0);
  const card = created.getByRole('region', { name: 'Calling card' });
  await expect(card).toContainText('Card Saver');
  await expect(card).toContainText('Serial number');
  await expect(card.locator('.secret')).toHaveText(/^\d{12}$/);
  // The list is refreshed.
  await expect(page.getByRole('row', { name: /Hannah Hand/ })).toContainText('Calling card');
  await snap(page, testInfo, 'new-customer-created');

  // The customer: postpaid, credit limit 50, billed on the 15th.
  await created.getByRole('link', { name: 'Open the customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hannah Hand' })).toBeVisible();
  await expect(fact(page, 'Account')).toHaveText('Postpaid');
  await expect(fact(page, 'Credit limit')).toHaveText(/^50(\.0+)? GBP$/);
  await expect(fact(page, 'Billing day')).toHaveText('15');
  await expect(page.getByRole('row', { name: /Calling card/ })).toContainText('Serial');
  await snap(page, testInfo, 'customer-detail-postpaid');

  // Closing looks destructive and asks first; saying no leaves it open.
  const close = page.getByRole('button', { name: 'Close account' });
  await expect(close).toHaveClass(/button-danger/);
  page.once('dialog', async (d) => {
    expect(d.message()).toContain('cannot be reopened');
    await d.dismiss();
  });
  await close.click();
  await expect(fact(page, 'Status')).not.toContainText(/closed/i);
});
