import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import * as fs from 'node:fs';
import { Operator, createOperator, portal, snap } from './helpers';

const HEADER = 'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment';

/** Line 3 repeats a prefix, line 4 has a bad decimal, line 5 an increment of 0. */
const BAD_DECK = [
  HEADER,
  '447,UK Mobile,0.05,0,30,6',
  '447,UK Mobile again,0.06,0,30,6',
  '44,UK,0.o1,0,60,60',
  '33,France,0.02,0,0,60',
  '',
].join('\n');

const GOOD_DECK = [
  HEADER,
  '447,UK Mobile,0.05,0,30,6',
  '44,UK,0.01,0,60,60',
  '33,France,0.02,0,60,60',
  '336,France Mobile,0.08,0.01,60,1',
  '',
].join('\n');

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

async function signIn(page: Page, op: Operator): Promise<void> {
  await page.goto(`${portal(op.slug)}/login`);
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill(op.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/console`);
}

test('an operator uploads a rate deck, fixes its problems, searches and prices a call', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(400, 409);
  const op = await createOperator(request, 'deck');
  await signIn(page, op);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Catalog' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/catalog`);
  await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No rate decks yet' })).toBeVisible();
  await expect(page.getByText(HEADER).first()).toBeVisible(); // the documented format

  // Defaults: the operator's currency, today (UTC).
  await expect(page.getByLabel('Currency')).toHaveValue('GBP');
  await expect(page.getByLabel('Effective from')).toHaveValue(new Date().toISOString().slice(0, 10));

  // Client-side checks first: no name, no file.
  await page.getByRole('button', { name: 'Upload deck' }).click();
  await expect(page.getByText('Deck name is required.')).toBeVisible();
  await expect(page.getByText("Choose the deck's CSV file.")).toBeVisible();

  // A deck with three problems: every one is listed, nothing is imported.
  await page.getByLabel('Deck name').fill('UK Retail');
  await page.getByLabel('Rate deck CSV', { exact: true }).setInputFiles(csv('bad.csv', BAD_DECK));
  await page.getByRole('button', { name: 'Upload deck' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'The deck was not imported' });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole('listitem')).toHaveCount(3);
  await expect(problems).toContainText('Line 3 — prefix: duplicate prefix “447”: also on line 2');
  await expect(problems).toContainText('Line 4 — rate_per_minute:');
  await expect(problems).toContainText('Line 5 — initial_increment: must be at least 1 second');
  await expect(problems).toContainText('3 problems were found');
  await snap(page, testInfo, 'deck-problems');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No rate decks yet' })).toBeVisible();

  // The fixed file.
  await page.getByLabel('Deck name').fill('UK Retail');
  await page.getByLabel('Rate deck CSV', { exact: true }).setInputFiles(csv('good.csv', GOOD_DECK));
  await page.getByRole('button', { name: 'Upload deck' }).click();
  const summary = page.getByRole('status').filter({ hasText: 'Deck “UK Retail” imported' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('definition').nth(0)).toHaveText('4'); // rows
  await expect(summary.getByRole('definition').nth(1)).toHaveText('4'); // destinations
  await expect(summary).toContainText('0.0100 GBP/min');
  await expect(summary).toContainText('0.0800 GBP/min');
  const row = page.getByRole('row', { name: /UK Retail/ });
  await expect(row).toContainText('GBP');
  await expect(row).toContainText('0.0100 – 0.0800');
  await snap(page, testInfo, 'deck-imported');

  // A different file for the same date: the server's error sits beside "Effective from".
  await page.getByLabel('Rate deck CSV', { exact: true }).setInputFiles(csv('other.csv', GOOD_DECK.replace('0.05', '0.06')));
  await page.getByRole('button', { name: 'Upload deck' }).click();
  await expect(page.locator('#effective_from-error')).toBeVisible();
  await expect(page.getByLabel('Effective from')).toHaveAttribute('aria-invalid', 'true');

  // The deck's page.
  await page.getByRole('link', { name: 'UK Retail', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'UK Retail' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Current/ })).toContainText('4');
  await expect(page.getByText('Rates 1–4 of 4')).toBeVisible();

  await page.getByLabel('Search prefix or destination').fill('44');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('Rates 1–2 of 2')).toBeVisible();
  await expect(page.getByRole('row', { name: /447 UK Mobile/ })).toContainText('30/6');
  await page.getByLabel('Search prefix or destination').fill('mobile');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('Rates 1–2 of 2')).toBeVisible();
  await expect(page.getByRole('row', { name: /336 France Mobile/ })).toBeVisible();

  // Price preview: 45 s at 0.05/min with 30/6 → 48 s → 0.0400.
  await page.getByLabel('Phone number').fill('+44 7911 123456');
  await page.getByLabel('Duration (seconds)').fill('45');
  await page.getByRole('button', { name: 'Price call' }).click();
  const priced = page.locator('.price-result');
  await expect(priced).toHaveText(
    'Matched prefix 447 (UK Mobile) · 0.0500/min, connect 0.0000 · 30/6 · 48 billable seconds · charge 0.0400 GBP',
  );
  await snap(page, testInfo, 'deck-price-preview');

  await page.getByLabel('Phone number').fill('+1 212 555 0100');
  await page.getByRole('button', { name: 'Price call' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'No rate for this number' })).toBeVisible();
  await page.getByLabel('Phone number').fill('call me');
  await page.getByRole('button', { name: 'Price call' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not a valid number' })).toBeVisible();

  // Export: the same format as the upload, by prefix.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^UK_Retail-\d{4}-\d\d-\d\d\.csv$/);
  const exported = fs.readFileSync(await download.path(), 'utf8');
  expect(exported.split('\n')[0]).toBe(HEADER);
  expect(exported).toContain('447,UK Mobile,0.05,0,30,6');
  expect(exported).toContain('336,France Mobile,0.08,0.01,60,1');
});

test('an operator creates a destination group, a plan and a bundle', async ({ page, request, allowHttpErrors }, testInfo) => {
  allowHttpErrors(409);
  const op = await createOperator(request, 'plan');
  await signIn(page, op);
  await page.goto(`${portal(op.slug)}/console/catalog`);
  await page.getByLabel('Deck name').fill('UK Retail');
  await page.getByLabel('Rate deck CSV', { exact: true }).setInputFiles(csv('good.csv', GOOD_DECK));
  await page.getByRole('button', { name: 'Upload deck' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Catalog' }).getByRole('link', { name: 'Plans & bundles' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/catalog/plans`);
  await expect(page.getByRole('heading', { name: 'No plans yet' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No bundles yet' })).toBeVisible();

  // The forms open from their "New …" buttons. Destination group (a bad prefix first).
  await expect(page.getByLabel('Group name')).toHaveCount(0);
  await page.getByRole('button', { name: 'New destination group' }).click();
  await page.getByLabel('Group name').fill('UK mobiles');
  await page.getByLabel('Prefixes').fill('447, 44x');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('“44x” must be 1 to 15 digits.')).toBeVisible();
  await page.getByLabel('Prefixes').fill('447, 4475');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('Destination group “UK mobiles” created.')).toBeVisible();
  await expect(page.getByRole('row', { name: /^UK mobiles/ })).toContainText('447, 4475');

  // Per-minute plan on the deck; the same name again is a server error beside "Plan name".
  await page.getByRole('button', { name: 'New plan' }).click();
  await page.getByLabel('Plan name').fill('UK per minute');
  await page.getByLabel('Service', { exact: true }).selectOption('sip');
  await page.getByLabel('Rate deck', { exact: true }).selectOption({ label: 'UK Retail (GBP)' });
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page.getByText('Plan “UK per minute” created.')).toBeVisible();
  const plan = page.getByRole('row', { name: /UK per minute/ });
  await expect(plan).toContainText('IP phone (SIP)');
  await expect(plan).toContainText('UK Retail');
  await page.getByLabel('Plan name').fill('UK per minute');
  await page.getByLabel('Rate deck', { exact: true }).selectOption({ label: 'UK Retail (GBP)' });
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page.locator('#plan-name-error')).toContainText('A plan with this name exists');

  // Bundle: SIP + video, 300 minutes to UK mobiles for SIP only.
  await page.getByRole('button', { name: 'New bundle' }).click();
  await page.getByLabel('Bundle name').fill('UK Unlimited-ish');
  await page.getByLabel('Bundle monthly fee').fill('19.99');
  await page.getByRole('group', { name: 'Services included' }).getByLabel('Video').check();
  await page.getByLabel('Rate deck beyond the included minutes').selectOption({ label: 'UK Retail (GBP)' });
  await page.getByLabel('Destination group', { exact: true }).selectOption({ label: 'UK mobiles' });
  await page.getByLabel('Minutes', { exact: true }).fill('300');
  await page.getByLabel('Priority', { exact: true }).fill('1');
  await page.getByRole('group', { name: 'Services that may use these minutes' }).getByLabel('IP phone (SIP)').check();
  await page.getByRole('button', { name: 'Create bundle' }).click();
  await expect(page.getByText('Bundle “UK Unlimited-ish” created.')).toBeVisible();
  const bundle = page.getByRole('row', { name: /UK Unlimited-ish/ });
  await expect(bundle).toContainText('19.99 GBP');
  await expect(bundle).toContainText('IP phone (SIP), Video');
  await expect(bundle).toContainText('300 min to UK mobiles (priority 1; IP phone (SIP))');
  await snap(page, testInfo, 'plans-and-bundles');

  // A reload lists them from the server.
  await page.reload();
  await expect(page.getByRole('row', { name: /UK per minute/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /UK Unlimited-ish/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^UK mobiles/ })).toBeVisible();
});

test('a large upload shows its progress, then the summary', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'big');
  await signIn(page, op);
  await page.goto(`${portal(op.slug)}/console/catalog`);
  // The page drawn (its chunks fetched) before the link is throttled:
  // Chromium can stall requests in flight when the emulated conditions change.
  await expect(page.getByLabel('Deck name')).toBeVisible();
  // 6000 rows (~200 KB) over a throttled link, so the progress bar is seen.
  const lines = [HEADER];
  for (let i = 0; i < 6000; i++) {
    lines.push(`${1000000 + i},Destination number ${i % 97},0.${String(i % 1000).padStart(3, '0')}1,0,60,60`);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 64 * 1024,
  });
  await page.getByLabel('Deck name').fill('Wholesale');
  await page.getByLabel('Rate deck CSV', { exact: true }).setInputFiles(csv('big.csv', lines.join('\n') + '\n'));
  await page.getByRole('button', { name: 'Upload deck' }).click();
  const progress = page.getByRole('progressbar', { name: 'Upload progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/Uploading… \d+%/)).toBeVisible();
  await snap(page, testInfo, 'deck-upload-progress');
  await expect(page.getByRole('button', { name: 'Upload deck' })).toBeDisabled();
  const summary = page.getByRole('status').filter({ hasText: 'Deck “Wholesale” imported' });
  await expect(summary).toBeVisible({ timeout: 25_000 });
  await expect(summary.getByRole('definition').nth(0)).toHaveText('6000');
  await expect(summary.getByRole('definition').nth(1)).toHaveText('97');
  await expect(progress).toBeHidden();
});
