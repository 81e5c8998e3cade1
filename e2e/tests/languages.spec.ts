import { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PASSWORD, createOperator, portal, setUpCatalog, snap, staffSignIn, waitForEmail } from './helpers';

// Issue 22, languages: the portal, the account pages and the customer's
// e-mails in the visitor's language (English, Spanish, French); the seller
// chooses which its portal offers.

/** `scrollWidth <= innerWidth`: nothing scrolls sideways (long words wrap). */
async function fitsWidth(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

test.describe('a browser that asks for Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('reads the portal in Spanish, switches to French, signs up and reads French everywhere after', async ({ page, request }, testInfo) => {
    test.setTimeout(90_000);
    const op = await createOperator(request, 'lang');
    const catalog = await setUpCatalog(request, op);
    const site = portal(op.slug);

    await page.goto(site);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('region', { name: 'Lo que ofrecemos' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Acceso de clientes' })).toBeVisible();
    await snap(page, testInfo, 'portal-spanish');

    // The visitor's choice wins over the browser's, and outlives a reload.
    await page.locator('#language').selectOption('fr');
    await expect(page.getByRole('region', { name: 'Nos offres' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.reload();
    await expect(page.getByRole('region', { name: 'Nos offres' })).toBeVisible();

    // The sign-up in French, money in French figures; it sends the language.
    await page.goto(`${site}/signup`);
    await page.getByLabel('Service', { exact: true }).first().selectOption('sip');
    await page.getByLabel('Forfait', { exact: true }).first().selectOption(catalog.plans['SIP Basic']);
    await expect(page.getByText('Vous paierez 4,99 GBP par mois, plus vos appels.')).toBeVisible();
    const email = `lea@${op.slug}.test`;
    await page.getByLabel('Votre nom').fill('Léa Martin');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await snap(page, testInfo, 'signup-french');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue, Léa Martin' })).toBeVisible();

    // The verification e-mail, read from the real SMTP server, is French.
    const mail = await waitForEmail(request, email);
    expect(mail.subject).toContain('Confirmez');
    expect(mail.text).toContain('Bonjour Léa Martin,');
    const link = mail.text.match(/(http:\/\/\S+verify-email\?token=\S+)/)?.[1];
    expect(link, mail.text).toBeTruthy();
    await page.goto(link!);
    await expect(page.getByText('Votre adresse e-mail est confirmée. Merci !')).toBeVisible();

    // The account page in French; the staff see the customer's language.
    await page.goto(`${site}/account/login`);
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Votre compte' })).toBeVisible();
    await expect(page.locator('#account-language')).toHaveValue('fr');
    await snap(page, testInfo, 'account-french');
    // Changed on the account page: saved for the e-mails, the page in Spanish.
    await page.locator('#account-language').selectOption('es');
    await expect(page.getByRole('heading', { level: 1, name: 'Su cuenta' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Guardado.' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Su cuenta' })).toBeVisible();
  });
});

test('two switches faster than the words arrive end in the language chosen last', async ({ page, request }) => {
  const op = await createOperator(request, 'langrace');
  const site = portal(op.slug);
  await page.goto(site);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The Spanish words take longer than the French ones.
  await page.route('**/api/v1/portal/words/es', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  const spanish = page.waitForResponse('**/api/v1/portal/words/es');
  await page.locator('#language').selectOption('es');
  await page.locator('#language').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await spanish;
  // The Spanish words arrived last: the page stays French.
  await page.waitForTimeout(300);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('#language')).toHaveValue('fr');
});

test('the seller chooses its portal languages; a phone-sized Spanish portal does not scroll sideways', async ({ page, request }, testInfo) => {
  const op = await createOperator(request, 'langs');
  await setUpCatalog(request, op);
  await staffSignIn(page, op);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Brand', exact: true }).click();
  // Offer Spanish and English, Spanish the default; French is not offered.
  await page.getByLabel('Français').uncheck();
  await page.getByLabel('Default language').selectOption('es');
  await page.getByRole('button', { name: 'Save brand' }).click();
  await expect(page.getByText('Brand saved.')).toBeVisible();
  // The console itself stays English.
  await expect(page.getByRole('heading', { level: 1, name: 'Brand' })).toBeVisible();

  // A visitor whose browser asks for none of them gets the default.
  const visitor = await page.context().browser()!.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  const phone = await visitor.newPage();
  const errors: string[] = [];
  phone.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await phone.goto(portal(op.slug));
  await expect(phone.getByRole('region', { name: 'Lo que ofrecemos' })).toBeVisible();
  await expect(phone.locator('#language option')).toHaveText(['Español', 'English']);
  await fitsWidth(phone);
  await phone.goto(`${portal(op.slug)}/signup`);
  await expect(phone.getByRole('button', { name: 'Crear mi cuenta' })).toBeVisible();
  await fitsWidth(phone);
  await snap(phone, testInfo, 'signup-spanish-phone');
  expect(errors, 'errors in the browser console').toEqual([]);
  await visitor.close();
});
