// @earshot/vad in headless Chromium (issue #6): vad-web offline on Earshot's shared microphone, with a
// fixture of three utterances 5 s apart as the fake microphone.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readWavSamples } from '../support/audio.js';
import { FIXTURES, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ beginDelayMs: 300 });
});
test.afterAll(async () => {
  await stack.close();
});

test('explore', async ({ page }) => {
  test.setTimeout(60_000);
  page.on('console', (m) => console.log('page:', m.text()));
  page.on('response', (r) => r.status() >= 400 && console.log('HTTP', r.status(), r.url()));
  await page.goto(`${stack.baseUrl}e2e/pages/vad.html`);
  const r = await page.evaluate(() => window.vadTest.attach());
  console.log('attach', r);
  await page.waitForTimeout(25_000);
  console.log(JSON.stringify(await page.evaluate(() => window.vadTest.log.map((l) => [l.event, l.data]))));
  await page.evaluate(() => window.vadTest.stop());
});
