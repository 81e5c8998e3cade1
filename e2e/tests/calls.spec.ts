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
      name: 'Cleo Caller',
      email,
      password: PASSWORD,
      services: [{ kind: 'sip', plan_id: sipPlan, anis: [] }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const customer = (await res.json()).customer;
  const username = customer.services[0].username as string;
  expect(username).toBeTruthy();
  const mail = await waitForEmail(request, email);
  const token = mail.text.match(/verify-email\?token=(\S+)/)?.[1];
  expect(token, mail.text).toBeTruthy();
  const verified = await request.post(`${base}/my/verify-email`, {
    headers,
    data: { token: decodeURIComponent(token!) },
  });
  expect(verified.status(), await verified.text()).toBeLessThan(300);
  return { id: customer.id as string, username };
}

test('calls: the console lists, filters, exports and re-rates; the customer sees usage', async ({
  page,
  request,
}, testInfo) => {
  const op = await createOperator(request, 'calls');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const email = `cleo@${op.slug}.test`;
  const customer = await sipCustomer(request, op, email, catalog.plans['SIP Basic']);

  // A switch key, and two calls: one to a UK mobile (rated), one to France (no rate).
  const keyRes = await request.post(`${base}/switch-keys`, {
    headers: { ...headers, Authorization: `Bearer ${catalog.token}` },
    data: { name: 'Main switch' },
  });
  expect(keyRes.status(), await keyRes.text()).toBeLessThan(300);
  const key = (await keyRes.json()).key as string;
  const start = new Date(Date.now() - 120_000).toISOString();
  const cdrs = await request.post(`${base}/cdrs`, {
    headers: { ...headers, Authorization: `Bearer ${key}` },
    data: [
      {
        call_id: 'call-rated-1',
        service: 'sip',
        sip_username: customer.username,
        destination: '447700900123',
        start_time: start,
        duration_secs: 65,
      },
      {
        call_id: 'call-france-1',
        service: 'sip',
        sip_username: customer.username,
        destination: '33123456789',
        start_time: start,
        duration_secs: 30,
      },
    ],
  });
  expect(cdrs.status(), await cdrs.text()).toBeLessThan(300);
  const batch = await cdrs.json();
  expect(batch.accepted, JSON.stringify(batch)).toBe(1);
  expect(batch.rejected, JSON.stringify(batch)).toHaveLength(1);

  // The console's dashboard: revenue of the one rated call, as a chart.
  await staffSignIn(page, op);
  const revenue = page.getByRole('region', { name: 'Revenue' });
  await expect(revenue.getByRole('status')).toContainText('1 call,');
  await expect(revenue.getByRole('img', { name: 'Revenue per day' })).toBeVisible();
  await expect(revenue.getByRole('table').getByRole('row', { name: /SIP/ }).getByRole('cell').nth(0)).toHaveText('1');
  await snap(page, testInfo, 'console-revenue');

  // The console: both calls.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Calls' }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/calls`);
  await expect(page.getByRole('heading', { level: 1, name: 'Calls' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Calls' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(table.getByRole('row', { name: /call-rated-1/ })).toContainText('rated');
  await expect(table.getByRole('row', { name: /call-france-1/ })).toContainText('rejected');
  await expect(page.getByText('Calls 1–2 of 2')).toBeVisible();

  // Only the rejected one.
  await page.getByLabel('Status').selectOption('rejected');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('call-france-1');

  // Export with the same filter: the header and one record.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  const file = await download.path();
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines, lines.join('\n')).toHaveLength(2);
  expect(lines[1]).toContain('call-france-1');

  // Re-rating: France still has no rate, which is no success ("0 re-rated"
  // used to read like one).
  await page.getByRole('button', { name: 'Re-rate kept records' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 're-rated' });
  await expect(outcome).toContainText('Nothing re-rated: 1 kept record(s) still cannot be rated');
  await expect(outcome).not.toHaveClass(/form-done/);
  await snap(page, testInfo, 'console-calls');

  // From the customer: their calls.
  await page.goto(`${portal(op.slug)}/console/customers/${customer.id}`);
  await page.locator('.console-main').getByRole('link', { name: 'Calls', exact: true }).click();
  await expect(page).toHaveURL(`${portal(op.slug)}/console/calls?customer_id=${customer.id}`);
  await expect(rows).toHaveCount(2);

  // The customer: usage with one call and the daily chart.
  await page.goto(`${portal(op.slug)}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/account`);
  const usage = page.getByRole('region', { name: 'Your usage' });
  await expect(usage).toBeVisible();
  await expect(usage.getByRole('status')).toContainText('1 call,');
  const sipRow = usage.getByRole('table').getByRole('row', { name: /SIP/ });
  await expect(sipRow.getByRole('cell').nth(0)).toHaveText('1');
  const chart = usage.getByRole('img', { name: 'Cost per day' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.bar title').first()).toBeAttached();
  // A vertical axis with round amounts: 0, half and the top.
  await expect(chart.locator('text.tick')).toHaveCount(3);
  await expect(chart.locator('text.tick').first()).not.toBeEmpty();
  await usage.scrollIntoViewIfNeeded();
  await snap(page, testInfo, 'customer-usage');
});
