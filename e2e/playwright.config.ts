import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// One fresh data directory per run, shared by the server and the tests (the
// admin test runs `ringledger admin create` against it). The config is also
// loaded by the worker processes, which inherit the runner's environment, so
// the directory is created once.
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ringledger-e2e-'));
}
const repo = path.resolve(__dirname, '..');
if (!process.env.RINGLEDGER_BIN) {
  process.env.RINGLEDGER_BIN = path.join(repo, 'target', 'debug', 'ringledger');
}
const PORT = 18080;

// E-mail: a real local SMTP server (maildev) receives what the server sends;
// the tests read it through maildev's REST API. `scripts/test.sh` starts one
// and exports both variables; otherwise this config starts its own on the
// same ports (the variables are inherited by the workers, like E2E_DATA_DIR).
const SMTP_PORT = Number(process.env.RINGLEDGER_TEST_SMTP_PORT ?? 18025);
const MAILDEV_PORT = Number(process.env.RINGLEDGER_TEST_MAILDEV_PORT ?? 18180);
const ownMaildev = !process.env.RINGLEDGER_TEST_MAILDEV_API;
if (ownMaildev) {
  process.env.RINGLEDGER_TEST_MAILDEV_API = `http://127.0.0.1:${MAILDEV_PORT}`;
  process.env.RINGLEDGER_SMTP_URL = `smtp://127.0.0.1:${SMTP_PORT}`;
} else if (!process.env.RINGLEDGER_SMTP_URL) {
  process.env.RINGLEDGER_SMTP_URL =
    process.env.RINGLEDGER_TEST_SMTP_URL ?? `smtp://127.0.0.1:${SMTP_PORT}`;
}
const maildev = {
  command: `"${path.join(repo, 'tools', 'node_modules', '.bin', 'maildev')}" --smtp ${SMTP_PORT} --web ${MAILDEV_PORT} --ip 127.0.0.1`,
  url: `http://127.0.0.1:${MAILDEV_PORT}/email`,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      // Never `npx playwright install`: use the system Chromium.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    ...(ownMaildev ? [maildev] : []),
    {
      command: `"${process.env.RINGLEDGER_BIN}" serve --port ${PORT} --data-dir "${process.env.E2E_DATA_DIR}"`,
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        RINGLEDGER_STATIC_DIR:
          process.env.RINGLEDGER_STATIC_DIR ?? path.join(repo, 'frontend', 'dist'),
        // Passed explicitly: the verification e-mails must reach maildev.
        RINGLEDGER_SMTP_URL: process.env.RINGLEDGER_SMTP_URL ?? '',
        // Every spec signs operators up from this one address.
        RINGLEDGER_OPERATOR_SIGNUPS_PER_IP_PER_HOUR: '100000',
        RINGLEDGER_SIGNUPS_PER_IP_PER_HOUR: '100000',
        // ...and signs in from it, more than 30 times a minute when the specs
        // run fast (the limit itself is tested in tests/api/login.rs).
        RINGLEDGER_LOGIN_ATTEMPTS_PER_IP: '100000',
      },
    },
  ],
});
