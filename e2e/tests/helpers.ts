import { APIRequestContext, Page, TestInfo, expect } from '@playwright/test';

export const PORT = 18080;
export const PASSWORD = 'correct horse battery';

/** A slug no other test (or run) uses: starts with a letter, lower case. */
export function uniqueSlug(prefix = 'e2e'): string {
  const n = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return `${prefix}-${n}`.slice(0, 32);
}

/** The portal's origin, e.g. `http://acme.localhost:18080`. */
export function portal(slug: string): string {
  return `http://${slug}.localhost:${PORT}`;
}

export interface Operator {
  slug: string;
  company: string;
  email: string;
  password: string;
}

/** Signs an operator up through the API (for tests about something else). */
export async function createOperator(request: APIRequestContext, prefix = 'api'): Promise<Operator> {
  const slug = uniqueSlug(prefix);
  const op = {
    slug,
    company: `Company ${slug}`,
    email: `owner@${slug}.test`,
    password: PASSWORD,
  };
  // 127.0.0.1 with the Host header: Node may resolve `localhost` to ::1.
  const res = await request.post(`http://127.0.0.1:${PORT}/api/v1/tenants`, {
    headers: { Host: `localhost:${PORT}` },
    data: {
      company_name: op.company,
      slug: op.slug,
      email: op.email,
      password: op.password,
      currency: 'GBP',
      country: 'GB',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return op;
}

/** Saves a named screenshot under the test's output dir (and in the report). */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The portal's API base reached from Node (127.0.0.1 with the portal's Host header). */
export function portalApi(slug: string): { base: string; headers: Record<string, string> } {
  return { base: `http://127.0.0.1:${PORT}/api/v1`, headers: { Host: `${slug}.localhost:${PORT}` } };
}

/** Signs a staff member in through the API: their access token. */
export async function staffToken(request: APIRequestContext, op: Operator): Promise<string> {
  const { base, headers } = portalApi(op.slug);
  const res = await request.post(`${base}/auth/login`, {
    headers,
    data: { email: op.email, password: op.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).access_token as string;
}

export interface Email {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** Waits for the e-mail maildev received for `to` (the server sends within a second or so). */
export async function waitForEmail(request: APIRequestContext, to: string, timeoutMs = 15_000): Promise<Email> {
  const api = process.env.RINGLEDGER_TEST_MAILDEV_API;
  if (!api) throw new Error('RINGLEDGER_TEST_MAILDEV_API is not set (see playwright.config.ts)');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request.get(`${api}/email`);
    if (res.ok()) {
      const mails = (await res.json()) as Email[];
      const mail = mails.find((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase()));
      if (mail) return mail;
    }
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
