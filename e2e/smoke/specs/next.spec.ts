// (d) Next.js app router: a client component with the quick start, the README's client component as printed,
// another with @earshot/react's useTranscriber, the root README's token route and the server README's signed-in
// route (each minting from the emulator and refusing what the server README says); `next build` runs with no API
// key in its environment, then `next start` gets the key.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Emulator } from '../../../packages/emulator/src/index.js';
import { emulator, EXPECTED, expectCaptions, routeServiceToEmulator, tokenEnv } from '../support/captions.js';
import { serve, type AppServer } from '../support/processes.js';
import { expectTokenEndpoint } from '../support/token-endpoint.js';
import { workspace } from '../support/workspace.js';

const ws = workspace();
const app = join(ws.apps, 'next-app');

/** A port the OS says is free (`next start` prints the port it was given, not the one it got, for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let emu: Emulator;
let server: AppServer;
test.beforeAll(async () => {
  emu = await emulator();
});
test.afterAll(async () => {
  await server?.close();
  await emu?.close();
});

test('next build succeeds with no API key in the environment', () => {
  const build = ws.steps['next build'];
  expect(build?.ok, build?.log).toBe(true);
});

test.describe('next start', () => {
  let origin: string;
  test.beforeAll(async () => {
    expect(ws.steps['next build']?.ok, 'next build').toBe(true);
    const port = await freePort();
    server = await serve(join(ws.apps, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], app, tokenEnv(emu), /Local:\s+(http:\S+)/);
    origin = `http://127.0.0.1:${port}`;
  });

  test('the client component shows captions, with tokens from the route', async ({ page }) => {
    await expectCaptions(page, `${origin}/`, emu);
  });

  test('@earshot/react\'s useTranscriber shows captions', async ({ page }) => {
    await expectCaptions(page, `${origin}/react`, emu);
  });

  test('the README\'s client component, as printed, shows captions', async ({ page }) => {
    // It names no `url`: its socket to the service is routed to the emulator.
    await routeServiceToEmulator(page, emu);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${origin}/readme`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByText(EXPECTED).first()).toBeVisible({ timeout: 30_000 });
    expect(problems).toEqual([]);
  });

  test('@earshot/react\'s README quick start, as printed, shows captions', async ({ page }) => {
    await routeServiceToEmulator(page, emu);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${origin}/readme-react`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByText(EXPECTED).first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
    // The component's own alert (Next's route announcer is one too, outside it).
    expect(await page.locator('section [role=alert]').allTextContents(), 'the error the component shows').toEqual([]);
    expect(problems).toEqual([]);
  });

  test('@earshot/react\'s README useHandsFree component, as printed: a session for the speech, and its caption', async ({ page }) => {
    await routeServiceToEmulator(page, emu);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${origin}/readme-hands-free`);
    await page.getByRole('button', { name: 'Listen' }).click();
    await expect(page.getByText(EXPECTED).first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('button', { name: 'Listen' })).toBeVisible();
    expect(await page.locator('div [role=alert]').allTextContents(), 'the error the component shows').toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the README\'s client component shows why start() failed, with no unhandled rejection', async ({ page }) => {
    // The token endpoint unreachable (the connection refused): start() rejects with token_network.
    await page.route('**/api/token', (route) => route.abort('connectionrefused'));
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${origin}/readme`);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByText(/^token_network: /)).toBeVisible();
    expect(problems).toEqual([]);
  });

  // Both routes set trustProxy: each check comes from its own X-Forwarded-For address (a bucket of its own).
  test('the root README\'s token route mints from the emulator and refuses what the server README says', async () => {
    await expectTokenEndpoint(`${origin}/api/token`, emu, { always: { 'x-forwarded-for': '203.0.113.1' } });
  });

  test('the server README\'s signed-in route mints only for a signed-in user, and refuses the rest', async () => {
    await expectTokenEndpoint(`${origin}/api/signed-in/token`, emu, {
      always: { 'x-forwarded-for': '203.0.113.2' },
      signedIn: { cookie: 'session=a-user' },
    });
  });
});
