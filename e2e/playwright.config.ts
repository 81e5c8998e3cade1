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
  webServer: {
    command: `"${process.env.RINGLEDGER_BIN}" serve --port ${PORT} --data-dir "${process.env.E2E_DATA_DIR}"`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      RINGLEDGER_STATIC_DIR:
        process.env.RINGLEDGER_STATIC_DIR ?? path.join(repo, 'frontend', 'dist'),
    },
  },
});
