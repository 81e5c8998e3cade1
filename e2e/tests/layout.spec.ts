import { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  createOperator,
  customerSignIn,
  PASSWORD,
  portal,
  setUpCatalog,
  snap,
  staffSignIn,
  verifiedCustomer,
} from './helpers';

// A laptop and a phone: every page fits the width (no sideways scrolling of
// the page itself; a wide table scrolls inside its own frame), and the
// screenshots of both are in the report.
const VIEWPORTS = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];

const CONSOLE = [
  '',
  '/catalog',
  '/catalog/plans',
  '/customers',
  '/calls',
  '/cards',
  '/resellers',
  '/bill-runs',
  '/payments',
  '/books',
  '/brand',
  '/team',
  '/activity',
  '/webhooks',
  '/settings',
  '/profile',
];

/** Opens `url`, waits for its heading, checks the width and takes a picture. */
async function fits(page: Page, testInfo: TestInfo, url: string, shot: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    // The outermost elements that reach past the window's right edge.
    const wide = [...document.body.querySelectorAll('*')].filter(
      (e) => e.getBoundingClientRect().right > window.innerWidth + 1,
    );
    const outermost = wide.filter((e) => !wide.some((o) => o !== e && o.contains(e)));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      culprits: outermost
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}"`),
    };
  });
  expect
    .soft(scrollWidth, `${url} is ${scrollWidth}px wide in a ${innerWidth}px window: ${culprits.join('; ')}`)
    .toBeLessThanOrEqual(innerWidth);
  await snap(page, testInfo, shot);
}

test('every console page fits a laptop and a phone', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const op = await createOperator(request, 'layout');
  const catalog = await setUpCatalog(request, op);
  const customer = await verifiedCustomer(request, op, `carla@${op.slug}.test`, catalog.plans['SIP Basic']);
  await staffSignIn(page, op);
  const pages = [...CONSOLE, `/customers/${customer}`, `/catalog/decks/${catalog.deckId}`];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    for (const path of pages) {
      const name = path ? path.slice(1).replace(/\//g, '-').replace(/-[0-9a-f-]{36}$/, '-detail') : 'dashboard';
      await fits(page, testInfo, `${portal(op.slug)}/console${path}`, `${vp.name}-console-${name}`);
    }
  }
});

test('the portal, the account pages and the home page fit a laptop and a phone', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const op = await createOperator(request, 'layoutp');
  const catalog = await setUpCatalog(request, op);
  const email = `carla@${op.slug}.test`;
  await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await fits(page, testInfo, '/', `${vp.name}-platform-home`);
    await fits(page, testInfo, `${portal(op.slug)}/`, `${vp.name}-portal-home`);
    await fits(page, testInfo, `${portal(op.slug)}/signup`, `${vp.name}-portal-signup`);
    await fits(page, testInfo, `${portal(op.slug)}/login`, `${vp.name}-staff-login`);
  }
  await customerSignIn(page, portal(op.slug), email, PASSWORD);
  // The account is another bundle: wait until it has loaded before moving on.
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await fits(page, testInfo, `${portal(op.slug)}/account`, `${vp.name}-account`);
  }
});

test('on a phone the console menu folds behind a button and closes once a section is chosen', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'menu');
  await page.setViewportSize({ width: 390, height: 844 });
  await staffSignIn(page, op);
  const nav = page.getByRole('navigation', { name: 'Console' });
  const menu = nav.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await snap(page, testInfo, 'phone-menu-open');
  await nav.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeHidden();

  // On a laptop there is no button: the sections are always there.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
});
