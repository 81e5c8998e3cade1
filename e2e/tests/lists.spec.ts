import { expect, test } from './fixtures';
import { PASSWORD, createOperator, portal, portalApi, setUpCatalog, staffSignIn } from './helpers';

// Lists keep their search, order and page in the address: a header sorts,
// reload and Back show the same rows.

test('the customers list sorts by a header and keeps its search and order in the address', async ({ page, request }) => {
  const op = await createOperator(request, 'lists');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  for (const [name, email] of [['Bea', 'z'], ['Al', 'y'], ['Cid', 'x']]) {
    const res = await request.post(`${base}/portal/signup`, {
      headers,
      data: { name, email: `${email}@${op.slug}.test`, password: PASSWORD, services: [{ kind: 'sip', plan_id: catalog.plans['SIP Basic'] }] },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await staffSignIn(page, op);
  await page.goto(`${portal(op.slug)}/console/customers`);
  const table = page.getByRole('table', { name: 'Customers' });
  const firstName = table.locator('tbody tr').first().locator('th');
  await expect(firstName).toHaveText('Cid'); // newest first

  await table.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(firstName).toHaveText('Al');
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await table.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=-name/);
  await expect(firstName).toHaveText('Cid');

  // A reload keeps the order; Back returns to the previous one.
  await page.reload();
  await expect(firstName).toHaveText('Cid');
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await page.goBack();
  await expect(page).toHaveURL(/sort=name(&|$)/);
  await expect(firstName).toHaveText('Al');

  // The search joins the order in the address.
  await page.getByLabel('Search name or e-mail').fill('bea');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=bea/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Search name or e-mail')).toHaveValue('bea');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByText('Customers 1–1 of 1')).toBeVisible();
});
