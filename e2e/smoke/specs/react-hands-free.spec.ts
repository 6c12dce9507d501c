// @earshot/react's README useHandsFree component — the file the Next app runs (next.spec.ts), written from that
// README — on Vite's dev server, so under React's development build, which reports as console errors what a
// production build lets pass (two children with the same key). The microphone speaks three sentences five seconds
// apart: each is a hands-free session of its own, whose turns are numbered from 0 again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { chromiumWith } from '../support/browser.js';
import { emulator, routeServiceToEmulator, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

test.use({ launchOptions: chromiumWith('long-pauses.48k.wav') });

const ws = workspace();
/** The fixture's sentences as the emulator formats finals: a capital and a full stop. */
const SENTENCES = readFileSync(join(import.meta.dirname, '../../fixtures/long-pauses.txt'), 'utf8').trim().split('\n')
  .map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`);

let emu: Emulator;
let server: AppServer;
test.beforeAll(async () => {
  expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
  emu = await emulator();
  server = await serve(join(ws.apps, 'node_modules/.bin/vite'), ['--host', '127.0.0.1', '--port', '0'], join(ws.apps, 'vite-app'), tokenEnv(emu), /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/);
});
test.afterAll(async () => {
  await server?.close();
  await emu?.close();
});

test('a session per sentence, every caption shown once, and no React warning', async ({ page }) => {
  test.setTimeout(90_000);
  await routeServiceToEmulator(page, emu);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  const before = emu.sessions.length;
  await page.goto(`${server.url}/readme-hands-free.html`);
  await page.getByRole('button', { name: 'Listen' }).click();
  for (const sentence of SENTENCES.slice(0, 2)) await expect(page.getByText(sentence)).toHaveCount(1, { timeout: 30_000 });
  expect(emu.sessions.length - before, 'sessions opened').toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Listen' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(problems).toEqual([]);
});
