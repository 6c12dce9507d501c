// useHandsFree (@earshot/react/hands-free) in headless Chromium against the emulator, under StrictMode: a
// session opens when the fixture speaks, its caption shows, and Stop releases the microphone.
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});

test('useHandsFree opens a session on speech, shows its caption, and Stop releases the microphone', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/react-hands-free.html`);
  const before = stack.emulator.sessions.length;
  await page.getByRole('button', { name: 'Listen' }).click();
  await expect(page.locator('#listening')).toHaveText('listening', { timeout: 15_000 });
  // No session until someone speaks (the fixture is silent for its first 2 s).
  expect(stack.emulator.sessions.length - before).toBe(0);
  await expect(page.locator('#speaking')).toHaveText('speaking', { timeout: 15_000 });
  await expect(page.locator('#sessions')).toHaveText('1', { timeout: 10_000 });
  await expect(page.locator('p.final').first()).toHaveText('Hello world this is a test.', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('#listening')).toHaveText('off');
  await expect.poll(() => page.evaluate(() => (window as unknown as { liveTracks(): number }).liveTracks())).toBe(0);
  await Promise.all(stack.emulator.sessions.slice(before).map((s) => s.done));
  // One microphone for the detector and the session alike.
  expect(await page.evaluate(() => (window as unknown as { openedStreams(): number }).openedStreams())).toBe(1);
  await expect(page.locator('#error')).toHaveCount(0);
});
