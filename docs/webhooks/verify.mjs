// Verify a Ringledger webhook delivery (Node.js 18+, no dependencies).
//
// The header `Ringledger-Signature: t=<unix seconds>,v1=<hex>` carries an
// HMAC-SHA256 of "<t>.<raw body>" under your endpoint's secret (whsec_...):
// Stripe's scheme. Verify the raw body, before any JSON parsing.
//
//   import { verify } from './verify.mjs';
//   if (!verify(rawBody, req.headers['ringledger-signature'], SECRET)) return res.status(400).end();

import { createHmac, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export const TOLERANCE_SECONDS = 300;

export function verify(rawBody, header, secret, toleranceSeconds = TOLERANCE_SECONDS, now = Date.now() / 1000) {
  let timestamp = null;
  const signatures = [];
  for (const part of String(header ?? '').split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(now - timestamp) > toleranceSeconds) return false; // a replayed request
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(rawBody)
    .digest();
  return signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// Command line (exit 0: valid, 1: refused):
//   node verify.mjs <secret> '<signature header>' < body.json
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  process.exit(verify(Buffer.concat(chunks), process.argv[3], process.argv[2]) ? 0 : 1);
}
