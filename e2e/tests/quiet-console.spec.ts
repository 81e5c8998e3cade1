import { expect, test } from './fixtures';
import { createOperator, portal, staffSignIn } from './helpers';

// A signed-out visitor and a seller without a logo are normal states: the
// pages they load log nothing in the browser's console (each used to log a
// 401 from /auth/refresh and a 404 from /portal/logo).
test('a visitor and a seller without a logo leave the browser console clean', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const op = await createOperator(request, 'quiet');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.goto(`${portal(op.slug)}/`);
  await expect(page.getByRole('banner')).toContainText(op.company);
  await page.goto(`${portal(op.slug)}/login`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await staffSignIn(page, op);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});

// While the Wasm downloads the page is not blank: index.html carries a
// skeleton, which the app removes when it starts.
test('a skeleton shows while the app downloads, then the app replaces it', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const skeleton = page.getByRole('status', { name: 'Loading' });
  await expect(skeleton).toBeVisible();
  await expect(skeleton).toContainText('Loading');
  release();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
});
