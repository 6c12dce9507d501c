// @earshot/vad's HandsFree in headless Chromium against the emulator, when the user's clicks race its work: Start
// clicked twice, and a session cancelled — by Stop, or by the silence after speech — while it is still opening.
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});
test.afterEach(() => {
  stack.emulator.faults = {};
});

test('start() twice at once (a double click): the first listens, the second is refused as Transcriber.start() is; stop() leaves nothing on', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  const outcomes = await page.evaluate(() => window.vadTest.handsFreeDoubleStart());
  expect(outcomes).toEqual(['resolved', 'rejected invalid_state']);
  expect(await page.evaluate(() => window.vadTest.liveTracks())).toBe(1);
  // The first start() is untouched: speech still opens a session.
  await expect.poll(() => page.evaluate(() => window.vadTest.events('sessionStart').length), { timeout: 30_000, intervals: [200] }).toBeGreaterThan(0);
  await page.evaluate(() => window.vadTest.stopHandsFree());
  await expect.poll(() => page.evaluate(() => window.vadTest.liveTracks())).toBe(0);
  expect(await page.evaluate(() => window.vadTest.events('error').map((e) => e.data))).toEqual([]);
});

test('stop() while a session opens after speech: no error event, nothing left on', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  stack.emulator.faults = { token: { delayMs: 20_000 } };
  await page.evaluate(() => window.vadTest.handsFree({ endAfterSilenceMs: 1000 }));
  await expect.poll(() => page.evaluate(() => window.vadTest.events('speechStart').length), { timeout: 30_000, intervals: [200] }).toBeGreaterThan(0);
  await page.evaluate(() => window.vadTest.stopHandsFree());
  await expect.poll(() => page.evaluate(() => window.vadTest.liveTracks())).toBe(0);
  expect(await page.evaluate(() => window.vadTest.events('error').map((e) => e.data))).toEqual([]);
});

test('the silence after speech ends a session still opening: no error event, and HandsFree listens on', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  stack.emulator.faults = { token: { delayMs: 20_000 } };
  await page.evaluate(() => window.vadTest.handsFree({ endAfterSilenceMs: 200 }));
  // The utterance ends, and 200 ms of silence later its session (its token still coming) is ended.
  await expect.poll(() => page.evaluate(() => window.vadTest.events('sessionEnd').length), { timeout: 30_000, intervals: [200] }).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.vadTest.events('error').map((e) => e.data))).toEqual([]);
  expect(await page.evaluate(() => window.vadTest.liveTracks())).toBe(1);
  await page.evaluate(() => window.vadTest.stopHandsFree());
});
