// (a) Vite: the dev server and the production build (served by `vite preview` under `script-src 'self'`),
// the default worklet and the README's `?url&no-inline` import; on the dev server, the READMEs' quick start and
// the VAD README's two recipes (with its Vite plugin serving vad-web's assets). The token endpoint is the README's Vite
// middleware in both.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { emulator, expectCaptions, expectWorkletFile, EXPECTED, routeServiceToEmulator, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();
const app = join(ws.apps, 'vite-app');
const vite = join(ws.apps, 'node_modules/.bin/vite');
const LOCAL = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/;

let emu: Emulator;
test.beforeAll(async () => {
  emu = await emulator();
});
test.afterAll(async () => {
  await emu?.close();
});

test.describe('vite dev server', () => {
  let server: AppServer;
  test.beforeAll(async () => {
    expect(ws.steps.install?.ok, ws.steps.install?.log).toBe(true);
    server = await serve(vite, ['--host', '127.0.0.1', '--port', '0'], app, tokenEnv(emu), LOCAL);
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('captions arrive with the default worklet', async ({ page }) => {
    await expectCaptions(page, `${server.url}/`, emu);
  });

  test('the READMEs\' quick start, as printed, logs the finals and stops', async ({ page }) => {
    // It names no `url`: its socket to the service is routed to the emulator.
    await routeServiceToEmulator(page, emu);
    const logs: string[] = [];
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? problems : logs).push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/quickstart.html`);
    await expect.poll(() => logs, { timeout: 30_000 }).toContain(EXPECTED);
    expect(logs.some((line) => line.startsWith('… '))).toBe(true); // partials while it was heard
    await page.locator('#stop').click();
    await expect(page.locator('#state')).toHaveText('stopped');
    expect(problems).toEqual([]);
  });

  /** The page's console: its logs, and its errors with any page error. */
  const consoleOf = (page: Page) => {
    const logs: string[] = [];
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? problems : logs).push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    return { logs, problems };
  };

  test('the VAD README\'s events on the Transcriber: speech stops the agent, and speechEnd says when', async ({ page }) => {
    await routeServiceToEmulator(page, emu);
    const { logs, problems } = consoleOf(page);
    await page.goto(`${server.url}/vad-events.html`);
    await expect.poll(() => logs, { timeout: 30_000 }).toContain('agent: stop talking');
    await expect.poll(() => logs.filter((l) => /^spoke \d+(\.\d+)?–\d+(\.\d+)? ms$/.test(l)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('the VAD README\'s hands-free mode: a session opens for the speech and its final is shown', async ({ page }) => {
    await routeServiceToEmulator(page, emu);
    const { logs, problems } = consoleOf(page);
    await page.goto(`${server.url}/hands-free.html`);
    await expect.poll(() => logs, { timeout: 30_000 }).toContain(`final: ${EXPECTED}`);
    expect(logs).toContain('listening: true');
    expect(problems).toEqual([]);
  });

  test('the client README\'s typed listener on <earshot-captions>: its final event\'s detail is the caption', async ({ page }) => {
    // readme.spec.ts type-checks the block; here it runs. The element names no `url`: routed to the emulator.
    await routeServiceToEmulator(page, emu);
    const { logs, problems } = consoleOf(page);
    await page.goto(`${server.url}/element.html`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => logs, { timeout: 30_000 }).toContain(`final: ${EXPECTED}`);
    await page.locator('earshot-captions').evaluate((el: HTMLElement & { stop?(): Promise<void> }) => el.stop?.());
    await expect(page.locator('earshot-captions')).toHaveAttribute('state', 'closed');
    expect(problems).toEqual([]);
  });
});

test.describe('vite build under a strict CSP', () => {
  let server: AppServer;
  test.beforeAll(async () => {
    const build = ws.steps['vite build'];
    expect(build?.ok, build?.log).toBe(true);
    server = await serve(vite, ['preview', '--host', '127.0.0.1', '--port', '0'], app, tokenEnv(emu), LOCAL);
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('the policy is on, and captions arrive with the default worklet, emitted as a file', async ({ page, request }) => {
    const response = await request.get(`${server.url}/`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expectWorkletFile(join(app, 'dist'), /^assets\/worklet-[\w-]+\.js$/);
    await expectCaptions(page, `${server.url}/`, emu);
  });

  test('captions arrive with the worklet imported from @earshot/client/worklet?url&no-inline', async ({ page }) => {
    await expectCaptions(page, `${server.url}/explicit.html`, emu);
  });
});
