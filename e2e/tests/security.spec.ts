import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  PASSWORD,
  createOperator,
  customerSignIn,
  portal,
  setUpCatalog,
  snap,
  staffSignIn,
  verifiedCustomer,
} from './helpers';

/**
 * Records every Content-Security-Policy violation the pages report: each
 * page's `securitypolicyviolation` events (a listener injected through
 * DevTools, which the policy does not govern, reports them on the console)
 * and the console's own "Refused to …" messages, across navigations.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content.Security.Policy|Refused to|csp-violation/i.test(text)) seen.push(`${page.url()}: ${text}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp-violation ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

test('the console, the portal and the account pages run under the Content-Security-Policy without a violation', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'csp');
  const catalog = await setUpCatalog(request, op);
  const site = portal(op.slug);
  const violations = await watchCsp(page);

  // The headers every page carries.
  const home = await page.goto(site);
  const headers = home!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['strict-transport-security']).toBeUndefined(); // plain http here

  // The portal, as a visitor sees it.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto(`${site}/signup`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // The console, page by page.
  await staffSignIn(page, op);
  for (const path of ['', '/catalog', '/catalog/plans', '/customers', '/calls', '/bill-runs', '/books', '/settings']) {
    await page.goto(`${site}/console${path}`);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  }
  await snap(page, testInfo, 'console-under-csp');

  // The customer's account.
  const email = `csp-${Date.now()}@example.test`;
  await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);
  await page.context().clearCookies();
  await customerSignIn(page, site, email, PASSWORD);
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  await snap(page, testInfo, 'account-under-csp');

  expect(violations).toEqual([]);
});
