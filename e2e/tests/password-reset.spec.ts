import { expect, test } from './fixtures';
import { createOperator, portal, portalApi, setUpCatalog, snap } from './helpers';

test('a customer resets a forgotten password from the e-mail and signs in with the new one', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const op = await createOperator(request, 'reset');
  const catalog = await setUpCatalog(request, op);
  const { base, headers } = portalApi(op.slug);
  const email = `forgetful@${op.slug}.test`;
  const created = await request.post(`${base}/customers`, {
    headers: { ...headers, Authorization: `Bearer ${catalog.token}` },
    data: { name: 'Forgetful Fran', email, password: 'the old password', services: [{ kind: 'sip', plan_id: catalog.plans['SIP Basic'] }] },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`${portal(op.slug)}/account/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'E-mail me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If that address signs in here');

  // The link, read from the real SMTP server (the welcome e-mail came first).
  let link: string | undefined;
  for (let i = 0; i < 60 && !link; i++) {
    const api = process.env.RINGLEDGER_TEST_MAILDEV_API!;
    const all = (await (await request.get(`${api}/email`)).json()) as { to: { address: string }[]; text: string }[];
    link = all
      .filter((m) => m.to.some((t) => t.address === email))
      .map((m) => m.text.match(/(http:\/\/\S+\/reset-password\?for=customer&token=\S+)/)?.[1])
      .find((l) => l);
    if (!link) await new Promise((r) => setTimeout(r, 250));
  }
  expect(link, 'a reset e-mail').toBeTruthy();
  expect(link!.startsWith(portal(op.slug))).toBeTruthy();
  await page.goto(link!);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('New password').fill('a much better password');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed.');
  await snap(page, testInfo, 'password-reset-done');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a much better password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/account`);
  // The link worked once.
  const again = await request.post(`${base}/my/password-reset/confirm`, {
    headers,
    data: { token: decodeURIComponent(new URL(link!).searchParams.get('token')!), password: 'yet another password' },
  });
  expect(again.status()).toBe(401);
});
