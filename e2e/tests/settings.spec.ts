import { expect, test } from './fixtures';
import { createOperator, portalApi, snap, staffSignIn, staffToken } from './helpers';

// Billing settings (invoice prefix, tax mode, payment terms, tax rates) are
// edited in the console, not only through the API.
test('the operator sets the invoice prefix, tax mode, terms and tax rates in Settings', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(400);
  const op = await createOperator(request, 'bset');
  await staffSignIn(page, op);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Billing settings' });
  await expect(form.getByLabel('Invoice number prefix')).not.toHaveValue('');
  await form.getByLabel('Invoice number prefix').fill('BS-');
  await form.getByLabel('Payment terms (days)').fill('30');
  await form.getByLabel('Tax', { exact: true }).selectOption('inclusive');
  await form.getByRole('button', { name: 'Add a tax rate' }).click();
  const row = form.getByRole('row').last();
  await row.getByLabel('Country').fill('gb');
  await row.getByLabel('Name on the invoice').fill('VAT');
  await row.getByLabel('Rate (%)').fill('20');
  await form.getByRole('button', { name: 'Save billing settings' }).click();
  await expect(form.getByText('Billing settings saved.')).toBeVisible();
  await snap(page, testInfo, 'billing-settings');

  // A wrong rate is refused, naming the row.
  await form.getByRole('button', { name: 'Add a tax rate' }).click();
  const bad = form.getByRole('row').last();
  await bad.getByLabel('Country').fill('FR');
  await bad.getByLabel('Name on the invoice').fill('TVA');
  await bad.getByLabel('Rate (%)').fill('lots');
  await form.getByRole('button', { name: 'Save billing settings' }).click();
  await expect(form.getByRole('alert')).toContainText(/tax_rates\[1\]/i);
  await bad.getByRole('button', { name: 'Remove' }).click();

  // Saved for real: the API and a reload agree.
  const { base, headers } = portalApi(op.slug);
  const token = await staffToken(request, op);
  const saved = await (await request.get(`${base}/settings/billing`, { headers: { ...headers, Authorization: `Bearer ${token}` } })).json();
  expect(saved.invoice_prefix).toBe('BS-');
  expect(saved.payment_terms_days).toBe(30);
  expect(saved.tax_mode).toBe('inclusive');
  expect(saved.tax_rates).toEqual([{ country: 'GB', name: 'VAT', rate: '20' }]);
  await page.reload();
  const again = page.getByRole('form', { name: 'Billing settings' });
  await expect(again.getByLabel('Invoice number prefix')).toHaveValue('BS-');
  await expect(again.getByRole('row').nth(1).getByLabel('Country')).toHaveValue('GB');
});
