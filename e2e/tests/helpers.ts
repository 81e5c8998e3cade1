import { createHmac } from 'node:crypto';
import { APIRequestContext, Page, TestInfo, expect } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import * as fs from 'node:fs';

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
  // The owner confirms the e-mail, as a real one does on day one (the
  // console takes payments and creates resellers only then).
  const mail = await waitForEmail(request, op.email);
  const token = mail.text.match(/for=staff&token=(\S+)/)?.[1];
  expect(token, mail.text).toBeTruthy();
  const { base, headers } = portalApi(slug);
  await confirmOwner(request, base, headers, decodeURIComponent(token!));
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

/** The rate deck of `setUpCatalog`: UK mobiles (447…) and the rest of the UK (44…). */
export const DECK = [
  'prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment',
  '447,UK Mobile,0.05,0,30,6',
  '44,UK,0.01,0,60,60',
  '',
].join('\n');

export interface Catalog {
  /** The staff member's access token. */
  token: string;
  deckId: string;
  /** Plan ids by name: "Card Saver", "PINless UK", "SIP Basic". */
  plans: Record<string, string>;
}

/** A rate deck (`DECK`) and one plan per service kind, through the API. */
export async function setUpCatalog(request: APIRequestContext, op: Operator): Promise<Catalog> {
  const token = await staffToken(request, op);
  const { base, headers } = portalApi(op.slug);
  const auth = { ...headers, Authorization: `Bearer ${token}` };
  const deck = await request.post(`${base}/rate-decks/import?name=UK%20Retail&currency=GBP`, {
    headers: { ...auth, 'Content-Type': 'text/csv' },
    data: DECK,
  });
  expect(deck.status(), await deck.text()).toBe(201);
  const deckId = (await deck.json()).deck.id as string;
  const plans: Record<string, string> = {};
  for (const plan of [
    { name: 'Card Saver', service_kind: 'calling_card', deck_id: deckId },
    { name: 'PINless UK', service_kind: 'pinless', deck_id: deckId },
    { name: 'SIP Basic', service_kind: 'sip', deck_id: deckId, monthly_fee: '4.99' },
  ]) {
    const res = await request.post(`${base}/plans`, { headers: auth, data: plan });
    expect(res.status(), await res.text()).toBe(201);
    plans[plan.name] = (await res.json()).id as string;
  }
  return { token, deckId, plans };
}

/** Signs a staff member in on the portal's `/login`; ends on `/console`. */
export async function staffSignIn(page: Page, op: Operator): Promise<void> {
  await page.goto(`${portal(op.slug)}/login`);
  await page.getByLabel('Email').fill(op.email);
  await page.getByLabel('Password').fill(op.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${portal(op.slug)}/console`);
}

/**
 * Starts a server of the spec's own on `port` (specs whose bills need time to
 * pass): `ringledger serve` on SQLite in `dataDir` with the clock pinned at
 * `now` (RINGLEDGER_FAKE_NOW), e-mails written to `{dataDir}/mail` instead of
 * being sent, and `env` on top. Resolves once `/healthz` answers.
 */
export async function serve(
  port: number,
  dataDir: string,
  now: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const repo = resolve(__dirname, '..', '..');
  const child = spawn(process.env.RINGLEDGER_BIN!, ['serve', '--port', String(port), '--data-dir', dataDir], {
    env: {
      ...process.env,
      RINGLEDGER_FAKE_NOW: now,
      RINGLEDGER_SMTP_URL: '',
      DATABASE_URL: '',
      RINGLEDGER_STATIC_DIR: process.env.RINGLEDGER_STATIC_DIR ?? join(repo, 'frontend', 'dist'),
      ...env,
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server on port ${port} did not start`);
}

/** Stops a server `serve` started, waiting until it has exited. */
export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The verification link's token from the e-mail written for `to` (polls: the outbox is sent in the background). */
export async function verifyToken(dataDir: string, to: string): Promise<string> {
  const mailDir = join(dataDir, 'mail');
  for (let i = 0; i < 150; i++) {
    const mail = fs.existsSync(mailDir)
      ? fs
          .readdirSync(mailDir)
          .map((f) => fs.readFileSync(join(mailDir, f), 'utf8'))
          .find((m) => m.includes(to) && m.includes('token='))
      : undefined;
    if (mail) {
      // Undo quoted-printable soft breaks and `=3D`.
      const text = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      return decodeURIComponent(text.split('token=')[1].split(/[\s"<>&]/)[0]);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verification e-mail to ${to}`);
}

/**
 * Confirms an operator owner's e-mail with the token of the link e-mailed at
 * sign-up (`base` and `headers` address the owner's portal): the console
 * takes card payments and creates resellers only then.
 */
export async function confirmOwner(
  request: APIRequestContext,
  base: string,
  headers: Record<string, string>,
  token: string,
): Promise<void> {
  const res = await request.post(`${base}/auth/verify-email`, { headers, data: { token } });
  expect(res.status(), await res.text()).toBe(200);
}

/** A customer with one SIP service, signed up and verified through the API: their id. */
export async function verifiedCustomer(
  request: APIRequestContext,
  op: Operator,
  email: string,
  sipPlan: string,
): Promise<string> {
  const { base, headers } = portalApi(op.slug);
  const res = await request.post(`${base}/portal/signup`, {
    headers,
    data: {
      name: 'Carla Customer',
      email,
      password: PASSWORD,
      services: [{ kind: 'sip', plan_id: sipPlan, anis: [] }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).customer.id as string;
  const mail = await waitForEmail(request, email);
  const token = mail.text.match(/verify-email\?token=(\S+)/)?.[1];
  expect(token, mail.text).toBeTruthy();
  const verified = await request.post(`${base}/my/verify-email`, {
    headers,
    data: { token: decodeURIComponent(token!) },
  });
  expect(verified.status(), await verified.text()).toBeLessThan(300);
  return id;
}

/** Signs a customer in on the portal's account page. */
export async function customerSignIn(page: Page, site: string, email: string, password: string): Promise<void> {
  await page.goto(`${site}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** RFC 4648 base32 (no padding) to bytes. */
function base32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `secret`, `offset` steps from now. */
export function totp(secret: string, offset = 0): string {
  const counter = Math.floor(Date.now() / 1000 / 30) + offset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return ((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}
