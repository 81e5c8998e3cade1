import { expect, test } from '@playwright/test';
import { PASSWORD, portal, snap, uniqueSlug } from './helpers';

const SECTIONS = ['Dashboard', 'Catalog', 'Customers', 'Resellers', 'Bill runs', 'Payments', 'Settings'];

test('an operator signs up, lands in its console, logs out and back in', async ({ page }, testInfo) => {
  const slug = uniqueSlug('signup');
  const company = `Acme Telecom ${slug}`;
  const email = `owner@${slug}.test`;

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'One bill for every service' })).toBeVisible();

  await page.getByLabel('Company name').fill(company);
  await page.getByLabel('Portal address').fill(slug);
  await expect(page.getByText(`${slug}.localhost`, { exact: true })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await expect(page.getByLabel('Currency')).toHaveValue('USD');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Country').fill('ie');
  await page.getByRole('button', { name: 'Create my account' }).click();

  // Full page load to the new portal; the hand-off token is gone from the URL.
  await page.waitForURL(`${portal(slug)}/console`);
  expect(page.url()).not.toContain('rt=');
  await expect(page.getByRole('banner')).toContainText(company);
  await expect(page).toHaveTitle(company);
  const nav = page.getByRole('navigation', { name: 'Console' });
  for (const name of SECTIONS) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText(`Welcome, ${email}`)).toBeVisible();
  await expect(page.getByText('EUR', { exact: true })).toBeVisible();
  await snap(page, testInfo, 'console-dashboard');

  await nav.getByRole('link', { name: 'Bill runs' }).click();
  await expect(page).toHaveURL(`${portal(slug)}/console/bill-runs`);
  await expect(page.getByRole('heading', { level: 1, name: 'Bill runs' })).toBeVisible();
  await expect(page.getByText('No invoices', { exact: true })).toBeVisible();
  await nav.getByRole('link', { name: 'Payments' }).click();
  await expect(page).toHaveURL(`${portal(slug)}/console/payments`);
  await expect(page.getByText(/Coming soon/)).toBeVisible();

  // A reload keeps the session (restored from the http-only cookie).
  await page.reload();
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(`${portal(slug)}/login`);
  await expect(page.getByRole('heading', { name: `Sign in to ${company}` })).toBeVisible();

  // Logged out for real: the console sends us back to sign-in, even after a reload.
  await page.goto(`${portal(slug)}/console`);
  await page.waitForURL(`${portal(slug)}/login`);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(slug)}/console`);
  await expect(page.getByText(`Welcome, ${email}`)).toBeVisible();
});

test('the sign-up form shows field errors beside the fields, and slug_taken from the server', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Company name').fill('Bad Input Ltd');
  await page.getByLabel('Portal address').fill('Bad Slug!');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create my account' }).click();

  // Client-side: no request, each error linked to its field.
  await expect(page.getByLabel('Portal address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Portal address')).toHaveAccessibleDescription(
    /Portal address may contain only lower-case letters, digits and hyphens/,
  );
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/Email is not a valid e-mail address/);
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Password must be at least 8 characters/);
  await expect(page.getByLabel('Company name')).toHaveAttribute('aria-invalid', 'false');
  await expect(page).toHaveURL('/');

  // Editing a field clears its error.
  await page.getByLabel('Password').fill(PASSWORD);
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'false');

  // Server-side: the second sign-up with the same slug gets slug_taken beside "Portal address".
  const slug = uniqueSlug('taken');
  const signUp = async (email: string) => {
    await page.getByLabel('Company name').fill(`Taken ${slug}`);
    await page.getByLabel('Portal address').fill(slug);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
  };
  await signUp(`first@${slug}.test`);
  await page.waitForURL(`${portal(slug)}/console`);

  await page.goto('/');
  await signUp(`second@${slug}.test`);
  const slugField = page.getByLabel('Portal address');
  await expect(slugField).toHaveAttribute('aria-invalid', 'true');
  await expect(slugField).toHaveAccessibleDescription(/already taken/);
  await expect(page.getByRole('alert').filter({ hasText: 'already taken' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create my account' })).toBeEnabled();
  await expect(page).toHaveURL('/');
});
