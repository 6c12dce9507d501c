// Permission denied (issue #4 §7): headless Chromium without the fake-UI flag refuses the microphone.
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack({ recognizer: 'scripted', beginDelayMs: 0 });
});
test.afterAll(async () => {
  await stack.close();
});

test('a refused microphone gives the typed permission error, and no session stays open', async ({ page }) => {
  await page.goto(`${stack.baseUrl}e2e/pages/capture.html`);
  const result = await page.evaluate(() => window.earshot.start());
  expect(result.ok).toBe(false);
  expect(result.error).toMatchObject({ name: 'CaptureError', code: 'mic_permission_denied' });
  // Whatever the token fetch had begun was cancelled or closed: nothing is left open on the service.
  await page.waitForTimeout(500);
  for (const s of stack.emulator.sessions) expect(s.closed).toBeDefined();
});

test('the example page shows the permission error as a person would read it', async ({ page }) => {
  await page.goto(`${stack.baseUrl}examples/live-captions/`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('#error')).toBeVisible();
  await expect(page.locator('#error')).toHaveText(/Microphone permission denied/);
  await expect(page.locator('#error')).toHaveAttribute('data-code', 'mic_permission_denied');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
});
