import { expect, test } from './fixtures';
import {
  createOperator,
  portal,
  portalApi,
  setUpCatalog,
  snap,
  staffSignIn,
  verifiedCustomer,
} from './helpers';

// Issue 24: the operator turns fraud control on and imports its high-risk
// prefixes in the console; a burst of spend suspends the customer's phone,
// both sides get the e-mail from the real SMTP server, the refused calls
// are on the Calls page, and staff release the phone on the customer's page.
test('a burst of spend suspends a phone until staff release it', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'fraud');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const staff = { ...headers, Authorization: `Bearer ${catalog.token}` };
  // Postpaid accounts: the calls below are billed whatever the balance.
  const accounts = await request.put(`${base}/settings/accounts`, {
    headers: staff,
    data: { pin_length: 10, account_kind: 'postpaid', default_credit_limit: '50', billing_day: 1 },
  });
  expect(accounts.status(), await accounts.text()).toBe(200);
  const email = `fiona@${op.slug}.test`;
  const customer = await verifiedCustomer(request, op, email, catalog.plans['SIP Basic']);

  await staffSignIn(page, op);
  await page.goto(`${portal(op.slug)}/console/settings`);
  const fraud = page.getByRole('form', { name: 'Fraud control' });
  await fraud.getByLabel('Suspend a service above this many times the usual hour').fill('2');
  await fraud.getByLabel('Usual hourly spend is at least').fill('0.10');
  await fraud.getByRole('group', { name: 'Each service' }).getByLabel('Calls at once').fill('5');
  await fraud.getByRole('button', { name: 'Save fraud control' }).click();
  await expect(page.getByText('Fraud control saved.')).toBeVisible();

  // The high-risk prefixes, from a CSV file.
  await page.getByLabel('CSV file of high-risk prefixes').setInputFiles({
    name: 'high-risk.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('prefix,description\n44909,UK premium rate\n8816,Iridium satellite\n'),
  });
  await page.getByRole('button', { name: 'Import high-risk prefixes' }).click();
  await expect(page.getByText('2 high-risk prefixes imported.')).toBeVisible();
  await expect(page.getByRole('cell', { name: '44909', exact: true })).toBeVisible();
  await snap(page, testInfo, 'fraud-settings');

  // The switch: a call to a premium number is refused; then 12 minutes of
  // calls in an hour (0.60, above 2 × 0.10) suspend the phone.
  const detail = await (await request.get(`${base}/customers/${customer}`, { headers: staff })).json();
  const username = detail.services.find((s: { kind: string }) => s.kind === 'sip').username as string;
  const key = await request.post(`${base}/switch-keys`, { headers: staff, data: { name: 'sw' } });
  const sw = { ...headers, Authorization: `Bearer ${(await key.json()).key}` };
  const ask = async (destination: string) =>
    (
      await (
        await request.post(`${base}/authorize`, {
          headers: sw,
          data: { service: 'sip', sip_username: username, destination },
        })
      ).json()
    ).reason as string | null;
  expect(await ask('+44 909 876 5432')).toBe('destination_blocked');
  expect(await ask('+44 7700 900123')).toBeNull();
  const posted = await request.post(`${base}/cdrs`, {
    headers: sw,
    data: [
      {
        call_id: `${op.slug}-burst`,
        service: 'sip',
        sip_username: username,
        destination: '447700900123',
        // Today (the deck is effective from today), never before midnight.
        start_time: new Date(
          Math.max(Date.now() - 800_000, new Date(new Date().toISOString().slice(0, 10) + 'T00:00:01Z').getTime()),
        ).toISOString(),
        duration_secs: 720,
        media: 'audio',
      },
    ],
  });
  expect(posted.status(), await posted.text()).toBe(200);
  expect(await ask('+44 7700 900124')).toBe('fraud_suspended');

  // Both e-mails, read from the SMTP server.
  const suspendedMail = async (to: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await request.get(`${process.env.RINGLEDGER_TEST_MAILDEV_API}/email`);
      const mails = (await res.json()) as { subject: string; text: string; to: { address: string }[] }[];
      const mail = mails.find(
        (m) => m.to.some((t) => t.address === to) && /unusual spend|suspended a service/.test(m.subject),
      );
      if (mail) return mail;
      if (Date.now() > deadline) throw new Error(`no suspension e-mail to ${to}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const customerMail = await suspendedMail(email);
  expect(customerMail.text).toContain('0.60 GBP');
  const ownerMail = await suspendedMail(op.email);
  expect(ownerMail.text).toContain(`/console/customers/${customer}`);

  // The Calls page lists the refusals.
  await page.goto(`${portal(op.slug)}/console/calls`);
  const refused = page.getByRole('region', { name: 'Refused by fraud control' });
  await expect(refused.getByText('Destination not allowed')).toBeVisible();
  await expect(refused.getByText('Service suspended for unusual spend')).toBeVisible();

  // The customer's page: the suspension, and the release.
  await page.goto(`${portal(op.slug)}/console/customers/${customer}`);
  const panel = page.getByRole('region', { name: 'Fraud control' });
  await expect(panel.getByRole('alert')).toContainText('was suspended');
  await snap(page, testInfo, 'fraud-suspended');
  await panel.getByRole('button', { name: /^Release / }).click();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect(await ask('+44 7700 900125')).toBeNull();

  // Its own rules: calls to the high-risk prefixes allowed.
  await panel.getByLabel('May call high-risk prefixes').check();
  await panel.getByRole('button', { name: 'Save fraud control' }).click();
  await expect(panel.getByText('Saved. Its next calls are checked against it.')).toBeVisible();
  expect(await ask('+44 909 876 5432')).toBeNull();
});
