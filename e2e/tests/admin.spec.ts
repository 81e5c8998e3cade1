import { expect, test } from './fixtures';
import { execFileSync } from 'node:child_process';
import { createOperator, portal, snap, totp } from './helpers';

const ADMIN_EMAIL = 'admin@example.test';
const ADMIN_PASSWORD = 'platform admin password';

test.beforeAll(() => {
  // The CLI reads the password from stdin when stdin is not a terminal.
  execFileSync(
    process.env.RINGLEDGER_BIN as string,
    ['admin', 'create', '--email', ADMIN_EMAIL, '--data-dir', process.env.E2E_DATA_DIR as string, '--password-stdin'],
    { input: `${ADMIN_PASSWORD}\n`, stdio: ['pipe', 'inherit', 'inherit'] },
  );
});

test('a platform admin suspends an operator, whose staff can then not sign in', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(403);
  const op = await createOperator(request, 'suspend');

  await page.goto('/admin');
  await page.waitForURL('/login');
  await expect(page.getByRole('heading', { name: 'Platform admin sign-in' })).toBeVisible();
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/admin');

  // Platform admins must sign in with two factors: the page asks for it first.
  await expect(page.getByRole('heading', { level: 1, name: 'Turn on two-factor sign-in' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  const tfa = page.getByRole('region', { name: 'Two-factor sign-in' });
  await tfa.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await tfa.getByTestId('totp-secret').innerText()).trim();
  await tfa.getByLabel('Code from the app').fill(totp(secret, -1));
  await tfa.getByRole('button', { name: 'Turn on' }).click();
  await expect(tfa.locator('.recovery-codes li')).toHaveCount(10);
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();

  const table = page.getByRole('table');
  for (const column of ['Company', 'Slug', 'Currency', 'Status', 'Created']) {
    await expect(table.getByRole('columnheader', { name: column })).toBeVisible();
  }
  const row = table.getByRole('row').filter({ hasText: op.slug });
  await expect(row).toContainText(op.company);
  await expect(row).toContainText('GBP');
  await expect(row).toContainText('Active');

  // Suspending asks first.
  page.once('dialog', (d) => d.accept());
  await row.getByRole('button', { name: 'Suspend' }).click();
  await expect(row).toContainText('Suspended');
  await expect(row.getByRole('button', { name: 'Reactivate' })).toBeVisible();
  await snap(page, testInfo, 'admin-tenants');

  // The operator's portal now says it is suspended and refuses its staff.
  await page.goto(`${portal(op.slug)}/login`);
  await expect(page.getByText('This account is suspended.').first()).toBeVisible();
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill(op.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/suspended/i);
  await expect(page).toHaveURL(`${portal(op.slug)}/login`);
  await snap(page, testInfo, 'suspended-login');

  // Reactivate: the staff can sign in again.
  await page.goto('/admin');
  const again = page.getByRole('table').getByRole('row').filter({ hasText: op.slug });
  await again.getByRole('button', { name: 'Reactivate' }).click();
  await expect(again).toContainText('Active');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('/login');

  await page.goto(`${portal(op.slug)}/login`);
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill(op.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/console`);
  await expect(page.getByText(`Welcome, ${op.email}`)).toBeVisible();
});
