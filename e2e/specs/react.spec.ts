// @earshot/react in headless Chromium against the emulator: the React example page shows captions, and under
// StrictMode mount → unmount → remount (and a fast remount) there is one session at a time and no microphone
// left on.
import { expect, test } from '@playwright/test';
import { fixtureCaptions, startStack, type Stack } from '../support/stack.js';

const FORMATTED = fixtureCaptions('two-sentences');

let stack: Stack;
test.beforeAll(async () => {
  // Begin after 300 ms (not the live service's 1.2 s): these tests open five sessions.
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});

test('the React example shows live captions of what was said, and permission granted', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/react/`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('#state')).toHaveText('open', { timeout: 10_000 });
  // useMicrophones follows the permission the browser just gave.
  await expect(page.locator('.permission')).toHaveText('microphone: granted');
  // The first sentence settles (the second would only take the test longer).
  await expect(page.locator('#captions p.final').first()).toHaveText(FORMATTED[0]!, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.locator('#state')).toHaveText('closed');
  // Stopping keeps what was said.
  await expect(page.locator('#captions p.final').first()).toHaveText(FORMATTED[0]!);
  await expect(page.locator('#error')).toHaveCount(0);
});

test('StrictMode mount, unmount and remount: one session at a time, and no microphone left on', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/react-lifecycle.html`);
  const before = stack.emulator.sessions.length;
  const ours = () => stack.emulator.sessions.slice(before);
  // Sampled all along: how many of the page's sessions were open at once.
  let mostOpen = 0;
  const sampler = setInterval(() => (mostOpen = Math.max(mostOpen, ours().filter((s) => !s.closed).length)), 5);
  try {
    // StrictMode mounts, unmounts and mounts again: exactly one session opens, and one microphone.
    await page.evaluate(() => window.reactTest.mount());
    await expect(page.locator('#state')).toHaveText('open', { timeout: 10_000 });
    // A second of re-renders, each with a new options object: still that one session.
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => window.reactTest.renders())).toBeGreaterThan(8);
    expect(ours()).toHaveLength(1);
    expect(await page.evaluate(() => window.reactTest.openedStreams())).toBe(1);
    expect(await page.evaluate(() => window.reactTest.liveTracks())).toBe(1);

    // Unmount: the session ends and the microphone is released.
    await page.evaluate(() => window.reactTest.unmount());
    await expect.poll(() => page.evaluate(() => window.reactTest.liveTracks())).toBe(0);
    await ours()[0]!.done;

    // Mount again, then unmount and mount a new component in the same task.
    await page.evaluate(() => window.reactTest.mount());
    await expect(page.locator('#state')).toHaveText('open', { timeout: 10_000 });
    await page.evaluate(() => window.reactTest.remount());
    await expect.poll(() => ours().length, { timeout: 10_000 }).toBe(3);
    await expect(page.locator('#state')).toHaveText('open', { timeout: 10_000 });
    expect(await page.evaluate(() => window.reactTest.liveTracks())).toBe(1);
    expect(ours().filter((s) => !s.closed)).toHaveLength(1);

    await page.evaluate(() => window.reactTest.unmount());
    await expect.poll(() => page.evaluate(() => window.reactTest.liveTracks())).toBe(0);
    await Promise.all(ours().map((s) => s.done));
    expect(await page.evaluate(() => window.reactTest.openedStreams())).toBe(3);
  } finally {
    clearInterval(sampler);
  }
  expect(mostOpen).toBe(1);
});
