// The client README's <earshot-captions> recipe, as printed: one tag and one module script from the installed
// package's dist/, on a plain page with no build step, under the strict Content-Security-Policy every smoke app
// gets (`default-src 'self'; script-src 'self'`): the element styles itself with a constructed stylesheet, which no
// policy restricts. It names no `url`: its socket to the service is routed to the emulator.
import { expect, test } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { emulator, EXPECTED, routeServiceToEmulator, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();

let emu: Emulator;
let server: AppServer;
test.beforeAll(async () => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
  emu = await emulator();
  const env = tokenEnv(emu);
  server = await serve('node', ['common/server.cjs', 'element-app', '/node_modules=node_modules'], ws.apps, env, /listening (http:\S+)/);
});
test.afterAll(async () => {
  await server?.close();
  await emu?.close();
});

test('the element shows captions, and Stop ends the session', async ({ page }) => {
  await routeServiceToEmulator(page, emu);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  // Every file the page asks for is there (the browser's own favicon request aside).
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  const response = await page.goto(`${server.url}/`);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  // Styled under that policy (an inline <style> would be refused, and logged as a console error, caught below).
  await expect(page.locator('earshot-captions [part~="controls"]')).toHaveCSS('display', 'flex');
  await expect(page.locator('earshot-captions [part~="meter"]')).toHaveCSS('background-color', 'rgb(221, 221, 221)');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText(EXPECTED).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  expect(problems).toEqual([]);
});
