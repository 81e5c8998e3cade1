import { expect, test } from './fixtures';
import { PASSWORD, createOperator, portal, portalApi, setUpCatalog, snap, staffSignIn, waitForEmail } from './helpers';

test('an owner invites a support agent who sees only what support may, and the Activity page shows it', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const op = await createOperator(request, 'team');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const auth = { ...headers, Authorization: `Bearer ${catalog.token}` };
  const created = await request.post(`${base}/customers`, {
    headers: auth,
    data: { name: 'Ada Caller', email: `ada@${op.slug}.test`, password: 'a long password', services: [{ kind: 'sip', plan_id: catalog.plans['SIP Basic'] }] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const customerId = (await created.json()).customer.id as string;

  // The owner invites a support agent from the Team page.
  await staffSignIn(page, op);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'Team', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  const agent = `agent@${op.slug}.test`;
  const form = page.getByRole('region', { name: 'Invite someone' });
  await form.getByLabel('E-mail').fill(agent);
  await form.getByLabel('Role').selectOption('support');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.getByRole('status')).toContainText(`Invitation sent to ${agent}.`);
  await expect(page.getByRole('region', { name: 'Invitations' })).toContainText(agent);
  await snap(page, testInfo, 'team-invited');

  // The invitation, read from the real SMTP server, opens on the seller's own portal.
  const mail = await waitForEmail(request, agent);
  const link = mail.text.match(/(http:\/\/\S+\/accept-invite\?token=\S+)/)?.[1];
  expect(link, mail.text).toBeTruthy();
  expect(link!.startsWith(portal(op.slug))).toBeTruthy();
  const context = await browser.newContext();
  const agentPage = await context.newPage();
  await agentPage.goto(link!);
  await agentPage.getByLabel('Password').fill(PASSWORD);
  await agentPage.getByRole('button', { name: 'Join and open the console' }).click();
  await agentPage.waitForURL(`${portal(op.slug)}/console`);

  // Support sees customers but neither the team, the books nor the activity log…
  const agentNav = agentPage.getByRole('navigation', { name: 'Console' });
  await expect(agentNav.getByRole('link', { name: 'Customers', exact: true })).toBeVisible();
  for (const hidden of ['Team', 'Activity', 'Books']) {
    await expect(agentNav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
  }
  // …and cannot credit an account: no form, and the server refuses.
  await agentPage.goto(`${portal(op.slug)}/console/customers/${customerId}`);
  await expect(agentPage.getByRole('heading', { level: 2, name: 'Payments', exact: true })).toBeVisible();
  await expect(agentPage.getByRole('heading', { name: 'Record a payment' })).toHaveCount(0);
  const agentToken = (await (await request.post(`${base}/auth/login`, { headers, data: { email: agent, password: PASSWORD } })).json()).access_token;
  const credit = await request.post(`${base}/customers/${customerId}/adjustments`, {
    headers: { ...headers, Authorization: `Bearer ${agentToken}` },
    data: { amount: '50', reason: 'please' },
  });
  expect(credit.status()).toBe(403);
  expect((await credit.json()).error.code).toBe('permission_denied');
  await snap(agentPage, testInfo, 'support-customer');
  await context.close();

  // The owner sees the agent on the team, and everything in Activity.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Members' })).toContainText(agent);
  await nav.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  const log = page.locator('.audit-table');
  await expect(log).toContainText('member.invited');
  await expect(log).toContainText('member.joined');
  await expect(log).toContainText('auth.login_succeeded');
  await expect(log).toContainText(agent);
  await page.getByLabel('Action starts with').fill('member.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(log).not.toContainText('auth.login_succeeded');
  await expect(log).toContainText('role: support');
  await snap(page, testInfo, 'activity');
});
