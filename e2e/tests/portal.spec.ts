import { expect, test } from './fixtures';
import { createOperator, portal } from './helpers';

test('the portal home shows the company name and a staff sign-in link', async ({ page, request, allowHttpErrors }) => {
  allowHttpErrors(401);
  const op = await createOperator(request, 'home');
  await page.goto(`${portal(op.slug)}/`);
  await expect(page.getByRole('heading', { level: 1, name: op.company })).toBeVisible();
  await expect(page).toHaveTitle(op.company);
  await page.getByRole('link', { name: 'Staff sign-in' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/login`);
  await expect(page.getByRole('heading', { name: `Sign in to ${op.company}` })).toBeVisible();

  // Wrong password: a form-level alert, and no way into the console.
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(`${portal(op.slug)}/login`);
});

test('an unknown portal host says so', async ({ page, allowHttpErrors }) => {
  allowHttpErrors(404);
  await page.goto(`${portal('nobody-here-e2e')}/`);
  await expect(page.getByRole('heading', { name: 'Portal not found' })).toBeVisible();
});

test('an unknown route shows the 404 page with a link home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1, name: 'One bill for every service' })).toBeVisible();
});
