import { expect, test } from './fixtures';
import { PASSWORD, createOperator, customerSignIn, portal, setUpCatalog, verifiedCustomer } from './helpers';

// Issue 23: three bundles (shared/src/bundles.rs). A portal visitor downloads
// only the portal's; a signed-in customer the account's; staff the console's.
// Crossing from one to another loads the page again from the server, which
// sends the bundle that routes it.
test('each visitor downloads only its bundle, and links cross between bundles', async ({ page, request }) => {
  const wasm: string[] = [];
  // The lazy groups' chunks each page fetched (split_{group}_{hash}.wasm).
  const groups: string[] = [];
  // Words of a language other than English, which the bundles fetch.
  const words: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/portal/words/')) words.push(r.url());
    const g = r.url().match(/\/assets\/[a-z]+-[0-9a-f]+\/split_([a-z_]+?)_[0-9]+\.wasm$/);
    if (g) groups.push(g[1]);
    // A bundle's main module: /assets/{bundle}-{hash}/{bundle}_bg.wasm
    // (its lazy pages' chunks sit beside it).
    const m = r.url().match(/\/assets\/([a-z]+)-[0-9a-f]+\/\1_bg\.wasm$/);
    if (m) wasm.push(m[1]);
  });
  const op = await createOperator(request, 'bundles');
  const site = portal(op.slug);

  // A visitor: the portal's home and sign-up come from the portal bundle.
  await page.goto(`${site}/`);
  await expect(page.getByRole('link', { name: 'Staff sign-in' })).toBeVisible();
  // The portal's home is in the main module: no page's chunk is fetched
  // until the visitor opens that page.
  expect(groups).toEqual([]);
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveURL(`${site}/signup`);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(wasm).toEqual(['portal']);
  expect(groups).toEqual(['signup_page']);
  // English is compiled in: an English reader fetches no words.
  expect(words).toEqual([]);

  // The staff sign-in is a console page: following the link loads it.
  await page.goto(`${site}/`);
  await page.getByRole('link', { name: 'Staff sign-in' }).click();
  await expect(page).toHaveURL(`${site}/login`);
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(wasm).toEqual(['portal', 'portal', 'console']);
  // The console routes the portal's pages too: its home link needs no other download.
  await page.getByRole('banner').getByRole('link').first().click();
  await expect(page.getByRole('link', { name: 'Staff sign-in' })).toBeVisible();
  expect(wasm).toEqual(['portal', 'portal', 'console']);

  // A customer signs in on the portal bundle and lands on its account,
  // served by the account bundle (signed in still: the session is restored
  // from its cookie).
  const catalog = await setUpCatalog(request, op);
  const email = `bundles-${op.slug}@example.test`;
  await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);
  wasm.length = 0;
  await customerSignIn(page, site, email, PASSWORD);
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account', exact: true })).toBeVisible();
  expect(wasm).toEqual(['portal', 'account']);

  // A portal page that does not exist is a 404 of the portal bundle, not a
  // reload loop.
  wasm.length = 0;
  await page.goto(`${site}/account/invoices/not/a/page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(wasm).toEqual(['console']);
});

// After a deploy, a tab opened before it asks for chunks of the old build,
// which the server no longer has: the page is loaded again (and brings the
// new build) instead of the Wasm stopping on the failed load.
test('a tab older than the build loads the page again when a chunk is gone', async ({ page, request, consoleErrors }) => {
  const op = await createOperator(request, 'stale');
  const site = portal(op.slug);
  await page.goto(`${site}/`);
  await expect(page.getByRole('link', { name: 'Staff sign-in' })).toBeVisible();

  // The sign-up's chunk is gone from the server the first time it is asked for.
  let asked = 0;
  await page.route(/\/split_signup_page_[0-9]+\.wasm$/, async (route) => {
    asked += 1;
    if (asked === 1) await route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' });
    else await route.continue();
  });
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveURL(`${site}/signup`);
  await expect(page.getByRole('button', { name: 'Create my account' })).toBeVisible();
  expect(asked).toBe(2);
  expect(loads).toBe(1);
  // The old tab logged the failed load and wasm-split's panic before
  // reloading: expected here, and nothing else.
  expect(consoleErrors.some((e) => e.includes('load callback should succeed'))).toBe(true);
  const unexpected = consoleErrors.filter(
    (e) => !/status of 404|WebAssembly|load callback should succeed|^uncaught: unreachable$/.test(e),
  );
  consoleErrors.length = 0;
  expect(unexpected).toEqual([]);
});
