import { test as base, expect } from '@playwright/test';

export { expect };

/** Lets the named HTTP statuses through the console check (see `test`). */
export type AllowHttpErrors = ((...statuses: number[]) => void) & { statuses: Set<number> };

/**
 * Every spec's `test`: fails when the browser logs an error to its console
 * or a page throws (a signed-out visitor or a seller without a logo is a
 * normal state, never an error).
 *
 * Chromium logs every HTTP answer of 400 or more as "Failed to load
 * resource"; a test that expects the server to refuse something (a form's
 * validation, a wrong password) declares those statuses with
 * `allowHttpErrors(400, …)`, and only they are let through.
 */
export const test = base.extend<{ allowHttpErrors: AllowHttpErrors; consoleErrors: string[] }>({
  allowHttpErrors: async ({}, use) => {
    const statuses = new Set<number>();
    const allow = Object.assign((...s: number[]) => s.forEach((x) => statuses.add(x)), { statuses });
    await use(allow);
  },
  consoleErrors: [
    async ({ page, allowHttpErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${m.text()} [${m.location().url}]`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      await use(errors);
      const unexpected = errors.filter((text) => {
        const status = text.match(/status of (\d{3})/)?.[1];
        return !(status && allowHttpErrors.statuses.has(Number(status)));
      });
      expect(unexpected, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
});
