import { expect, test } from './fixtures';
import { createOperator, portal, snap, staffSignIn, totp } from './helpers';

test('the owner turns on two-factor sign-in with a QR code and signs in with a computed code', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(401);
  test.setTimeout(90_000);
  const op = await createOperator(request, 'tfa');
  await staffSignIn(page, op);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'Your login', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your login' })).toBeVisible();
  const section = page.getByRole('region', { name: 'Two-factor sign-in' });
  await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg')).toBeVisible();
  const secret = (await section.getByTestId('totp-secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await section.getByLabel('Code from the app').fill(totp(secret, -1));
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByRole('status')).toContainText('Two-factor sign-in is on.');
  await expect(section.locator('.recovery-codes li')).toHaveCount(10);
  await snap(page, testInfo, 'two-factor-on');

  // Signing in again asks for the code after the password.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(`${portal(op.slug)}/login`);
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill(op.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Authenticator code')).toBeVisible();
  await page.getByLabel('Authenticator code').fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is wrong');
  await page.getByLabel('Authenticator code').fill(totp(secret, 0));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/console`);
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();

  // The Activity page shows it.
  await nav.getByRole('link', { name: 'Activity', exact: true }).click();
  const log = page.locator('.audit-table');
  await expect(log).toContainText('auth.two_factor_enabled');
  await expect(log).toContainText('auth.login_failed');
  await expect(log).toContainText('auth.login_succeeded');
});
