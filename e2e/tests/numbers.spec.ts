import { expect, test } from './fixtures';
import { createOperator, portal, setUpCatalog, snap, staffSignIn, verifiedCustomer } from './helpers';

// Issue 24: the operator imports its phone numbers in the console and gives
// one to a customer's IP phone on the customer's page, then releases it.
test('the operator imports numbers and gives one to a customer’s phone', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'dids');
  const catalog = await setUpCatalog(request, op);
  const customer = await verifiedCustomer(request, op, `nora@${op.slug}.test`, catalog.plans['SIP Basic']);

  await staffSignIn(page, op);
  await page.getByRole('navigation').getByRole('link', { name: 'Numbers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Phone numbers', exact: true })).toBeVisible();
  await expect(page.getByText('No phone numbers yet')).toBeVisible();
  await page.getByLabel('CSV file of numbers').setInputFiles({
    name: 'numbers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'number,country,monthly_fee,setup_fee\n+442071234567,GB,1.50,5.00\n442071234568,GB,1.50,0\n33170000001,FR,2.00,0\n',
    ),
  });
  await page.getByRole('button', { name: 'Import numbers' }).click();
  await expect(page.getByText('3 added, 0 updated, 0 unchanged.')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '+442071234567' })).toBeVisible();
  await page.getByLabel('Country').fill('FR');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('table')).toContainText('1 number');
  await snap(page, testInfo, 'numbers');

  // On the customer's page: find a free London number and assign it.
  await page.goto(`${portal(op.slug)}/console/customers/${customer}`);
  const section = page.getByRole('region', { name: 'Phone numbers' });
  await expect(section.getByText('Its phones have no number yet.')).toBeVisible();
  await section.getByLabel('Country').fill('GB');
  await section.getByLabel('Digits').fill('4567');
  await section.getByRole('button', { name: 'Find free numbers' }).click();
  await section.getByRole('button', { name: 'Assign +442071234567' }).click();
  await expect(section.getByRole('button', { name: 'Release +442071234567' })).toBeVisible();
  await expect(section).toContainText('1.50 a month');
  await snap(page, testInfo, 'customer-number');

  // Released: it rests in quarantine.
  await section.getByRole('button', { name: 'Release +442071234567' }).click();
  await expect(section.getByText('Its phones have no number yet.')).toBeVisible();
  await page.goto(`${portal(op.slug)}/console/numbers`);
  const row = page.getByRole('row', { name: /\+442071234567/ });
  await expect(row).toContainText('Quarantined');
  await row.getByRole('button', { name: 'Make free' }).click();
  await expect(page.getByRole('row', { name: /\+442071234567/ })).toContainText('Free');
});
