import { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import fs from 'node:fs';
import {
  Operator,
  PASSWORD,
  createOperator,
  portal,
  portalApi,
  setUpCatalog,
  snap,
  staffSignIn,
  waitForEmail,
} from './helpers';

/** The columns of `GET /api/v1/books/postings.csv`, in order. */
const CSV_HEADER =
  'posted_at,journal_id,journal_kind,posting_id,book,account_id,customer,amount,currency,memo,actor,cause_type,cause_id';

/** A verified customer with one SIP service (through the API): id and SIP username. */
async function sipCustomer(
  request: APIRequestContext,
  op: Operator,
  email: string,
  sipPlan: string,
): Promise<{ id: string; username: string }> {
  const { base, headers } = portalApi(op.slug);
  const res = await request.post(`${base}/portal/signup`, {
    headers,
    data: {
      name: 'Bea Books',
      email,
      password: PASSWORD,
      services: [{ kind: 'sip', plan_id: sipPlan, anis: [] }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const customer = (await res.json()).customer;
  const mail = await waitForEmail(request, email);
  const token = mail.text.match(/verify-email\?token=(\S+)/)?.[1];
  expect(token, mail.text).toBeTruthy();
  const verified = await request.post(`${base}/my/verify-email`, {
    headers,
    data: { token: decodeURIComponent(token!) },
  });
  expect(verified.status(), await verified.text()).toBeLessThan(300);
  return { id: customer.id as string, username: customer.services[0].username as string };
}

test('books: the trial balance, the postings CSV, the journal, the check and a statement', async ({
  page,
  request,
}, testInfo) => {
  const op = await createOperator(request, 'books');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const auth = { ...headers, Authorization: `Bearer ${catalog.token}` };
  const customer = await sipCustomer(request, op, `bea@${op.slug}.test`, catalog.plans['SIP Basic']);

  // Money moves: a staff credit of 10.00, then one rated call posted by a switch.
  const credit = await request.post(`${base}/customers/${customer.id}/adjustments`, {
    headers: auth,
    data: { amount: '10.00', reason: 'Goodwill credit' },
  });
  expect(credit.status(), await credit.text()).toBe(201);
  const keyRes = await request.post(`${base}/switch-keys`, { headers: auth, data: { name: 'Main switch' } });
  expect(keyRes.status(), await keyRes.text()).toBeLessThan(300);
  const key = (await keyRes.json()).key as string;
  const cdrs = await request.post(`${base}/cdrs`, {
    headers: { ...headers, Authorization: `Bearer ${key}` },
    data: [
      {
        call_id: 'books-call-1',
        service: 'sip',
        sip_username: customer.username,
        destination: '447700900123',
        start_time: new Date(Date.now() - 120_000).toISOString(),
        duration_secs: 65,
      },
    ],
  });
  expect(cdrs.status(), await cdrs.text()).toBeLessThan(300);
  expect((await cdrs.json()).accepted).toBe(1);
  // What the API says was posted this month (the CSV must hold as many lines).
  const journalsRes = await request.get(`${base}/books/journals`, { headers: auth });
  expect(journalsRes.status(), await journalsRes.text()).toBe(200);
  const journals = await journalsRes.json();
  const postings = (journals.items as { postings: unknown[] }[]).reduce((n, j) => n + j.postings.length, 0);
  expect(journals.items.map((j: { kind: string }) => j.kind).sort()).toEqual(['adjustment', 'usage']);

  // Books, from the console's navigation.
  await staffSignIn(page, op);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Books' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/books`);
  await expect(page.getByRole('heading', { level: 1, name: 'Books' })).toBeVisible();

  // The trial balance of this month: the customer's account, the adjustment, call revenue; total zero.
  const balance = page.getByRole('table', { name: /Trial balance/ });
  await expect(balance).toContainText('in GBP');
  const adjustments = balance.getByRole('row', { name: /Adjustments and write-offs/ });
  await expect(adjustments.getByRole('cell')).toHaveText(['0.00', '-10.00', '0.00', '-10.00']);
  const customers = balance.getByRole('row', { name: /Customer accounts/ });
  await expect(customers.getByRole('cell').nth(2)).toHaveText('10.00');
  await expect(balance.getByRole('row', { name: /Revenue — calls/ })).toBeVisible();
  await expect(balance.getByRole('row', { name: /^Total/ }).getByRole('cell').last()).toHaveText('0.00');
  // The inputs show the period the server chose (this month so far).
  const today = new Date().toISOString().slice(0, 10);
  const period = page.getByRole('form', { name: 'Period', exact: true });
  await expect(period.getByLabel('To')).toHaveValue(today);
  await expect(period.getByLabel('From')).toHaveValue(`${today.slice(0, 8)}01`);
  await snap(page, testInfo, 'books-trial-balance');

  // The postings of the period as CSV: the stable header and one line per posting.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export postings (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^postings-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.length - 1, lines.join('\n')).toBe(postings);
  expect(postings).toBeGreaterThanOrEqual(4);
  expect(lines.filter((l) => l.includes(',adjustment,'))).toHaveLength(2);

  // The journal: only adjustments, each with its postings.
  await page.getByLabel('Kind').selectOption('adjustment');
  await page.getByRole('button', { name: 'Search' }).click();
  const journal = page.getByRole('region', { name: 'Journal' });
  await expect(journal.getByRole('status')).toHaveText('1 journal');
  const entry = journal.getByRole('table', { name: /Adjustment: Goodwill credit/ });
  await expect(entry).toContainText(op.email);
  await expect(entry.getByRole('row', { name: /Customer accounts/ })).toContainText('Bea Books');
  await expect(entry.getByRole('row', { name: /Customer accounts/ }).getByRole('cell').last()).toHaveText('10.00');
  await expect(entry.getByRole('row', { name: /Adjustments and write-offs/ }).getByRole('cell').last()).toHaveText(
    '-10.00',
  );
  // Text that no journal holds.
  await page.getByLabel('Kind').selectOption('');
  await page.getByLabel('Memo or actor').fill('no such memo');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(journal.getByRole('heading', { name: 'No journals match' })).toBeVisible();

  // The check: the operator's, across the tenant.
  await page.getByRole('button', { name: 'Check the books' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Books balance' })).toContainText(
    /^Books balance: \d+ journals, \d+ postings, .*checked\.$/,
  );
  await snap(page, testInfo, 'books-check');

  // Another period goes into the address: a month before this operator existed has nothing.
  await period.getByLabel('From').fill('2020-01-01');
  await period.getByLabel('To').fill('2020-01-31');
  await period.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/books?from=2020-01-01&to=2020-01-31`);
  const trial = page.getByRole('region', { name: 'Trial balance' });
  await expect(trial.getByRole('heading', { name: 'No postings in this period' })).toBeVisible();
  // Reload keeps it; Back returns to this month.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Period', exact: true }).getByLabel('From')).toHaveValue('2020-01-01');
  await expect(trial.getByRole('heading', { name: 'No postings in this period' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/books`);
  await expect(balance.getByRole('row', { name: /^Total/ })).toBeVisible();
  // A period that ends before it starts is refused beside its field.
  await period.getByLabel('From').fill('2020-02-01');
  await period.getByLabel('To').fill('2020-01-01');
  await period.getByRole('button', { name: 'Show' }).click();
  await expect(period.getByText('To cannot be before the first day.')).toBeVisible();

  // The customer's statement: opening balance, the credit and the call, closing balance.
  await page.goto(`${portal(op.slug)}/console/customers/${customer.id}`);
  const statement = page.getByRole('region', { name: 'Statement' });
  const table = statement.getByRole('table', { name: /Statement/ });
  await expect(table.getByRole('row', { name: /Opening balance/ }).getByRole('cell').last()).toHaveText('0.00');
  const creditRow = table.getByRole('row', { name: /Adjustment: Goodwill credit/ });
  await expect(creditRow.getByRole('cell').nth(2)).toHaveText('10.00');
  await expect(creditRow.getByRole('cell').nth(3)).toHaveText('10.00');
  await expect(table.getByRole('rowheader', { name: /^Calls/ })).toHaveCount(1);
  const account = (await (await request.get(`${base}/customers/${customer.id}`, { headers: auth })).json()).account;
  const closing = table.getByRole('row', { name: /Closing balance/ }).getByRole('cell').last();
  expect(Number(await closing.textContent())).toBeCloseTo(Number(account.balance), 4);
  expect(Number(account.balance)).toBeLessThan(10);
  await table.scrollIntoViewIfNeeded();
  await snap(page, testInfo, 'customer-statement');
});
