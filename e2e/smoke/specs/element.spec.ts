// The client README's <earshot-captions> recipe, as printed: one tag and one module script from the installed
// package's dist/, on a plain page with no build step. Served without a Content-Security-Policy: the element
// applies an inline style, which `default-src 'self'` refuses (the client README says so). It names no `url`: its
// socket to the service is routed to the emulator.
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
  const env = { ...tokenEnv(emu), EARSHOT_NO_CSP: '1' };
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
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText(EXPECTED).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  expect(problems).toEqual([]);
});
