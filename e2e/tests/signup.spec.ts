import { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { PASSWORD, portal, snap, uniqueSlug } from './helpers';

const SECTIONS = ['Dashboard', 'Catalog', 'Customers', 'Resellers', 'Bill runs', 'Payments', 'Settings'];

/** The texts of the e-mails to `to` so far, oldest first, once there are at least `n`. */
async function mailsTo(request: APIRequestContext, to: string, n: number): Promise<string[]> {
  const api = process.env.RINGLEDGER_TEST_MAILDEV_API!;
  for (let i = 0; i < 60; i++) {
    const all = (await (await request.get(`${api}/email`)).json()) as { to: { address: string }[]; text: string }[];
    const mine = all.filter((m) => m.to.some((t) => t.address === to)).map((m) => m.text);
    if (mine.length >= n) return mine;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`fewer than ${n} e-mails to ${to}`);
}

test('an operator signs up, lands in its console, logs out and back in', async ({ page, request }, testInfo) => {
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

  // The owner's e-mail is not confirmed yet: the console says so, sends the
  // link again, and the newest link confirms it.
  const notice = page.getByRole('status').filter({ hasText: 'Confirm your e-mail address.' });
  await expect(notice).toContainText(email);
  await notice.getByRole('button', { name: 'Send the link again' }).click();
  await expect(notice).toContainText('Sent.');
  const mails = await mailsTo(request, email, 2);
  const link = mails[mails.length - 1].match(/(http:\/\/\S+verify-email\?for=staff&token=\S+)/)?.[1];
  expect(link, mails.join('\n---\n')).toBeTruthy();
  await page.goto(link!);
  await expect(page.getByText('Your e-mail address is confirmed. Thank you!')).toBeVisible();
  await page.getByRole('link', { name: 'Open the console' }).click();
  await page.waitForURL(`${portal(slug)}/console`);
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Confirm your e-mail address.')).toHaveCount(0);

  await nav.getByRole('link', { name: 'Bill runs' }).click();
  await expect(page).toHaveURL(`${portal(slug)}/console/bill-runs`);
  await expect(page.getByRole('heading', { level: 1, name: 'Bill runs' })).toBeVisible();
  await expect(page.getByText('No invoices', { exact: true })).toBeVisible();
  await nav.getByRole('link', { name: 'Payments' }).click();
  await expect(page).toHaveURL(`${portal(slug)}/console/payments`);
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(page.getByText('No payments here')).toBeVisible();

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
  allowHttpErrors,
}) => {
  allowHttpErrors(409);
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
  // The focus moves to the first field to fix.
  await expect(page.getByLabel('Portal address')).toBeFocused();

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
